"""Indexes for the dashboards' row-level reads.

The dashboards' figures come from the daily rollup (0004); what still reads
contacts one by one is the newest-first lists behind them: the latest
memorable moments of a contact point or a channel, and the contact list a
figure drills down to. The existing indexes cover a representative's and a
department's contacts by date, and all contacts by date.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("moments", "0002_seed_channels")]

    operations = [
        # A contact point's page lists its latest 1s and 5s and drills down to
        # /contacts/?contact_point=…: without this the database walks every
        # contact of the period (all contact points) newest first to find a
        # quiet contact point's few.
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["contact_point", "-occurred_at"], name="contact_point_occurred_idx"),
        ),
        # The same for a channel's page and /contacts/?channel=…; replaces the
        # plain channel_id index in those plans, which cannot give date order.
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["channel", "-occurred_at"], name="contact_channel_occurred_idx"),
        ),
    ]
