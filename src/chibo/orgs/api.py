"""JSON API of the organisation tree: every answer limited to the caller's scope."""

import datetime

from ninja import Router, Schema

from chibo.accounts import scope

from . import selectors
from .models import Unit

router = Router()


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str
    kind_display: str
    depth: int
    parent_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    children: int

    @staticmethod
    def resolve_kind_display(obj: Unit) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent_id(obj: Unit) -> int | None:
        parent_path = obj.path[: -obj.steplen]
        if not parent_path:
            return None
        return Unit.objects.filter(path=parent_path).values_list("id", flat=True).first()

    @staticmethod
    def resolve_children(obj: Unit) -> int:
        return obj.numchild


@router.get("/units", response=list[UnitOut], url_name="units")
def list_units(request, q: str = "", parent: int | None = None, limit: int = 100):
    """Units in scope: the roots of the caller's scope, a parent's children, or a name search."""
    limit = max(1, min(limit, 500))
    if q:
        return list(selectors.search_units(request.user, q, limit=limit))
    if parent is not None:
        unit = scope.get_visible(request.user, Unit, pk=parent)
        return list(selectors.children_with_counts(request.user, unit)[:limit])
    return scope.role_units(request.user) or list(Unit.get_root_nodes()[:1] if request.user.is_superuser else [])


@router.get("/units/{unit_id}", response=UnitOut, url_name="unit")
def get_unit(request, unit_id: int):
    return scope.get_visible(request.user, Unit, pk=unit_id)


@router.get("/units/{unit_id}/ancestors", response=list[UnitOut], url_name="unit_ancestors")
def unit_ancestors(request, unit_id: int):
    unit = scope.get_visible(request.user, Unit, pk=unit_id)
    return [a for a in unit.ancestors() if scope.can_see_unit(request.user, a)]
