"""JSON API of members: only people of the caller's subtrees."""

import datetime

from ninja import Router, Schema

from chibo.accounts import scope

from . import selectors
from .models import Person

router = Router()


class PersonOut(Schema):
    id: int
    full_name: str
    unit_id: int
    status: str
    gender: str
    birth_year: int | None
    joined_on: datetime.date | None
    full_member_on: datetime.date | None


@router.get("/people", response=list[PersonOut], url_name="people")
def list_people(request, q: str = "", unit: int | None = None, limit: int = 100, offset: int = 0):
    limit = max(1, min(limit, 500))
    people = selectors.search_people(request.user, q) if q else selectors.visible_people(request.user)
    if unit is not None:
        people = people.filter(unit_id=unit)
    return list(people.order_by("name_folded", "id")[offset : offset + limit])


@router.get("/people/{person_id}", response=PersonOut, url_name="person")
def get_person(request, person_id: int):
    return scope.get_visible(request.user, Person, pk=person_id)
