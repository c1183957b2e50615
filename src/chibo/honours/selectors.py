"""Reads of the exemplary models register, through the scope helper."""

from django.db.models import Count

from chibo.accounts import scope
from chibo.orgs.models import subtree_q
from chibo.text import fold

from .models import ExemplaryModel


def visible_models(user, query: str = ""):
    qs = scope.visible(user, ExemplaryModel, include_public=False)
    for word in fold(query).split():
        qs = qs.filter(name_folded__contains=word)
    return qs.select_related("unit")


def public_models(unit=None, query: str = ""):
    """Published models (of `unit`'s subtree when given), for the public portal."""
    qs = scope.visible(None, ExemplaryModel)
    if unit is not None:
        from chibo.portal.selectors import units_shown_on

        qs = qs.filter(subtree_q(units_shown_on(unit), prefix="unit__"))
    for word in fold(query).split():
        qs = qs.filter(name_folded__contains=word)
    return qs.select_related("unit")


def public_decision(model: ExemplaryModel):
    """The recognising decision, when the public may read it (never an internal document)."""
    if model.decision_document_id is None:
        return None
    from chibo.documents.models import Document

    return scope.visible(None, Document).filter(pk=model.decision_document_id).first()


def counts_by_year(units) -> dict:
    """Number of models recognised per (unit subtree) and year: one grouped query per call."""
    qs = ExemplaryModel.objects.filter(subtree_q(units, prefix="unit__"))
    return dict(qs.values("year_recognised").annotate(n=Count("id")).values_list("year_recognised", "n"))
