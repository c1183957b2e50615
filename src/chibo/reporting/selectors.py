"""Reads of the reporting app. Every read starts from the scope helper.

A roll-up is read from the pre-aggregated rows: the totals of a unit's subtree are one indexed
lookup, the comparison between its children one more, the trend across periods one more.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Substr

from chibo.accounts import scope
from chibo.accounts.models import MANAGING_ROLES
from chibo.orgs.models import Unit, path_upper_bound, subtree_q

from .models import (
    COUNTED_STATUSES,
    Aggregate,
    Aggregation,
    Indicator,
    Period,
    ReportForm,
    Submission,
    SubmissionStatus,
    Tally,
    Value,
)

AVERAGE_PLACES = Decimal("0.01")


def visible_forms(user):
    return scope.visible(user, ReportForm).filter(is_active=True).select_related("owner")


def visible_submissions(user):
    return scope.visible(user, Submission).select_related("form", "period", "unit")


def forms_for_unit(user, unit: Unit):
    """The active forms this unit reports."""
    return [f for f in visible_forms(user) if f.reports_from(unit)]


def pending_approvals(user):
    """Reports waiting for this user's decision: submitted by units strictly below a unit they manage."""
    roots = scope.role_units(user, MANAGING_ROLES)
    qs = scope.visible(user, Submission, kinds=MANAGING_ROLES).filter(status=SubmissionStatus.SUBMITTED)
    if not getattr(user, "is_superuser", False):
        qs = qs.filter(subtree_q(roots, include_self=False, prefix="unit__"))
    return qs.select_related("form", "period", "unit").order_by("period__start", "unit__path")


def aggregate_value(aggregation: str, total, count: int, minimum, maximum):
    """The figure an indicator shows for a subtree, per its aggregation."""
    if aggregation == Aggregation.SUM:
        return total if count else None
    if aggregation == Aggregation.AVERAGE:
        return (Decimal(total) / count).quantize(AVERAGE_PLACES) if count else None
    if aggregation == Aggregation.MIN:
        return minimum
    if aggregation == Aggregation.MAX:
        return maximum
    return None


def expected_units(unit: Unit, form: ReportForm, period: Period):
    """Units of the subtree that must report this form for this period (in force at its end)."""
    on = period.end
    return (
        Unit.objects.subtree_of(unit).filter(kind__in=form.reporting_kinds)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=period.start))
    )


@dataclass
class Figure:
    indicator: Indicator
    value: Decimal | None
    count: int = 0
    minimum: Decimal | None = None
    maximum: Decimal | None = None


@dataclass
class Row:
    """A unit's line in a roll-up: its figures by indicator code and its completeness."""

    unit: Unit
    figures: dict = field(default_factory=dict)
    expected: int = 0
    reported: int = 0
    on_time: int = 0

    @property
    def completeness(self) -> Decimal | None:
        return (Decimal(100) * self.reported / self.expected).quantize(Decimal("0.1")) if self.expected else None

    @property
    def timeliness(self) -> Decimal | None:
        return (Decimal(100) * self.on_time / self.expected).quantize(Decimal("0.1")) if self.expected else None


@dataclass
class RollUp:
    unit: Unit
    form: ReportForm
    period: Period
    indicators: list
    total: Row
    children: list = field(default_factory=list)


AGGREGATE_FIELDS = ("indicator_id", "total", "count", "minimum", "maximum")


def _figures(indicators, rows) -> dict:
    """Figures by indicator code from (indicator_id, total, count, minimum, maximum) rows."""
    by_id = {r[0]: r for r in rows}
    figures = {}
    for ind in indicators:
        a = by_id.get(ind.pk)
        if a is None:
            figures[ind.code] = Figure(ind, None)
        else:
            _id, total, count, minimum, maximum = a
            figures[ind.code] = Figure(ind, aggregate_value(ind.aggregation, total, count, minimum, maximum),
                                       count, minimum, maximum)
    return figures


def _expected_itself(unit: Unit, form: ReportForm, period: Period) -> int:
    in_force = ((unit.valid_from is None or unit.valid_from <= period.end)
                and (unit.valid_to is None or unit.valid_to > period.start))
    return int(in_force and unit.kind in form.reporting_kinds)


def unit_totals(unit: Unit, form: ReportForm, period: Period, indicators=None, *, expected: int | None = None) -> Row:
    """Totals of one unit's whole subtree: two indexed lookups and one count (none when `expected` is given)."""
    indicators = indicators if indicators is not None else list(form.indicators.all())
    rows = Aggregate.objects.filter(unit=unit, period=period, indicator_id__in=[i.pk for i in indicators]).values_list(
        *AGGREGATE_FIELDS)
    tally = Tally.objects.filter(unit=unit, form=form, period=period).first()
    return Row(
        unit=unit, figures=_figures(indicators, rows),
        expected=expected if expected is not None else expected_units(unit, form, period).count(),
        reported=tally.reported if tally else 0, on_time=tally.on_time if tally else 0,
    )


