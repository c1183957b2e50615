"""Form fields every app's forms share."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.text import parse_date


class VietnameseDateField(forms.CharField):
    """A date typed as 30/06/2023, 30-06-2023 or “ngày 30 tháng 6 năm 2023”, read by chibo.text and
    shown back as dd/mm/yyyy."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                                                           "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return f"{value:%d/%m/%Y}" if isinstance(value, datetime.date) else value

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            parsed = parse_date(value)
        except ValueError as exc:  # a date that does not exist, such as 31/02/2024
            raise forms.ValidationError(str(exc)) from exc
        if not isinstance(parsed, datetime.date):
            raise forms.ValidationError(
                _("Không đọc được ngày “%(value)s”: hãy nhập theo dạng ngày/tháng/năm, ví dụ 30/06/2025."),
                params={"value": value},
            )
        return parsed
