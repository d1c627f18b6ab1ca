from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    """Closing the loop: recovering customers after poor moments, corrective actions and training."""

    name = "improvement"
    verbose_name = _("Improvement")