def children_rows(unit: Unit, form: ReportForm, period: Period, indicators=None) -> list[Row]:
    """One row per child unit (comparison between children): a fixed four queries, whatever the size."""
    indicators = indicators if indicators is not None else list(form.indicators.all())
    children = list(Unit.objects.filter(path__gte=unit.path, path__lt=path_upper_bound(unit.path), depth=unit.depth + 1))
    if not children:
        return []
    child_q = Q(unit_id__in=[c.pk for c in children])
    aggregates: dict[int, list] = {}
    rows = Aggregate.objects.filter(child_q, period=period, indicator_id__in=[i.pk for i in indicators])
    for unit_id, *row in rows.values_list("unit_id", *AGGREGATE_FIELDS):
        aggregates.setdefault(unit_id, []).append(row)
    tallies = {t.unit_id: t for t in Tally.objects.filter(child_q, form=form, period=period)}
    length = (unit.depth + 1) * Unit.steplen
    expected = dict(
        expected_units(unit, form, period).filter(depth__gt=unit.depth).order_by()  # no path in the GROUP BY
        .annotate(prefix=Substr("path", 1, length)).values("prefix").annotate(n=Count("pk")).values_list("prefix", "n")
    )
    rows = []
    for child in children:
        tally = tallies.get(child.pk)
        rows.append(Row(
            unit=child, figures=_figures(indicators, aggregates.get(child.pk, [])), expected=expected.get(child.path, 0),
            reported=tally.reported if tally else 0, on_time=tally.on_time if tally else 0,
        ))
    return rows


def rollup(unit: Unit, form: ReportForm, period: Period, *, with_children: bool = True) -> RollUp:
    """The roll-up of a unit's subtree for a form and period (the caller has checked scope)."""
    indicators = list(form.indicators.all())
    if not with_children:
        return RollUp(unit=unit, form=form, period=period, indicators=indicators,
                      total=unit_totals(unit, form, period, indicators))
    children = children_rows(unit, form, period, indicators)
    # The subtree's expected units are the unit itself and its children's: no second count.
    expected = _expected_itself(unit, form, period) + sum(c.expected for c in children)
    # A child with nothing to report and nothing reported (an advisory board, a unit dissolved
    # before the period) is not part of the comparison.
    children = [c for c in children if c.expected or c.reported]
    return RollUp(unit=unit, form=form, period=period, indicators=indicators,
                  total=unit_totals(unit, form, period, indicators, expected=expected), children=children)


def recent_periods(form: ReportForm, until: Period, count: int = 12) -> list[Period]:
    return list(reversed(Period.objects.filter(kind=form.period_kind, start__lte=until.start).order_by("-start")[:count]))


def trend(unit: Unit, form: ReportForm, periods: list[Period]) -> dict[str, list]:
    """Each indicator's subtree figure across `periods` (one query): {code: [value per period]}."""
    indicators = list(form.indicators.all())
    index = {p.pk: i for i, p in enumerate(periods)}
    series = {ind.code: [None] * len(periods) for ind in indicators}
    by_id = {ind.pk: ind for ind in indicators}
    for a in Aggregate.objects.filter(unit=unit, period__in=periods, indicator__form=form):
        ind = by_id[a.indicator_id]
        series[ind.code][index[a.period_id]] = aggregate_value(ind.aggregation, a.total, a.count, a.minimum, a.maximum)
    return series


def missing_reports(unit: Unit, form: ReportForm, period: Period, limit: int = 200):
    """Units that must report and have not (draft or returned counts as not reported)."""
    counted = Submission.objects.filter(
        form=form, period=period, kind=Submission.Kind.OWN, status__in=COUNTED_STATUSES,
    ).values("unit_id")
    return expected_units(unit, form, period).exclude(pk__in=counted).order_by("path")[:limit]


def outliers(unit: Unit, form: ReportForm, period: Period, limit: int = 50):
    """Figures of the subtree's reports flagged as unusual (more than 10× the unit's usual), to review."""
    return (
        Value.objects.filter(subtree_q([unit], prefix="submission__unit__"), submission__form=form,
                             submission__period=period, submission__kind=Submission.Kind.OWN,
                             submission__status__in=COUNTED_STATUSES, is_outlier=True)
        .select_related("indicator", "submission__unit").order_by("submission__unit__path", "indicator__order")[:limit]
    )


def submissions_for(unit: Unit, form: ReportForm, period: Period):
    return Submission.objects.filter(subtree_q([unit], prefix="unit__"), form=form, period=period).select_related("unit")


def own_submission(unit: Unit, form: ReportForm, period: Period) -> Submission | None:
    return Submission.objects.filter(form=form, period=period, unit=unit, kind=Submission.Kind.OWN).first()
