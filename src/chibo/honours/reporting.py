"""Exemplary models offered to reporting as a computed indicator (chỉ tiêu tính tự động)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chibo.reporting import computed

from .models import ExemplaryModel


def models_recognised(units, period):
    """Điển hình, mô hình recognised in the period's years, in each unit's subtree (one query)."""
    years = Q(year_recognised__gte=period.start.year, year_recognised__lte=period.end.year)
    return computed._subtree_counts(ExemplaryModel, units, years, "unit__")


computed.register("honours.models", _("Số điển hình, mô hình được công nhận"), models_recognised)
