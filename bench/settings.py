"""The production settings, as the benchmark needs them: DEBUG off, the test client's host allowed.

DEBUG off matters: with it on, Django keeps every query in memory and the
templates check more, which is not what production pays.
"""

import os
import secrets

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.settings import *  # noqa: E402, F403

# Static files are not collected for the benchmark; the manifest storage would refuse the pages.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
