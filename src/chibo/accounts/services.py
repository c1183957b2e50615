"""Account changes and login throttling."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .audit import record
from .models import LoginAttempt, Role, User


def login_blocked(username: str, ip: str | None) -> bool:
    """Too many recent failures for this username or this address."""
    since = timezone.now() - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginAttempt.objects.filter(at__gte=since)
    limit = settings.LOGIN_FAILURE_LIMIT
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    return bool(ip) and recent.filter(ip=ip).count() >= limit * 4


def note_login_failure(username: str, ip: str | None) -> None:
    LoginAttempt.objects.create(username=username.lower(), ip=ip or None)


def clear_login_failures(username: str) -> None:
    LoginAttempt.objects.filter(username=username.lower()).delete()


@transaction.atomic
def do_create_user(username: str, password: str, *, actor=None, roles=(), **fields) -> User:
    """Create a user with roles given as (unit, kind) pairs."""
    user = User.objects.create_user(username=username, password=password, **fields)
    for unit, kind in roles:
        Role.objects.create(user=user, unit=unit, kind=kind)
    record(actor, "accounts.create_user", user, roles=[[u.pk, k] for u, k in roles])
    return user


@transaction.atomic
def do_grant_role(user: User, unit, kind: str, *, actor=None) -> Role:
    role, _ = Role.objects.get_or_create(user=user, unit=unit, kind=kind)
    record(actor, "accounts.grant_role", role, unit=unit, user=user.pk, kind=kind)
    user.__dict__.pop("_chibo_role_units", None)
    return role
