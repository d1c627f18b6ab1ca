"""The benchmark's production settings, with the load test's own URLconf and cheap staff passwords.

The URLconf adds the bare-insert baseline (bench/load/urls.py); the app's
own URLconf never carries it. The simulated staff log in once each, for
real, through the login page; their passwords are stored with a cheap
hasher so that fifty logins do not spend a minute of CPU before the run
starts. Everyone else's passwords still verify with the default hashers.
"""

import os

os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from django.conf import global_settings  # noqa: E402

from bench.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.load.urls"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *global_settings.PASSWORD_HASHERS,
]
