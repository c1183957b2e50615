"""Periodic indicator reports (báo cáo số liệu định kỳ) and their roll-ups up the tree.

A `ReportForm` (biểu mẫu) lists `Indicator`s (chỉ tiêu) and the unit kinds that report it for
each `Period` (kỳ báo cáo). A unit fills in a `Submission` (draft → submitted → approved, or
returned for correction); its `Value`s count in the roll-up from the moment it is submitted.

Roll-ups are pre-aggregated: one `Aggregate` row per (unit, period, indicator) holds the sum,
count, minimum and maximum over the whole subtree of that unit, and one `Tally` row per
(unit, form, period) holds how many units reported and how many on time. Both are changed in
the same transaction as the submission (see services), so a roll-up is always current and reading
one is a single indexed lookup.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chibo.orgs.models import UnitKind

# Quantities and money are exact: 18 integer digits, 4 decimals.
MAX_DIGITS = 22
DECIMAL_PLACES = 4
SCALE = 10**DECIMAL_PLACES
LIMIT = Decimal(10) ** 14
"""Largest magnitude of one typed value; sums stay exact up to ±9,2 × 10^14 (a 64-bit integer)."""


def to_stored(value) -> int | None:
    """Decimal → the integer count of ten-thousandths the database keeps (exact on SQLite too)."""
    if value is None:
        return None
    scaled = Decimal(value) * SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(_("Chỉ giữ tối đa 4 chữ số thập phân."))
    return int(scaled)


class ExactDecimalField(models.BigIntegerField):
    """A Decimal with 4 places kept as a scaled 64-bit integer.

    SQLite stores DECIMAL columns as floating point, so sums would drift; integers add exactly
    on SQLite and PostgreSQL alike, and `SUM`, `MIN`, `MAX` work unchanged.
    """

    def from_db_value(self, value, expression, connection):
        return None if value is None else Decimal(int(value)).scaleb(-DECIMAL_PLACES)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(str(value))

    def get_prep_value(self, value):
        if value is None or hasattr(value, "resolve_expression"):
            return value
        return to_stored(value)

    def formfield(self, **kwargs):
        from django import forms

        return forms.DecimalField(decimal_places=DECIMAL_PLACES, **kwargs)


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")
    CUSTOM = "custom", _("Kỳ tùy chỉnh")


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    MONEY = "money", _("Tiền (đồng)")
    PERCENT = "percent", _("Tỷ lệ phần trăm")
    BOOLEAN = "boolean", _("Có/không")
    TEXT = "text", _("Văn bản")


NUMERIC_TYPES = (ValueType.INTEGER, ValueType.DECIMAL, ValueType.MONEY, ValueType.PERCENT, ValueType.BOOLEAN)


class Aggregation(models.TextChoices):
    SUM = "sum", _("Cộng tổng")
    AVERAGE = "avg", _("Trung bình")
    MIN = "min", _("Nhỏ nhất")
    MAX = "max", _("Lớn nhất")
    NONE = "none", _("Không tổng hợp")


class ReportForm(models.Model):
    """Biểu mẫu báo cáo: the indicators a set of units report for each period."""

    owner = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="report_forms")
    code = models.CharField(_("mã biểu"), max_length=40)
    name = models.CharField(_("tên biểu mẫu"), max_length=255)
    period_kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH)
    reporting_kinds = models.JSONField(
        _("loại tổ chức báo cáo"), default=list,
        help_text=_("Các loại tổ chức phải báo cáo, ví dụ chi bộ, ban tuyên vận."),
    )
    due_days = models.PositiveSmallIntegerField(_("hạn nộp (số ngày sau kỳ)"), default=5)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    description = models.TextField(_("mô tả"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "owner"

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["owner", "code"], name="reportform_owner_code")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @classmethod
    def scope_public_q(cls) -> Q:
        """A form's definition (not its figures) is readable by the units that must fill it in."""
        return Q(is_active=True)

    def reports_from(self, unit) -> bool:
        return unit.kind in self.reporting_kinds

    def kind_labels(self) -> list[str]:
        labels = dict(UnitKind.choices)
        return [str(labels.get(k, k)) for k in self.reporting_kinds]


