"""The benchmarks' URLconfs answer errors with the app's own pages.

Under load a database that restarts must be the app's 503 with Retry-After,
as behind the app's URLconf, not Django's bare 500 page.
"""

from importlib import import_module

import pytest

import config.urls

HANDLERS = ("handler400", "handler403", "handler404", "handler500")


@pytest.mark.parametrize("urlconf", ["bench.load.urls", "bench.export.urls"])
def test_the_benchmarks_urlconfs_use_the_apps_error_pages(urlconf):
    module = import_module(urlconf)
    assert {name: getattr(module, name, None) for name in HANDLERS} == {
        name: getattr(config.urls, name) for name in HANDLERS
    }
