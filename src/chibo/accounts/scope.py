"""The one scope rule: a user acts only within the subtrees of the units where they hold a role.

Every view, API endpoint, export and search filters through `visible()` (or `get_visible()`),
and every write checks `can_manage()`. Nothing else turns roles into visible records.

A model opts in by naming the path to its unit::

    class Document(models.Model):
        scope_unit_field = "owner"                 # FK to orgs.Unit
        @classmethod
        def scope_public_q(cls): ...               # optional: records anyone may read

A superuser sees everything. An anonymous user sees only what `scope_public_q` allows.
"""

from collections.abc import Iterable

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chibo.orgs.models import Unit, subtree_q

from .models import MANAGING_ROLES, Role, active_role_q


def role_units(user, kinds: Iterable[str] | None = None) -> list[Unit]:
    """The units at which `user` holds an active role (of `kinds`, when given), cached per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cache = user.__dict__.setdefault("_chibo_role_units", {})
    key = tuple(sorted(kinds)) if kinds else None
    if key not in cache:
        roles = Role.objects.filter(user=user).filter(active_role_q(timezone.localdate()))
        if kinds:
            roles = roles.filter(kind__in=list(kinds))
        units = [r.unit for r in roles.select_related("unit").order_by("unit__path")]
        # A role under another role's unit adds nothing: keep the outermost roots.
        roots: list[Unit] = []
        for unit in units:
            if not any(unit.path.startswith(root.path) for root in roots):
                roots.append(unit)
        cache[key] = roots
    return cache[key]


def _unit_prefix(model) -> str:
    field = getattr(model, "scope_unit_field", None)
    if field is None:
        if model is Unit:
            return ""
        raise TypeError(f"{model.__name__} has no scope_unit_field: it cannot be scoped")
    return f"{field}__"


def scope_q(user, model, *, kinds: Iterable[str] | None = None, include_public: bool = True) -> Q | None:
    """The Q that restricts `model` to `user`'s scope, or None when nothing restricts it."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    prefix = _unit_prefix(model)
    q = subtree_q(role_units(user, kinds), prefix=prefix)
    public = getattr(model, "scope_public_q", None)
    if include_public and public is not None:
        q |= public()
    return q


def visible(user, model_or_qs, *, kinds: Iterable[str] | None = None, include_public: bool = True) -> QuerySet:
    """Records of a model (or queryset) that `user` may see.

    `kinds` narrows to roles of those kinds (e.g. MANAGING_ROLES for lists of things to act on).
    """
    qs = model_or_qs.all() if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    q = scope_q(user, qs.model, kinds=kinds, include_public=include_public)
    return qs if q is None else qs.filter(q)


def get_visible(user, model_or_qs, *, include_public: bool = True, **lookup) -> Model:
    """One record the user may see, or 404: out of scope looks the same as absent.

    `include_public=False` for staff pages that act on a record: a published record of another
    unit is readable on the public site, not in this unit's register.
    """
    qs = visible(user, model_or_qs, include_public=include_public)
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, qs.model.MultipleObjectsReturned, ValueError) as exc:
        raise Http404 from exc


def can_manage(user, unit: Unit, kinds: Iterable[str] = MANAGING_ROLES) -> bool:
    """Whether `user` holds a managing role at `unit` or one of its ancestors."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(unit.path.startswith(root.path) for root in role_units(user, kinds))


def can_see_unit(user, unit: Unit) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(unit.path.startswith(root.path) for root in role_units(user))


def home_unit(user) -> Unit | None:
    """The unit a user's pages open on: the highest unit where they hold a role."""
    roots = role_units(user)
    if roots:
        return min(roots, key=lambda u: (u.depth, u.path))
    if getattr(user, "is_superuser", False):
        return Unit.get_root_nodes().first()
    return None
