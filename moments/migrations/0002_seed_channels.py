"""The channels every organisation starts with; admins add, rename or retire them."""

from django.db import migrations

CHANNELS = [
    ("Phone call", "The customer calls us or we call them.", "email"),
    ("Visit", "A representative visits the customer, or the customer visits us by appointment.", "link"),
    ("Claim", "The customer files a complaint or an administrative claim.", "email"),
    ("Technical request", "A request for technical help, on site or remote.", "email"),
    ("E-mail", "A request or answer handled by e-mail.", "email"),
    ("In-store", "The customer is served at a counter or in a shop.", "kiosk"),
]


def create_channels(apps, schema_editor):
    Channel = apps.get_model("moments", "Channel")
    for name, description, rating_method in CHANNELS:
        Channel.objects.get_or_create(
            name=name, defaults={"description": description, "default_rating_method": rating_method}
        )


class Migration(migrations.Migration):
    dependencies = [("moments", "0001_initial")]

    operations = [migrations.RunPython(create_channels, migrations.RunPython.noop)]
