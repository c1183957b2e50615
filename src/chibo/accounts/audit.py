"""Recording the audit log: every service that changes state calls `record` in its transaction."""

from django.db.models import Model

from .models import AuditEvent


def record(actor, action: str, obj: Model | None = None, *, unit=None, summary: str = "", **data) -> AuditEvent:
    """Write one audit row: who (`actor`), what (`action`, `obj`), where (`unit`)."""
    if unit is None and obj is not None:
        field = getattr(type(obj), "scope_unit_field", None)
        if field and "__" not in field:
            unit = getattr(obj, field, None)
        elif type(obj).__name__ == "Unit":
            unit = obj
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        unit=unit,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary or (str(obj)[:500] if obj is not None else ""),
        data=data,
    )
