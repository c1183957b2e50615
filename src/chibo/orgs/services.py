"""Changes to the organisation tree. Each keeps history: nothing is deleted or renamed in place."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chibo.accounts.audit import record

from .models import Unit, UnitEvent, UnitEventKind


@transaction.atomic
def do_create_unit(parent: Unit | None, *, name: str, kind: str, actor=None, **fields) -> Unit:
    """Found a unit under `parent` (a root when None)."""
    unit = Unit(name=name, kind=kind, **fields)
    unit = Unit.add_root(instance=unit) if parent is None else parent.add_child(instance=unit)
    UnitEvent.objects.create(
        unit=unit, kind=UnitEventKind.CREATED, on=unit.valid_from or datetime.date.today(), new_parent=parent
    )
    record(actor, "orgs.create_unit", unit, unit=unit)
    return unit


@transaction.atomic
def do_rename_unit(unit: Unit, *, name: str, on: datetime.date, short_name: str | None = None, code: str | None = None, actor=None) -> Unit:
    """Rename a unit; the old name stays in its history."""
    UnitEvent.objects.create(unit=unit, kind=UnitEventKind.RENAMED, on=on, old_name=unit.name)
    unit.name = name
    if short_name is not None:
        unit.short_name = short_name
    if code is not None:
        unit.code = code
    unit.save()
    record(actor, "orgs.rename_unit", unit, old_name=unit.name)
    return unit


def _check_move(unit: Unit, new_parent: Unit) -> None:
    if new_parent.path.startswith(unit.path):
        raise ValidationError(_("Không thể chuyển một tổ chức vào chính nó hoặc tổ chức cấp dưới của nó."))


@transaction.atomic
def do_move_unit(unit: Unit, new_parent: Unit, *, on: datetime.date, actor=None, note: str = "") -> Unit:
    """Place `unit` (with its whole subtree) under `new_parent`; the old place stays in history."""
    _check_move(unit, new_parent)
    old_parent = unit.get_parent()
    unit.move(new_parent, "last-child")
    unit.refresh_from_db()
    UnitEvent.objects.create(
        unit=unit, kind=UnitEventKind.MOVED, on=on, old_parent=old_parent, new_parent=new_parent, note=note
    )
    record(actor, "orgs.move_unit", unit, old_parent=old_parent.pk if old_parent else None, new_parent=new_parent.pk)
    return unit


@transaction.atomic
def do_dissolve_unit(unit: Unit, *, on: datetime.date, actor=None, children_to: Unit | None = None, note: str = "") -> Unit:
    """End a unit on `on`. Its current children move to `children_to`, or end with it.

    The dissolved unit stays where it was, under its old name, so its records stay readable.
    """
    if unit.valid_to is not None:
        raise ValidationError(_("Tổ chức này đã kết thúc hoạt động từ %(date)s.") % {"date": f"{unit.valid_to:%d/%m/%Y}"})
    children = list(unit.get_children().current(on))
    for child in children:
        if children_to is not None:
            do_move_unit(child, children_to, on=on, actor=actor, note=_("Chuyển khi giải thể %(name)s") % {"name": unit.name})
        else:
            do_dissolve_unit(child, on=on, actor=actor, note=note)
    unit.refresh_from_db()
    unit.valid_to = on
    unit.save(update_fields=["valid_to"])
    UnitEvent.objects.create(unit=unit, kind=UnitEventKind.DISSOLVED, on=on, note=note)
    record(actor, "orgs.dissolve_unit", unit, on=on.isoformat())
    return unit


@transaction.atomic
def do_merge_units(sources: list[Unit], into: Unit, *, on: datetime.date, actor=None, note: str = "") -> Unit:
    """Merge `sources` into `into` on `on` (the 2025 provincial and commune mergers).

    Current children of each source move to `into`; each source ends, names `into` as its
    successor and is kept as a historical child of `into`, so users of the merged unit see the
    records of the units it absorbed, under their old names.
    """
    for source in sources:
        source.refresh_from_db()
        if source.pk == into.pk:
            raise ValidationError(_("Không thể hợp nhất một tổ chức vào chính nó."))
        _check_move(source, into)
        for child in list(source.get_children().current(on)):
            do_move_unit(child, into, on=on, actor=actor, note=_("Hợp nhất %(name)s") % {"name": source.name})
        source.refresh_from_db()
        into.refresh_from_db()
        old_parent = source.get_parent()
        source.move(into, "last-child")
        source.refresh_from_db()
        source.valid_to = on
        source.successor = into
        source.save(update_fields=["valid_to", "successor"])
        UnitEvent.objects.create(
            unit=source, kind=UnitEventKind.MERGED, on=on, old_parent=old_parent, new_parent=into, successor=into, note=note
        )
        record(actor, "orgs.merge_unit", source, into=into.pk, on=on.isoformat())
    into.refresh_from_db()
    return into
