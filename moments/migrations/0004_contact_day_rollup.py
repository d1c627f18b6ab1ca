"""The dashboards' daily rollup: one row per local day, contact point, representative and customer kind.

At a million contacts the overview's aggregates over one month joined
contacts to ratings for about a second (measured with bench/); indexes cannot
avoid reading every contact and rating of the period. The rollup holds about
a tenth of the rows and needs no join. See moments/rollup.py.

The indexes, one per way the dashboards narrow a period:
- day: an admin's pages (everything in a period);
- department, day: a manager's pages (the departments they manage);
- representative, day: a representative's page and staff's own figures;
- contact point, day: a contact point's page;
- channel, day: a channel's page.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

KEY_FIELDS = ("day", "contact_point_id", "channel_id", "department_id", "representative_id", "customer_kind")
OUTCOMES = ("resolved", "follow_up", "referred", "unresolved")


def fill_rollup(apps, schema_editor):
    """Existing contacts and ratings, added up as the application will keep them from now on."""
    Contact = apps.get_model("moments", "Contact")
    ContactDayRollup = apps.get_model("moments", "ContactDayRollup")
    grouped = (
        Contact.objects.using(schema_editor.connection.alias)
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_default_timezone()))
        .values(*KEY_FIELDS)
        .annotate(
            contacts=Count("id"),
            **{f"outcome_{outcome}": Count("id", filter=Q(outcome=outcome)) for outcome in OUTCOMES},
            timed_contacts=Count("duration_minutes"),
            duration_minutes_total=Coalesce(Sum("duration_minutes"), 0, output_field=models.BigIntegerField()),
            **{f"score_{score}": Count("id", filter=Q(rating__score=score)) for score in range(1, 6)},
        )
        .order_by()
    )
    batch = []
    for row in grouped.iterator(chunk_size=2000):
        batch.append(ContactDayRollup(**row))
        if len(batch) == 2000:
            ContactDayRollup.objects.using(schema_editor.connection.alias).bulk_create(batch)
            batch = []
    ContactDayRollup.objects.using(schema_editor.connection.alias).bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("moments", "0003_dashboard_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactDayRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(help_text="The contact's local date in the configured TIME_ZONE.")),
                (
                    "customer_kind",
                    models.CharField(
                        choices=[("current", "Current customer"), ("prospect", "Prospect")], max_length=10
                    ),
                ),
                ("contacts", models.IntegerField(default=0)),
                ("outcome_resolved", models.IntegerField(default=0)),
                ("outcome_follow_up", models.IntegerField(default=0)),
                ("outcome_referred", models.IntegerField(default=0)),
                ("outcome_unresolved", models.IntegerField(default=0)),
                ("timed_contacts", models.IntegerField(default=0, help_text="Contacts with a duration.")),
                ("duration_minutes_total", models.BigIntegerField(default=0)),
                ("score_1", models.IntegerField(default=0)),
                ("score_2", models.IntegerField(default=0)),
                ("score_3", models.IntegerField(default=0)),
                ("score_4", models.IntegerField(default=0)),
                ("score_5", models.IntegerField(default=0)),
                (
                    "channel",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="moments.channel",
                    ),
                ),
                (
                    "contact_point",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="moments.contactpoint",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.department",
                    ),
                ),
                (
                    "representative",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["day"], name="rollup_day_idx"),
                    models.Index(fields=["department", "day"], name="rollup_dept_day_idx"),
                    models.Index(fields=["representative", "day"], name="rollup_rep_day_idx"),
                    models.Index(fields=["contact_point", "day"], name="rollup_point_day_idx"),
                    models.Index(fields=["channel", "day"], name="rollup_channel_day_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("department__isnull", False)),
                        fields=("day", "contact_point", "representative", "customer_kind", "channel", "department"),
                        name="rollup_one_row_per_key",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("department__isnull", True)),
                        fields=("day", "contact_point", "representative", "customer_kind", "channel"),
                        name="rollup_one_row_per_key_no_department",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill_rollup, migrations.RunPython.noop),
    ]
