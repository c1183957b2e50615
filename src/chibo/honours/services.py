"""Recording and publishing exemplary models."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from chibo.accounts import scope
from chibo.accounts.audit import record

from .models import ExemplaryModel, ExemplaryPhoto


@transaction.atomic
def do_record_exemplary_model(unit, *, actor, **fields) -> ExemplaryModel:
    """Ghi nhận một điển hình, mô hình của `unit` (the recognising committee or a unit below it)."""
    if actor is not None and not scope.can_manage(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận điển hình cho tổ chức này."))
    if fields.get("decision_notation") and fields.get("decision_document") is None:
        fields["decision_document"] = _find_document(actor, fields["decision_notation"])
    model = ExemplaryModel.objects.create(unit=unit, created_by=actor, **fields)
    record(actor, "honours.record", model, unit=unit)
    return model


@transaction.atomic
def do_set_published(model: ExemplaryModel, published: bool, *, actor) -> ExemplaryModel:
    if not scope.can_manage(actor, model.unit):
        raise PermissionDenied(_("Bạn không có quyền công bố điển hình này."))
    model.published = published
    model.save(update_fields=["published"])
    record(actor, "honours.publish" if published else "honours.unpublish", model, unit=model.unit)
    return model


@transaction.atomic
def do_add_exemplary_photo(model: ExemplaryModel, *, actor, image, caption: str = "") -> ExemplaryPhoto:
    """Thêm ảnh cho một điển hình, mô hình."""
    if not scope.can_manage(actor, model.unit):
        raise PermissionDenied(_("Bạn không có quyền thêm ảnh cho điển hình này."))
    photo = ExemplaryPhoto.objects.create(exemplary=model, image=image, caption=caption[:255])
    record(actor, "honours.add_photo", photo, unit=model.unit)
    return photo


def _find_document(actor, notation: str):
    """The registered decision a typed notation names, when the registry has it (and the user may see it)."""
    try:
        from chibo.documents.selectors import find_by_notation
    except ImportError:
        return None
    try:
        found = find_by_notation(actor, notation)
    except Exception:  # an unparsable notation simply stays text
        return None
    if isinstance(found, (list, tuple)):
        return found[0] if found else None
    return found.first() if hasattr(found, "first") else found
