"""Forms of the assignments app: parse input; the services decide."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.accounts import scope
from chibo.accounts.models import MANAGING_ROLES
from chibo.orgs.models import FUNCTIONAL_KINDS, Unit, UnitKind, subtree_q
from chibo.text import parse_date

from .models import DeliverableKind

ASSIGNABLE_KINDS = [
    (UnitKind.COMMUNE, UnitKind.COMMUNE.label), (UnitKind.GRASSROOTS, UnitKind.GRASSROOTS.label),
    (UnitKind.GRASSROOTS_CELL, UnitKind.GRASSROOTS_CELL.label), (UnitKind.CELL, UnitKind.CELL.label),
    (UnitKind.DISTRICT, UnitKind.DISTRICT.label), (UnitKind.BLOC, UnitKind.BLOC.label),
    (UnitKind.GRASSROOTS_PROPAGANDA_BOARD, UnitKind.GRASSROOTS_PROPAGANDA_BOARD.label),
    (UnitKind.GRASSROOTS_PROPAGANDA_TEAM, UnitKind.GRASSROOTS_PROPAGANDA_TEAM.label),
]


class VietnameseDateField(forms.CharField):
    """A date typed as 30/06/2023, 30-06-2023 or "ngày 30 tháng 6 năm 2023", read by chibo.text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if isinstance(value, datetime.date):
            return value
        parsed = parse_date(value)
        if parsed is None:
            raise forms.ValidationError(_("Không đọc được ngày “%(value)s”: hãy nhập theo dạng ngày/tháng/năm, "
                                          "ví dụ 30/06/2025.") % {"value": value})
        return parsed


def issuing_units(user):
    """Units the user may issue from: where they hold a managing role, and those units' boards."""
    roots = scope.role_units(user, MANAGING_ROLES)
    if not roots:
        return Unit.objects.none()
    boards = Unit.objects.filter(subtree_q(roots, include_self=False), kind__in=FUNCTIONAL_KINDS,
                                 depth__in={r.depth + 1 for r in roots})
    return Unit.objects.filter(pk__in=[r.pk for r in roots] + list(boards.values_list("pk", flat=True))).current()


def choosable_units(user):
    """Units offered for picking one by one: the direct children of the user's managing units."""
    roots = scope.role_units(user, MANAGING_ROLES)
    if not roots:
        return Unit.objects.none()
    return Unit.objects.filter(subtree_q(roots, include_self=False),
                               depth__in={r.depth + 1 for r in roots}).current().order_by("path")


class AssignmentForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("Đơn vị giao"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=300)
    description = forms.CharField(label=_("Nội dung, yêu cầu"), widget=forms.Textarea, required=False)
    deliverable = forms.ChoiceField(label=_("Sản phẩm yêu cầu"), choices=DeliverableKind.choices)
    deadline = VietnameseDateField(label=_("Hạn hoàn thành"))
    remind_days_before = forms.IntegerField(label=_("Nhắc trước hạn (ngày)"), min_value=0, max_value=60, initial=3)
    source_document = forms.ModelChoiceField(label=_("Văn bản nguồn"), queryset=None, required=False)
    under = forms.ModelChoiceField(label=_("Giao cho mọi tổ chức trực thuộc"), queryset=Unit.objects.none(),
                                   required=False)
    kinds = forms.MultipleChoiceField(label=_("thuộc các loại"), choices=ASSIGNABLE_KINDS, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    units = forms.ModelMultipleChoiceField(label=_("Hoặc chọn từng đơn vị"), queryset=Unit.objects.none(),
                                           required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from chibo.documents.models import Document

        issuers = issuing_units(user)
        self.fields["issuer"].queryset = issuers
        self.fields["under"].queryset = Unit.objects.filter(pk__in=[u.pk for u in scope.role_units(user, MANAGING_ROLES)])
        self.fields["units"].queryset = choosable_units(user)
        self.fields["source_document"].queryset = scope.visible(user, Document, include_public=False)
        if not self.is_bound and issuers:
            self.fields["issuer"].initial = issuers[0].pk

    def clean(self):
        data = super().clean()
        if not data.get("units") and not (data.get("under") and data.get("kinds")):
            raise forms.ValidationError(_("Hãy chọn đơn vị nhận: “mọi tổ chức trực thuộc” kèm loại tổ chức, "
                                          "hoặc chọn từng đơn vị."))
        return data


class SubmitForm(forms.Form):
    note = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea, required=False)
    implementing_document = forms.ModelChoiceField(label=_("Văn bản triển khai"), queryset=None, required=False)
    attachment = forms.FileField(label=_("Tệp đính kèm"), required=False)

    def __init__(self, user, task, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from chibo.documents.models import Document

        self.fields["implementing_document"].queryset = scope.visible(user, Document, include_public=False).filter(
            subtree_q([task.unit], prefix="owner__"))


class ExtensionForm(forms.Form):
    requested_due = VietnameseDateField(label=_("Đề nghị gia hạn đến ngày"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Duyệt")), ("return", _("Trả lại"))])
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    resubmit_by = VietnameseDateField(label=_("Hạn nộp lại"), required=False)
