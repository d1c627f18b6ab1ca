from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Customer surveys")

    def ready(self) -> None:
        # moments asks for invitations through this registry, never by
        # importing surveys: the app floors only look down.
        from moments.rating_requests import register_provider
        from moments.rollup import register_contribution
        from surveys.provider import InvitationRollup, SurveyRatingRequests

        register_provider(SurveyRatingRequests())
        # The dashboards' daily rollup counts invitations too; moments asks
        # here what a contact's invitation adds before deleting or moving it.
        register_contribution(InvitationRollup())
