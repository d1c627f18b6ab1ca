"""The load test's settings (production, cheap benchmark passwords), with the export benchmark's URLconf."""

from bench.load.settings import *  # noqa: F403

ROOT_URLCONF = "bench.export.urls"
