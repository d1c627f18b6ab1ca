"""Recompute the dashboards' daily rollup from the contacts and ratings."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from moments.rollup import rollup_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the daily rollup the dashboards read, from every contact and rating. "
        "Run it after loading contacts behind the application's back or after changing TIME_ZONE."
    )

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        rows = rollup_rebuild()
        self.stdout.write(f"Daily rollup rebuilt: {rows} rows in {time.perf_counter() - started:.1f} s.")
