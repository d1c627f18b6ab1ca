from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Customer surveys"

    def ready(self) -> None:
        # moments asks for invitations through this registry, never by
        # importing surveys: the app floors only look down.
        from moments.rating_requests import register_provider
        from surveys.provider import SurveyRatingRequests

        register_provider(SurveyRatingRequests())