class Indicator(models.Model):
    """Chỉ tiêu: one figure of a form, with its unit of measure, type and aggregation."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("mã chỉ tiêu"), max_length=40)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    measure = models.CharField(_("đơn vị tính"), max_length=30, blank=True, help_text=_("người, m3, km, ngày công, đồng, %, cuốn, tủ…"))
    value_type = models.CharField(_("kiểu giá trị"), max_length=10, choices=ValueType.choices, default=ValueType.INTEGER)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=5, choices=Aggregation.choices, default=Aggregation.SUM)
    required = models.BooleanField(_("bắt buộc"), default=False)
    min_value = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True, blank=True)
    max_value = models.DecimalField(_("giá trị lớn nhất"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True, blank=True)
    computed = models.CharField(
        _("tính tự động từ"), max_length=60, blank=True,
        help_text=_("Mã chỉ tiêu tính sẵn do phân hệ khác cung cấp; để trống nếu nhập tay."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["form", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="indicator_form_code"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(max_value__gte=models.F("min_value")),
                name="indicator_range_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(value_type="text") | Q(aggregation="none"),
                name="indicator_text_not_aggregated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.value_type in NUMERIC_TYPES

    @property
    def is_computed(self) -> bool:
        return bool(self.computed)


class RuleOperator(models.TextChoices):
    LE = "le", "≤"
    LT = "lt", "<"
    GE = "ge", "≥"
    GT = "gt", ">"
    EQ = "eq", "="


class IndicatorRule(models.Model):
    """Quy tắc kiểm tra giữa hai chỉ tiêu, ví dụ “tủ sách mới ≤ tổng số tủ sách”."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="rules")
    left = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    operator = models.CharField(max_length=2, choices=RuleOperator.choices)
    right = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(_("thông báo khi sai"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")
        constraints = [models.CheckConstraint(condition=~Q(left=models.F("right")), name="rule_two_indicators")]

    def __str__(self) -> str:
        return f"{self.left.code} {self.get_operator_display()} {self.right.code}"


class Period(models.Model):
    """Kỳ báo cáo: a month, quarter, half-year, year or a custom span (e.g. a 3-year interim review)."""

    kind = models.CharField(max_length=10, choices=PeriodKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    name = models.CharField(_("tên kỳ"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["start", "end"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "start", "end"], name="period_unique"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_ordered"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.kind == PeriodKind.MONTH:
            return _("Tháng %(m)02d/%(y)d") % {"m": self.start.month, "y": self.start.year}
        if self.kind == PeriodKind.QUARTER:
            return _("Quý %(q)d/%(y)d") % {"q": (self.start.month - 1) // 3 + 1, "y": self.start.year}
        if self.kind == PeriodKind.HALF:
            return _("6 tháng %(h)s năm %(y)d") % {"h": _("đầu") if self.start.month == 1 else _("cuối"), "y": self.start.year}
        if self.kind == PeriodKind.YEAR:
            return _("Năm %(y)d") % {"y": self.start.year}
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def due_date(self, form: ReportForm) -> datetime.date:
        return self.end + datetime.timedelta(days=form.due_days)


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại để sửa")


COUNTED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
"""Statuses whose figures count in the roll-up: the moment a report is submitted it counts."""

EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class Submission(models.Model):
    """Báo cáo của một tổ chức cho một kỳ.

    An `own` submission carries the unit's own figures and feeds the roll-up. A `totals`
    submission is a superior unit's consolidated report: the roll-up of its subtree frozen
    when it sends it upward for approval by the next level; it never feeds the roll-up itself.
    """

    class Kind(models.TextChoices):
        OWN = "own", _("Số liệu của đơn vị")
        TOTALS = "totals", _("Tổng hợp toàn đảng bộ")

    form = models.ForeignKey(ReportForm, on_delete=models.PROTECT, related_name="submissions")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="report_submissions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OWN)
    status = models.CharField(_("trạng thái"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(_("đúng hạn"), null=True)
    decided_at = models.DateTimeField(_("duyệt/trả lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-period__start", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["form", "period", "unit", "kind"], name="submission_unique")]
        indexes = [models.Index(fields=["form", "period", "status"], name="submission_form_period")]

    def __str__(self) -> str:
        return f"{self.form.code} · {self.period} · {self.unit}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_counted(self) -> bool:
        return self.kind == self.Kind.OWN and self.status in COUNTED_STATUSES


class Value(models.Model):
    """Giá trị một chỉ tiêu trong một báo cáo."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    number = ExactDecimalField(null=True, blank=True)
    text = models.TextField(blank=True)
    is_outlier = models.BooleanField(_("bất thường"), default=False)

    class Meta:
        verbose_name = _("giá trị")
        verbose_name_plural = _("giá trị")
        constraints = [models.UniqueConstraint(fields=["submission", "indicator"], name="value_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.number if self.number is not None else self.text}"


EVENT_ACTIONS = {
    "save": _("Lưu nháp"),
    "submit": _("Gửi báo cáo"),
    "approve": _("Duyệt"),
    "return": _("Trả lại để sửa"),
}
"""What each history row records, as shown to users (the stored `action` is a stable code)."""


class SubmissionEvent(models.Model):
    """Lịch sử báo cáo: every save, submission, approval and return, with the figures at that moment."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=SubmissionStatus.choices)
    note = models.TextField(blank=True)
    values = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.action} {self.at:%d/%m/%Y %H:%M}"

    @property
    def action_label(self) -> str:
        return str(EVENT_ACTIONS.get(self.action, self.action))


class Aggregate(models.Model):
    """Số tổng hợp: an indicator's sum, count, min and max over a unit's whole subtree for a period."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    total = ExactDecimalField(default=0)
    count = models.PositiveIntegerField(default=0)
    minimum = ExactDecimalField(null=True)
    maximum = ExactDecimalField(null=True)

    scope_unit_field = "unit"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period", "indicator"], name="aggregate_unique")]
        indexes = [models.Index(fields=["period", "indicator", "unit"], name="aggregate_period_indicator")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.period_id}/{self.indicator_id}: {self.total}"


class Tally(models.Model):
    """Số đơn vị đã báo cáo (và đúng hạn) trong cây của một tổ chức, cho một biểu mẫu và kỳ."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    reported = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)

    scope_unit_field = "unit"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "form", "period"], name="tally_unique"),
            models.CheckConstraint(condition=Q(on_time__lte=models.F("reported")), name="tally_on_time_le_reported"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.form_id}/{self.period_id}: {self.reported}"
