"""The database comes from DATABASE_URL; unset or empty means the embedded SQLite file."""

import os
import subprocess
import sys

import pytest

PRINT_ENGINE = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='chibo.settings'; django.setup(); "
                "from django.conf import settings; d=settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])")


def _engine(database_url):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DEBUG": "1"}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    result = subprocess.run([sys.executable, "-c", PRINT_ENGINE], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("database_url", [None, ""])
def test_no_database_url_means_the_sqlite_file_under_var(database_url):
    engine, name = _engine(database_url)
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("var/chibo.sqlite3")


def test_a_postgres_url_selects_postgresql():
    engine, name = _engine("postgres://chibo:secret@db.example:5432/chibo")
    assert (engine, name) == ("django.db.backends.postgresql", "chibo")
