"""Writes of the reporting app: atomic, audited, and keeping the roll-up current.

Every change that makes a report count or stop counting (submit, return) adds or removes its
figures from the `Aggregate` and `Tally` rows of the unit and each of its ancestors in the same
transaction, with row-level `UPDATE … SET total = total + delta` so concurrent submissions
from sibling cells never lose an update.
"""

import datetime
import statistics
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import BigIntegerField, Case, ExpressionWrapper, F, Max, Min, Q, When
from django.db.models import Value as V
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.accounts import scope
from chibo.accounts.audit import record
from chibo.orgs.models import Unit, subtree_q

from . import computed
from .models import (
    COUNTED_STATUSES,
    LIMIT,
    Aggregate,
    Aggregation,
    Indicator,
    IndicatorRule,
    Period,
    PeriodKind,
    ReportForm,
    RuleOperator,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    Tally,
    Value,
    ValueType,
    to_stored,
)
from .numbers import format_number, parse_number

OUTLIER_FACTOR = Decimal(10)
OUTLIER_HISTORY = 12


# --- Periods ---------------------------------------------------------------------------------


def period_bounds(kind: str, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the period of `kind` that contains `on`."""
    if kind == PeriodKind.MONTH:
        start = on.replace(day=1)
        months = 1
    elif kind == PeriodKind.QUARTER:
        start = on.replace(month=(on.month - 1) // 3 * 3 + 1, day=1)
        months = 3
    elif kind == PeriodKind.HALF:
        start = on.replace(month=1 if on.month <= 6 else 7, day=1)
        months = 6
    elif kind == PeriodKind.YEAR:
        start = on.replace(month=1, day=1)
        months = 12
    else:
        raise ValueError(_("Kỳ tùy chỉnh cần ngày bắt đầu và kết thúc."))
    month = start.month - 1 + months
    end = datetime.date(start.year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def get_period(kind: str, on: datetime.date) -> Period:
    """The period of `kind` containing `on` (created on first use)."""
    start, end = period_bounds(kind, on)
    period, _created = Period.objects.get_or_create(kind=kind, start=start, end=end)
    return period


def last_ended_period(kind: str, today: datetime.date | None = None) -> Period:
    """The latest period of `kind` that has ended by `today`: the one units are reporting now.

    In December a quarterly form is filled for the third quarter, not for the quarter still running.
    """
    today = today or timezone.localdate()
    start, _end = period_bounds(kind, today)
    return get_period(kind, start - datetime.timedelta(days=1))


def recent_periods(kind: str, today: datetime.date | None = None, count: int = 13) -> list[Period]:
    """The period running on `today` and the `count - 1` before it, newest first (created on first use)."""
    today = today or timezone.localdate()
    bounds, on = [], today
    for _i in range(count):
        start, end = period_bounds(kind, on)
        bounds.append((start, end))
        on = start - datetime.timedelta(days=1)
    # Two queries whatever the count: create the missing rows, read them all back.
    Period.objects.bulk_create([Period(kind=kind, start=a, end=b) for a, b in bounds], ignore_conflicts=True)
    found = {p.start: p for p in Period.objects.filter(kind=kind, start__in=[a for a, _b in bounds])}
    return [found[a] for a, _b in bounds]


def do_create_custom_period(actor, start: datetime.date, end: datetime.date, name: str = "") -> Period:
    """Một kỳ tùy chỉnh, ví dụ sơ kết 3 năm thực hiện một quy định."""
    if end < start:
        raise ValidationError(_("Ngày kết thúc kỳ phải sau ngày bắt đầu."))
    with transaction.atomic():
        period, created = Period.objects.get_or_create(kind=PeriodKind.CUSTOM, start=start, end=end, defaults={"name": name})
        if created:
            record(actor, "reporting.period.create", period, summary=period.label)
    return period


# --- Forms -----------------------------------------------------------------------------------


def do_create_form(actor, owner: Unit, *, code: str, name: str, period_kind: str = PeriodKind.MONTH,
                   reporting_kinds=(), indicators=(), rules=(), due_days: int = 5, description: str = "",
                   custom_period: tuple | None = None) -> ReportForm:
    """Ban hành một biểu mẫu: `indicators` are dicts of Indicator fields; `rules` are
    (left_code, operator, right_code, message) tuples; `custom_period` is the (start, end, name) of the
    span a custom-period form reports on (a 3-year interim review), created with it."""
    if not scope.can_manage(actor, owner):
        raise PermissionDenied(_("Bạn không có quyền ban hành biểu mẫu cho tổ chức này."))
    if not indicators:
        raise ValidationError(_("Biểu mẫu cần ít nhất một chỉ tiêu."))
    no_span = custom_period is None and not Period.objects.filter(kind=PeriodKind.CUSTOM).exists()
    if period_kind == PeriodKind.CUSTOM and no_span:
        raise ValidationError(_("Kỳ tùy chỉnh cần ngày bắt đầu và kết thúc."))
    with transaction.atomic():
        if period_kind == PeriodKind.CUSTOM and custom_period is not None:
            do_create_custom_period(actor, *custom_period)
        form = ReportForm.objects.create(
            owner=owner, code=code, name=name, period_kind=period_kind, reporting_kinds=list(reporting_kinds),
            due_days=due_days, description=description,
        )
        by_code = {}
        for order, spec in enumerate(indicators, start=1):
            spec = dict(spec)
            if spec.get("computed") and spec["computed"] not in computed.registered():
                raise ValidationError(_("Không có chỉ tiêu tính tự động “%(c)s”.") % {"c": spec["computed"]})
            if spec.get("value_type") == ValueType.TEXT:
                spec["aggregation"] = Aggregation.NONE
            spec.setdefault("order", order)
            indicator = Indicator(form=form, **spec)
            indicator.full_clean(exclude=["form"])
            indicator.save()
            by_code[indicator.code] = indicator
        for left, operator, right, message in rules:
            if left not in by_code or right not in by_code:
                raise ValidationError(_("Quy tắc nhắc đến chỉ tiêu không có trong biểu mẫu: %(l)s, %(r)s.") % {"l": left, "r": right})
            IndicatorRule.objects.create(form=form, left=by_code[left], operator=operator, right=by_code[right], message=message)
        record(actor, "reporting.form.create", form, unit=owner, summary=str(form))
    return form


# --- Reading and validating typed values -----------------------------------------------------

_TRUE = {"có", "co", "x", "1", "true", "yes", "đạt", "dat"}
_FALSE = {"không", "khong", "0", "false", "no", "", "chưa", "chua", "chưa đạt", "chua dat"}


def clean_value(indicator: Indicator, raw) -> tuple[Decimal | None, str]:
    """(number, text) for a typed value; ValueError with a Vietnamese message when it is wrong."""
    if indicator.value_type == ValueType.TEXT:
        return None, "" if raw is None else str(raw).strip()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, ""
    if indicator.value_type == ValueType.BOOLEAN:
        if isinstance(raw, bool | int):
            return Decimal(int(bool(raw))), ""
        key = str(raw).strip().lower()
        if key in _TRUE:
            return Decimal(1), ""
        if key in _FALSE:
            return Decimal(0), ""
        raise ValueError(_("Chỉ tiêu “%(name)s” chỉ nhận “có” hoặc “không”.") % {"name": indicator.name})
    try:
        number = parse_number(raw)
    except ValueError as exc:
        raise ValueError(_("Chỉ tiêu “%(name)s”: %(error)s") % {"name": indicator.name, "error": exc}) from exc
    if indicator.value_type == ValueType.INTEGER and number != number.to_integral_value():
        raise ValueError(_("Chỉ tiêu “%(name)s” phải là số nguyên.") % {"name": indicator.name})
    if number.as_tuple().exponent < -4 and number != number.quantize(Decimal("0.0001")):
        raise ValueError(_("Chỉ tiêu “%(name)s” có quá 4 chữ số thập phân.") % {"name": indicator.name})
    if abs(number) >= LIMIT:
        raise ValueError(_("Chỉ tiêu “%(name)s”: số quá lớn.") % {"name": indicator.name})
    if indicator.min_value is not None and number < indicator.min_value:
        raise ValueError(_("Chỉ tiêu “%(name)s” không được nhỏ hơn %(min)s.") % {"name": indicator.name, "min": format_number(indicator.min_value)})
    if indicator.max_value is not None and number > indicator.max_value:
        raise ValueError(_("Chỉ tiêu “%(name)s” không được lớn hơn %(max)s.") % {"name": indicator.name, "max": format_number(indicator.max_value)})
    if indicator.value_type == ValueType.PERCENT and not (0 <= number <= 100) and indicator.max_value is None:
        raise ValueError(_("Chỉ tiêu “%(name)s” là tỷ lệ phần trăm, phải từ 0 đến 100.") % {"name": indicator.name})
    return number, ""


_OPS = {
    RuleOperator.LE: lambda a, b: a <= b,
    RuleOperator.LT: lambda a, b: a < b,
    RuleOperator.GE: lambda a, b: a >= b,
    RuleOperator.GT: lambda a, b: a > b,
    RuleOperator.EQ: lambda a, b: a == b,
}


def check_rules(form: ReportForm, numbers: dict[str, Decimal | None], *, complete: bool) -> dict[str, list[str]]:
    """Errors by indicator code: cross-indicator rules, and (when `complete`) required indicators."""
    errors: dict[str, list[str]] = {}
    indicators = list(form.indicators.all())
    if complete:
        for ind in indicators:
            if ind.required and not ind.is_computed and numbers.get(ind.code) is None and ind.value_type != ValueType.TEXT:
                errors.setdefault(ind.code, []).append(_("Chưa nhập chỉ tiêu bắt buộc “%(name)s”.") % {"name": ind.name})
    for rule in form.rules.select_related("left", "right"):
        a, b = numbers.get(rule.left.code), numbers.get(rule.right.code)
        if a is None or b is None:
            continue
        if not _OPS[rule.operator](a, b):
            errors.setdefault(rule.left.code, []).append(rule.message or _(
                "“%(left)s” (%(a)s) phải %(op)s “%(right)s” (%(b)s).") % {
                "left": rule.left.name, "a": format_number(a), "op": rule.get_operator_display(),
                "right": rule.right.name, "b": format_number(b)})
    return errors


def _snapshot(submission: Submission) -> dict:
    return {
        v.indicator.code: (str(v.number) if v.number is not None else v.text)
        for v in submission.values.select_related("indicator")
    }


def _event(submission, actor, action, note=""):
    SubmissionEvent.objects.create(
        submission=submission, actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action, status=submission.status, note=note, values=_snapshot(submission),
    )


def _check_reporter(actor, unit: Unit, form: ReportForm):
    if not scope.can_manage(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền nhập báo cáo của tổ chức này."))
    if not form.reports_from(unit):
        raise ValidationError(_("Tổ chức “%(unit)s” không thuộc diện báo cáo biểu mẫu này.") % {"unit": unit.name})


def _fill_computed(submission: Submission, indicators) -> None:
    for ind in indicators:
        if ind.is_computed:
            value = computed.compute(ind.computed, [submission.unit], submission.period).get(submission.unit.pk, Decimal(0))
            Value.objects.update_or_create(submission=submission, indicator=ind, defaults={"number": value, "text": ""})


def do_save_report(actor, unit: Unit, form: ReportForm, period: Period, raw: dict, *, note: str | None = None) -> Submission:
    """Lưu nháp báo cáo: parse every typed value (Vietnamese number forms) or change nothing.

    `raw` maps indicator code to what was typed; codes absent are left as they were. Raises
    ValidationError with a dict {code: [messages]} when any value is wrong.
    """
    _check_reporter(actor, unit, form)
    if period.kind != form.period_kind:
        raise ValidationError(_("Kỳ báo cáo không đúng loại kỳ của biểu mẫu."))
    indicators = {i.code: i for i in form.indicators.all()}
    unknown = sorted(set(raw) - set(indicators))
    if unknown:
        raise ValidationError(_("Biểu mẫu không có chỉ tiêu: %(codes)s.") % {"codes": ", ".join(unknown)})
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, tuple[Decimal | None, str]] = {}
    for code, value in raw.items():
        ind = indicators[code]
        if ind.is_computed:
            continue
        try:
            cleaned[code] = clean_value(ind, value)
        except ValueError as exc:
            errors.setdefault(code, []).append(str(exc))
    if errors:
        # Say at once what else is wrong among the values that were read: a rule between them too.
        partial = {code: number for code, (number, _t) in cleaned.items()}
        for code, messages in check_rules(form, partial, complete=False).items():
            errors.setdefault(code, []).extend(messages)
        raise ValidationError(errors)
    with transaction.atomic():
        submission, _created = Submission.objects.select_for_update().get_or_create(
            form=form, period=period, unit=unit, kind=Submission.Kind.OWN,
        )
        if not submission.is_editable:
            raise ValidationError(_("Báo cáo đã gửi hoặc đã duyệt, không sửa được. Đề nghị cấp trên trả lại nếu cần sửa."))
        existing = {v.indicator.code: v.number for v in submission.values.select_related("indicator")}
        numbers = existing | {code: number for code, (number, _t) in cleaned.items()}
        errors = check_rules(form, numbers, complete=False)
        if errors:
            raise ValidationError(errors)
        for code, (number, text) in cleaned.items():
            Value.objects.update_or_create(submission=submission, indicator=indicators[code], defaults={"number": number, "text": text})
        _fill_computed(submission, indicators.values())
        if note is not None:
            submission.note = note
        submission.version = F("version") + 1
        submission.save()
        submission.refresh_from_db()
        _event(submission, actor, "save")
        record(actor, "reporting.report.save", submission, summary=str(submission))
    return submission


def _flag_outliers(submission: Submission) -> None:
    """Mark values more than 10× the unit's usual (median) value: flagged for review, not rejected.

    Only a jump upward is flagged: a month with nothing (0 km of road, no money raised) is common and
    would otherwise bury the one mistyped figure among dozens of false alarms.
    """
    values = list(submission.values.select_related("indicator").filter(number__isnull=False))
    if not values:
        return
    history: dict[int, list[Decimal]] = {}
    past = (
        Value.objects.filter(
            submission__unit=submission.unit, submission__form=submission.form, submission__kind=Submission.Kind.OWN,
            submission__status__in=COUNTED_STATUSES, submission__period__start__lt=submission.period.start,
            number__isnull=False,
        ).order_by("-submission__period__start").values_list("indicator_id", "number")
    )
    for indicator_id, number in past:
        bucket = history.setdefault(indicator_id, [])
        if len(bucket) < OUTLIER_HISTORY:
            bucket.append(number)
    changed = []
    for value in values:
        if value.indicator.value_type in (ValueType.BOOLEAN, ValueType.PERCENT):
            continue
        usual = statistics.median(history[value.indicator_id]) if history.get(value.indicator_id) else None
        flag = bool(usual) and usual > 0 and value.number > usual * OUTLIER_FACTOR
        if flag != value.is_outlier:
            value.is_outlier = flag
            changed.append(value)
    Value.objects.bulk_update(changed, ["is_outlier"])


# --- The roll-up, kept current in the same transaction ---------------------------------------


def _ancestor_ids(unit: Unit) -> list[int]:
    """The unit and all its ancestors (one indexed `path IN` query)."""
    return list(Unit.objects.filter(path__in=unit.ancestor_paths() + [unit.path]).values_list("pk", flat=True))


def _apply(submission: Submission, sign: int) -> None:
    """Add (+1) or remove (-1) a submission's figures from the unit's and its ancestors' aggregates."""
    unit_ids = _ancestor_ids(submission.unit)
    period = submission.period
    values = [
        v for v in submission.values.select_related("indicator")
        if v.number is not None and v.indicator.aggregation != Aggregation.NONE
    ]
    if sign > 0:
        Aggregate.objects.bulk_create(
            [Aggregate(unit_id=u, period=period, indicator_id=v.indicator_id) for u in unit_ids for v in values],
            ignore_conflicts=True,
        )
        Tally.objects.bulk_create(
            [Tally(unit_id=u, form_id=submission.form_id, period=period) for u in unit_ids], ignore_conflicts=True,
        )
    for v in values:
        rows = Aggregate.objects.filter(unit_id__in=unit_ids, period=period, indicator_id=v.indicator_id)
        if sign > 0:
            stored = V(to_stored(v.number), output_field=BigIntegerField())
            rows.update(
                total=ExpressionWrapper(F("total") + stored, output_field=BigIntegerField()), count=F("count") + 1,
                minimum=Case(When(Q(minimum__isnull=True) | Q(minimum__gt=v.number), then=stored), default=F("minimum"),
                             output_field=BigIntegerField()),
                maximum=Case(When(Q(maximum__isnull=True) | Q(maximum__lt=v.number), then=stored), default=F("maximum"),
                             output_field=BigIntegerField()),
            )
        else:
            stored = V(to_stored(v.number), output_field=BigIntegerField())
            rows.update(total=ExpressionWrapper(F("total") - stored, output_field=BigIntegerField()), count=F("count") - 1)
    on_time = 1 if submission.on_time else 0
    Tally.objects.filter(unit_id__in=unit_ids, form_id=submission.form_id, period=period).update(
        reported=F("reported") + sign, on_time=F("on_time") + sign * on_time,
    )
    if sign < 0 and values:
        _recompute_extremes(submission, unit_ids, [v.indicator_id for v in values])


def _recompute_extremes(submission: Submission, unit_ids: list[int], indicator_ids: list[int]) -> None:
    """After a report stops counting, min and max of each ancestor are recomputed (one grouped query each)."""
    for unit in Unit.objects.filter(pk__in=unit_ids):
        rows = (
            Value.objects.filter(
                subtree_q([unit], prefix="submission__unit__"), submission__form_id=submission.form_id,
                submission__period=submission.period, submission__kind=Submission.Kind.OWN,
                submission__status__in=COUNTED_STATUSES, indicator_id__in=indicator_ids, number__isnull=False,
            ).values("indicator_id").annotate(lo=Min("number"), hi=Max("number"))
        )
        found = {r["indicator_id"]: r for r in rows}
        for indicator_id in indicator_ids:
            r = found.get(indicator_id, {})
            Aggregate.objects.filter(unit=unit, period=submission.period, indicator_id=indicator_id).update(
                minimum=r.get("lo"), maximum=r.get("hi"),
            )


def rebuild_aggregates(form: ReportForm, period: Period) -> int:
    """Recompute every aggregate and tally of a form and period from the counted reports.

    Set-based, in the database: one `INSERT … SELECT … GROUP BY` per depth of the tree (a
    subtree is a path prefix), so no row passes through Python; used to repair after a
    restructuring and to load bulk data. Returns the number of aggregate rows written.
    """
    units, subs, values = Unit._meta.db_table, Submission._meta.db_table, Value._meta.db_table
    indicators, aggregates, tallies = Indicator._meta.db_table, Aggregate._meta.db_table, Tally._meta.db_table
    statuses = [str(status) for status in COUNTED_STATUSES]
    counted = (
        f"s.form_id = %s AND s.period_id = %s AND s.kind = %s AND s.status IN ({', '.join(['%s'] * len(statuses))})"
        " AND u.depth >= %s"
    )
    steplen = Unit.steplen
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {aggregates} WHERE period_id = %s AND indicator_id IN (SELECT id FROM {indicators} WHERE form_id = %s)",
            [period.pk, form.pk],
        )
        cursor.execute(f"DELETE FROM {tallies} WHERE period_id = %s AND form_id = %s", [period.pk, form.pk])
        cursor.execute(
            f"SELECT MAX(u.depth) FROM {subs} s JOIN {units} u ON u.id = s.unit_id WHERE {counted}",
            [form.pk, period.pk, Submission.Kind.OWN, *statuses, 0],
        )
        max_depth = cursor.fetchone()[0] or 0
        for depth in range(1, max_depth + 1):
            length = depth * steplen
            params = [form.pk, period.pk, Submission.Kind.OWN, *statuses, depth]
            cursor.execute(
                f"INSERT INTO {aggregates} (unit_id, period_id, indicator_id, total, count, minimum, maximum) "
                f"SELECT a.id, g.period_id, g.indicator_id, g.total, g.n, g.lo, g.hi FROM ("
                f"  SELECT SUBSTR(u.path, 1, {length}) AS prefix, s.period_id AS period_id, v.indicator_id AS indicator_id,"
                f"         SUM(v.number) AS total, COUNT(*) AS n, MIN(v.number) AS lo, MAX(v.number) AS hi"
                f"  FROM {values} v JOIN {subs} s ON s.id = v.submission_id JOIN {units} u ON u.id = s.unit_id"
                f"  JOIN {indicators} i ON i.id = v.indicator_id"
                f"  WHERE {counted} AND v.number IS NOT NULL AND i.aggregation <> %s"
                f"  GROUP BY SUBSTR(u.path, 1, {length}), s.period_id, v.indicator_id"
                f") g JOIN {units} a ON a.path = g.prefix",
                [*params, Aggregation.NONE],
            )
            written += cursor.rowcount
            cursor.execute(
                f"INSERT INTO {tallies} (unit_id, form_id, period_id, reported, on_time) "
                f"SELECT a.id, g.form_id, g.period_id, g.n, g.ok FROM ("
                f"  SELECT SUBSTR(u.path, 1, {length}) AS prefix, s.form_id AS form_id, s.period_id AS period_id,"
                f"         COUNT(*) AS n, SUM(CASE WHEN s.on_time THEN 1 ELSE 0 END) AS ok"
                f"  FROM {subs} s JOIN {units} u ON u.id = s.unit_id"
                f"  WHERE {counted}"
                f"  GROUP BY SUBSTR(u.path, 1, {length}), s.form_id, s.period_id"
                f") g JOIN {units} a ON a.path = g.prefix",
                params,
            )
    return written


