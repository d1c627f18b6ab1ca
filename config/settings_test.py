"""Settings for the test suite: the real settings, with test-only speed-ups."""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: E402, F403

# Hashing passwords properly is deliberately slow; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Live-server threads (browser tests) must not keep their connections open,
# or PostgreSQL refuses to drop the test database at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# pytest-django runs the tests with DEBUG off, which would make WhiteNoise
# look for collected files that a fresh checkout does not have; serve static
# files from the finders, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
