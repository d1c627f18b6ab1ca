"""Hypothesis settings for the whole suite, loaded by tests/conftest.py.

The suite runs in parallel (`-n auto`) on machines that are busy with other
work, so nothing may hinge on wall-clock time: no deadline per example and no
"too slow" health check (performance is measured in bench/, never in tests).

Profiles, chosen by HYPOTHESIS_PROFILE (default: "ci" when CI is set, else "dev"):
- dev: new random examples every run, failures remembered in .hypothesis/
  and tried first next time;
- ci: the same examples every run (derandomize) and no example database, so
  a red CI run is red again when run again, and the run writes no files.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# A test that lists its own suppressed health checks replaces this list, so it
# adds these to its own: `suppress_health_check=[..., *SUITE_SUPPRESSED]`.
SUITE_SUPPRESSED = [HealthCheck.too_slow]

settings.register_profile("dev", deadline=None, suppress_health_check=SUITE_SUPPRESSED)
settings.register_profile("ci", parent=settings.get_profile("dev"), derandomize=True, database=None)


def load_profile() -> str:
    default = "ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev"
    name = os.environ.get("HYPOTHESIS_PROFILE") or default
    settings.load_profile(name)
    return name
