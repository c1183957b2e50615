from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Grade


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    excellent_quota_percent = forms.IntegerField(label=_("Tỷ lệ xuất sắc tối đa (% số hoàn thành tốt)"), min_value=0, max_value=100, initial=20)


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Xếp loại"), choices=Grade.choices)
    comment = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
