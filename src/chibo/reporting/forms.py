"""Forms of the reporting pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.orgs.models import UnitKind

from .models import Aggregation, PeriodKind, RuleOperator, ValueType
from .numbers import parse_number

_TYPES = {c.lower(): c for c in ValueType.values} | {
    "số nguyên": ValueType.INTEGER, "thập phân": ValueType.DECIMAL, "tiền": ValueType.MONEY, "%": ValueType.PERCENT,
    "có/không": ValueType.BOOLEAN, "văn bản": ValueType.TEXT,
}
_AGGREGATIONS = {c.lower(): c for c in Aggregation.values} | {
    "tổng": Aggregation.SUM, "cộng": Aggregation.SUM, "trung bình": Aggregation.AVERAGE,
    "nhỏ nhất": Aggregation.MIN, "lớn nhất": Aggregation.MAX, "không": Aggregation.NONE,
}
_OPERATORS = {"<=": RuleOperator.LE, "≤": RuleOperator.LE, "<": RuleOperator.LT, ">=": RuleOperator.GE,
              "≥": RuleOperator.GE, ">": RuleOperator.GT, "=": RuleOperator.EQ}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel đã điền"))


class FormDefinitionForm(forms.Form):
    """Biểu mẫu: one indicator per line, `MÃ | Tên | đơn vị tính | kiểu | tổng hợp | bắt buộc | min | max`."""

    code = forms.CharField(label=_("Mã biểu"), max_length=40)
    name = forms.CharField(label=_("Tên biểu mẫu"), max_length=255)
    period_kind = forms.ChoiceField(label=_("Loại kỳ"), choices=PeriodKind.choices)
    reporting_kinds = forms.MultipleChoiceField(label=_("Tổ chức phải báo cáo"), choices=UnitKind.choices,
                                                widget=forms.CheckboxSelectMultiple)
    due_days = forms.IntegerField(label=_("Hạn nộp (số ngày sau kỳ)"), min_value=0, max_value=365, initial=5)
    indicator_lines = forms.CharField(
        label=_("Chỉ tiêu (mỗi dòng một chỉ tiêu)"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("MÃ | Tên chỉ tiêu | đơn vị tính | kiểu (integer, decimal, money, percent, boolean, text) | "
                    "tổng hợp (sum, avg, min, max, none) | bắt buộc (x) | nhỏ nhất | lớn nhất"),
    )
    rule_lines = forms.CharField(
        label=_("Quy tắc kiểm tra (mỗi dòng một quy tắc)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: TUMOI <= TU"),
    )

    def clean(self):
        data = super().clean()
        indicators, errors = [], []
        for n, line in enumerate((data.get("indicator_lines") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + [""] * 8
            code, name, measure, vtype, agg, required, lo, hi = parts[:8]
            if not code or not name:
                errors.append(_("Dòng %(n)d: cần mã và tên chỉ tiêu.") % {"n": n})
                continue
            value_type = _TYPES.get(vtype.lower() or "integer")
            aggregation = _AGGREGATIONS.get(agg.lower() or ("none" if value_type == ValueType.TEXT else "sum"))
            if value_type is None:
                errors.append(_("Dòng %(n)d: kiểu giá trị “%(v)s” không hợp lệ.") % {"n": n, "v": vtype})
                continue
            if aggregation is None:
                errors.append(_("Dòng %(n)d: cách tổng hợp “%(v)s” không hợp lệ.") % {"n": n, "v": agg})
                continue
            spec = dict(code=code, name=name, measure=measure, value_type=value_type, aggregation=aggregation,
                        required=required.lower() in ("x", "có", "1", "bắt buộc"))
            try:
                if lo:
                    spec["min_value"] = parse_number(lo)
                if hi:
                    spec["max_value"] = parse_number(hi)
            except ValueError as exc:
                errors.append(_("Dòng %(n)d: %(e)s") % {"n": n, "e": exc})
                continue
            indicators.append(spec)
        if not indicators and not errors:
            errors.append(_("Biểu mẫu cần ít nhất một chỉ tiêu."))
        rules = []
        for n, line in enumerate((data.get("rule_lines") or "").splitlines(), start=1):
            if not line.strip():
                continue
            for symbol in sorted(_OPERATORS, key=len, reverse=True):
                if symbol in line:
                    left, right = (p.strip() for p in line.split(symbol, 1))
                    rules.append((left, _OPERATORS[symbol], right, ""))
                    break
            else:
                errors.append(_("Quy tắc dòng %(n)d: cần một phép so sánh (<=, <, >=, >, =).") % {"n": n})
        if errors:
            raise forms.ValidationError(errors)
        data["indicators"], data["rules"] = indicators, rules
        return data
