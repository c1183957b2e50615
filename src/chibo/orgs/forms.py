"""Forms for changing the tree. Units chosen by id are re-checked against the user's scope."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chibo.accounts import scope

from .models import Unit, UnitKind


class UnitField(forms.IntegerField):
    """A unit the user can see, typed or picked by id."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self, value):
        pk = super().clean(value)
        if pk is None:
            return None
        unit = scope.visible(self.user, Unit).filter(pk=pk).first()
        if unit is None or not scope.can_manage(self.user, unit):
            raise forms.ValidationError(_("Không tìm thấy tổ chức số %(pk)s trong phạm vi bạn quản lý.") % {"pk": pk})
        return unit


class ChildUnitForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=100, required=False)
    code = forms.CharField(label=_("Ký hiệu ban hành"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=UnitKind.choices)
    place = forms.CharField(label=_("Địa bàn"), max_length=255, required=False)
    valid_from = forms.DateField(label=_("Hiệu lực từ (dd/mm/yyyy)"), required=False)


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=100, required=False)
    code = forms.CharField(label=_("Ký hiệu ban hành"), max_length=30, required=False)
    on = forms.DateField(label=_("Từ ngày (dd/mm/yyyy)"), initial=timezone.localdate)


class _TargetForm(forms.Form):
    on = forms.DateField(label=_("Từ ngày (dd/mm/yyyy)"), initial=timezone.localdate)
    note = forms.CharField(label=_("Ghi chú, căn cứ quyết định"), max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for _name, field in self.fields.items():
            if isinstance(field, UnitField):
                field.user = user


class MoveForm(_TargetForm):
    target = UnitField(label=_("Chuyển về trực thuộc (số hiệu tổ chức)"))


class MergeForm(_TargetForm):
    target = UnitField(label=_("Hợp nhất vào (số hiệu tổ chức)"))


class DissolveForm(_TargetForm):
    target = UnitField(label=_("Chuyển các tổ chức trực thuộc về (để trống: cùng kết thúc)"), required=False)