# --- Submission workflow ---------------------------------------------------------------------


def do_submit_report(actor, submission: Submission, *, now: datetime.datetime | None = None) -> Submission:
    """Gửi báo cáo lên cấp trên: validated in full; from this moment its figures count in every roll-up."""
    _check_reporter(actor, submission.unit, submission.form)
    now = now or timezone.now()
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("form", "period", "unit").get(pk=submission.pk)
        if submission.kind != Submission.Kind.OWN:
            raise ValidationError(_("Báo cáo tổng hợp được gửi bằng chức năng gửi số liệu tổng hợp."))
        if not submission.is_editable:
            raise ValidationError(_("Báo cáo đã được gửi."))
        form = submission.form
        _fill_computed(submission, form.indicators.all())
        numbers = {v.indicator.code: v.number for v in submission.values.select_related("indicator")}
        errors = check_rules(form, numbers, complete=True)
        if errors:
            raise ValidationError(errors)
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = now
        if submission.first_submitted_at is None:
            submission.first_submitted_at = now
            submission.on_time = timezone.localdate(now) <= submission.period.due_date(form)
        submission.save()
        _flag_outliers(submission)
        _apply(submission, +1)
        _event(submission, actor, "submit")
        record(actor, "reporting.report.submit", submission, summary=str(submission))
    return submission


