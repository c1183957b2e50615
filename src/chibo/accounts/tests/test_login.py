"""Login: Argon2 in production, throttled after repeated failures, secret key enforced."""

import os
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

from chibo.core.testing import make_user


def _post(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_throttled_after_five_failures(db, client):
    make_user(None, username="thu")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = _post(client, "thu", "sai")
        assert "không đúng" in response.text
    blocked = _post(client, "thu", "mat-khau-thu-nghiem")
    assert "quá nhiều lần" in blocked.text
    assert "_auth_user_id" not in client.session


def test_successful_login_clears_failures(db, client):
    make_user(None, username="thu2")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _post(client, "thu2", "sai")
    response = _post(client, "thu2", "mat-khau-thu-nghiem")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_production_settings_hash_with_argon2():
    import importlib

    import chibo.settings

    assert importlib.reload(chibo.settings).PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def _start(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}} | env_overrides
    return subprocess.run([sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='chibo.settings'; django.setup(); "
                           "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"],
                          env=env, capture_output=True, text=True)


def test_refuses_to_start_with_debug_off_and_the_default_secret_key():
    result = _start({})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_secure_cookies_when_debug_is_off():
    result = _start({"SECRET_KEY": "a-real-secret-for-this-test"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_admin_is_for_superusers_only(tree, client_as):
    staff = make_user(tree.province, username="nhanvien", is_staff=True)
    assert client_as(staff).get("/quan-tri/").status_code == 302
    root = make_user(None, username="sieu", is_superuser=True, is_staff=True)
    assert client_as(root).get("/quan-tri/").status_code == 200
