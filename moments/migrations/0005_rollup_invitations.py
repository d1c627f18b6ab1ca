"""The response rate joins the daily rollup: invitations sent and answered per row.

Measured at a million contacts, counting the invitations of a month by
joining contacts to invitations took about 200 ms of the overview's 300; from
the rollup it is part of the query the overview runs anyway.

Invitations live in surveys, which moments never imports, so this migration
cannot count the existing ones: run `manage.py rollup_rebuild` once after it
on a database that already holds invitations.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("moments", "0004_contact_day_rollup")]

    operations = [
        migrations.AddField(
            model_name="contactdayrollup",
            name="invitations_sent",
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name="contactdayrollup",
            name="invitations_answered",
            field=models.IntegerField(default=0),
        ),
    ]