def _check_superior(actor, submission: Submission):
    parent = submission.unit.get_parent()
    if parent is None or not scope.can_manage(actor, parent):
        raise PermissionDenied(_("Chỉ cấp ủy cấp trên trực tiếp (hoặc cao hơn) mới được duyệt hoặc trả lại báo cáo này."))


def do_approve_report(actor, submission: Submission, note: str = "") -> Submission:
    """Cấp trên duyệt báo cáo: it is locked from then on."""
    _check_superior(actor, submission)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(_("Chỉ duyệt được báo cáo đang chờ duyệt."))
        submission.status = SubmissionStatus.APPROVED
        submission.decided_at = timezone.now()
        submission.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        submission.save()
        _event(submission, actor, "approve", note)
        record(actor, "reporting.report.approve", submission, summary=str(submission))
    return submission


def do_return_report(actor, submission: Submission, note: str) -> Submission:
    """Cấp trên trả lại báo cáo để sửa: its figures leave the roll-up until it is sent again."""
    _check_superior(actor, submission)
    if not note.strip():
        raise ValidationError(_("Cần ghi rõ lý do trả lại báo cáo."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("unit", "period", "form").get(pk=submission.pk)
        if submission.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(_("Chỉ trả lại được báo cáo đang chờ duyệt; báo cáo đã duyệt bị khóa."))
        counted = submission.is_counted
        submission.status = SubmissionStatus.RETURNED
        submission.decided_at = timezone.now()
        submission.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        submission.save()
        if counted:
            _apply(submission, -1)
        _event(submission, actor, "return", note)
        record(actor, "reporting.report.return", submission, summary=str(submission), note=note)
    return submission


def do_submit_totals(actor, unit: Unit, form: ReportForm, period: Period) -> Submission:
    """Gửi số liệu tổng hợp của cả đảng bộ lên cấp trên: the current roll-up, frozen, for approval."""
    if not scope.can_manage(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền gửi báo cáo của tổ chức này."))
    if unit.get_parent() is None:
        raise ValidationError(_("Tổ chức cao nhất không có cấp trên để gửi."))
    with transaction.atomic():
        submission, _created = Submission.objects.select_for_update().get_or_create(
            form=form, period=period, unit=unit, kind=Submission.Kind.TOTALS,
        )
        if not submission.is_editable:
            raise ValidationError(_("Số liệu tổng hợp kỳ này đã được gửi."))
        submission.values.all().delete()
        Value.objects.bulk_create([
            Value(submission=submission, indicator_id=a.indicator_id, number=_aggregate_value(a))
            for a in Aggregate.objects.filter(unit=unit, period=period, indicator__form=form).select_related("indicator")
        ])
        now = timezone.now()
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = now
        submission.first_submitted_at = submission.first_submitted_at or now
        submission.on_time = timezone.localdate(now) <= period.due_date(form)
        submission.save()
        _event(submission, actor, "submit")
        record(actor, "reporting.totals.submit", submission, summary=str(submission))
    return submission


def _aggregate_value(aggregate: Aggregate) -> Decimal | None:
    how = aggregate.indicator.aggregation
    if how == Aggregation.SUM:
        return aggregate.total
    if how == Aggregation.AVERAGE:
        return (aggregate.total / aggregate.count).quantize(Decimal("0.0001")) if aggregate.count else None
    if how == Aggregation.MIN:
        return aggregate.minimum
    if how == Aggregation.MAX:
        return aggregate.maximum
    return None
