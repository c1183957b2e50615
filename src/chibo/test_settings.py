"""Settings for the test suite: the production settings with a throwaway key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "chibo-test-suite-key-not-secret")

from chibo.settings import *  # noqa: E402,F403
from chibo.settings import TASKS  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
TASKS = {**TASKS, "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database. The live server of the browser tests answers
    # several requests at once (a page, its service worker's background fetches), and one in-memory
    # connection shared by those threads fails with "bad parameter or other API misuse"; with a file
    # every thread has its own connection and SQLite does the locking. The file is named by process, so
    # that two runs in one checkout (or xdist's workers) never share one; the runner deletes it at the end.
    VAR_DIR.mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA busy_timeout=20000;"
    )
