"""Reads of people, always through the scope helper."""

from django.db.models import Q
from django.utils import timezone

from chibo.accounts import scope
from chibo.text import fold

from .models import Person, Position


def visible_people(user):
    return scope.visible(user, Person)


def people_of_unit(user, unit):
    return visible_people(user).filter(unit=unit).order_by("name_folded", "id")


def staff_of_unit(user, unit):
    today = timezone.localdate()
    return (
        scope.visible(user, Position)
        .filter(unit=unit)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .select_related("person")
        .order_by("title")
    )


def search_people(user, text: str):
    qs = visible_people(user)
    for word in fold(text).split():
        qs = qs.filter(name_folded__contains=word)
    return qs.select_related("unit")
