"""Forms of the reporting pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo import text
from chibo.core.forms import VietnameseDateField
from chibo.orgs.models import UnitKind

from . import computed
from .models import Aggregation, PeriodKind, RuleOperator, ValueType
from .numbers import parse_number

# Words staff type for a value type or an aggregation, looked up folded (with or without diacritics).
_TYPES = {text.fold(k): v for k, v in ({c: c for c in ValueType.values} | {
    "số nguyên": ValueType.INTEGER, "nguyên": ValueType.INTEGER, "số": ValueType.INTEGER,
    "thập phân": ValueType.DECIMAL, "số thập phân": ValueType.DECIMAL,
    "tiền": ValueType.MONEY, "đồng": ValueType.MONEY, "tiền (đồng)": ValueType.MONEY,
    "%": ValueType.PERCENT, "tỷ lệ": ValueType.PERCENT, "phần trăm": ValueType.PERCENT,
    "có/không": ValueType.BOOLEAN, "có / không": ValueType.BOOLEAN,
    "văn bản": ValueType.TEXT, "chữ": ValueType.TEXT,
}).items()}
_AGGREGATIONS = {text.fold(k): v for k, v in ({c: c for c in Aggregation.values} | {
    "tổng": Aggregation.SUM, "cộng": Aggregation.SUM, "cộng tổng": Aggregation.SUM, "tổng cộng": Aggregation.SUM,
    "trung bình": Aggregation.AVERAGE, "nhỏ nhất": Aggregation.MIN, "lớn nhất": Aggregation.MAX,
    "không": Aggregation.NONE, "không tổng hợp": Aggregation.NONE,
}).items()}
_OPERATORS = {"<=": RuleOperator.LE, "≤": RuleOperator.LE, "<": RuleOperator.LT, ">=": RuleOperator.GE,
              "≥": RuleOperator.GE, ">": RuleOperator.GT, "=": RuleOperator.EQ}

EXAMPLE = ("TU | Số tủ sách | tủ | số nguyên | tổng | x\n"
           "TUMOI | Tủ sách xây mới | tủ | số nguyên | tổng\n"
           "TIEN | Kinh phí ủng hộ | đồng | tiền | tổng | | 0\n"
           "TYLE | Tỷ lệ đảng viên dự sinh hoạt | % | % | trung bình | | | | activities.attendance_rate")


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
    period_start = VietnameseDateField(label=_("Kỳ tùy chỉnh: từ ngày"), required=False,
                                   widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    period_end = VietnameseDateField(label=_("Kỳ tùy chỉnh: đến ngày"), required=False,
                                 widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    period_name = forms.CharField(label=_("Kỳ tùy chỉnh: tên kỳ"), max_length=100, required=False,
                                  help_text=_("Chỉ khi loại kỳ là kỳ tùy chỉnh, ví dụ: Sơ kết 3 năm thực hiện Quy định số 60-QĐ/TU."))
    indicator_lines = forms.CharField(
        label=_("Chỉ tiêu (mỗi dòng một chỉ tiêu)"), widget=forms.Textarea(attrs={"rows": 10, "placeholder": EXAMPLE}),
        help_text=_("MÃ | Tên chỉ tiêu | đơn vị tính | kiểu (số nguyên, thập phân, tiền, %, có/không, văn bản) | "
                    "tổng hợp (tổng, trung bình, nhỏ nhất, lớn nhất, không) | bắt buộc (x) | nhỏ nhất | lớn nhất | "
                    "tính tự động (mã trong danh sách bên dưới; để trống nếu nhập tay)"),
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
            parts = [p.strip() for p in line.split("|")] + [""] * 9
            code, name, measure, vtype, agg, required, lo, hi, source = parts[:9]
            if not code or not name:
                errors.append(_("Dòng %(n)d: cần mã và tên chỉ tiêu.") % {"n": n})
                continue
            value_type = _TYPES.get(text.fold(vtype) or "integer")
            aggregation = _AGGREGATIONS.get(text.fold(agg) or ("none" if value_type == ValueType.TEXT else "sum"))
            if value_type is None:
                errors.append(_("Dòng %(n)d: kiểu giá trị “%(v)s” không hợp lệ.") % {"n": n, "v": vtype})
                continue
            if aggregation is None:
                errors.append(_("Dòng %(n)d: cách tổng hợp “%(v)s” không hợp lệ.") % {"n": n, "v": agg})
                continue
            if source and source not in computed.registered():
                errors.append(_("Dòng %(n)d: không có chỉ tiêu tính tự động “%(v)s”.") % {"n": n, "v": source})
                continue
            spec = dict(code=code, name=name, measure=measure, value_type=value_type, aggregation=aggregation,
                        required=text.fold(required) in ("x", "co", "1", "bat buoc"), computed=source)
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
        data["custom_period"] = None
        if data.get("period_kind") == PeriodKind.CUSTOM:
            start, end = data.get("period_start"), data.get("period_end")
            if start is None or end is None:
                errors.append(_("Kỳ tùy chỉnh cần ngày bắt đầu và kết thúc."))
            elif end < start:
                errors.append(_("Ngày kết thúc kỳ phải sau ngày bắt đầu."))
            else:
                data["custom_period"] = (start, end, data.get("period_name") or "")
        if errors:
            raise forms.ValidationError(errors)
        data["indicators"], data["rules"] = indicators, rules
        return data
