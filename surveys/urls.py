from django.urls import path

from surveys.views import public, staff

urlpatterns = [
    # The customer's link: short, so it fits on a receipt and in a QR code.
    path("r/<str:token>/", public.survey_respond, name="survey_respond"),
    path("r/<str:token>/thanks/", public.survey_thanks, name="survey_thanks"),
    path("contacts/<int:pk>/invite/", staff.invite, name="survey_invite"),
    path("contacts/<int:pk>/invitation/", staff.invitation_show, name="survey_invitation_show"),
    path("contacts/<int:pk>/invitation/print/", staff.invitation_print, name="survey_invitation_print"),
    path("contacts/<int:pk>/invitation/renew/", staff.invitation_renew_view, name="survey_invitation_renew"),
    path("contacts/<int:pk>/kiosk/", staff.kiosk, name="survey_kiosk"),
    path("contacts/<int:pk>/kiosk/thanks/", staff.kiosk_thanks, name="survey_kiosk_thanks"),
]
