from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo organisation for `manage.py seed_demo`.

    The top floor: it fills every app's tables (contacts, survey invitations…),
    so it may import all of them, and nothing imports it.
    """

    name = "demo"
    verbose_name = _("Demo data")
