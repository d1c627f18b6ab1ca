from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organisation for `manage.py seed_demo`.

    The top floor: it fills every app's tables (contacts, survey invitations…),
    so it may import all of them, and nothing imports it.
    """

    name = "demo"
    verbose_name = "Demo data"
