"""Forms of the assignments app: parse input; the services decide."""


from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.accounts import scope
from chibo.accounts.models import MANAGING_ROLES
from chibo.core.forms import VietnameseDateField
from chibo.orgs.models import FUNCTIONAL_KINDS, Unit, UnitKind, subtree_q

from .models import DeliverableKind

ASSIGNABLE_KINDS = [
    (UnitKind.COMMUNE, UnitKind.COMMUNE.label), (UnitKind.GRASSROOTS, UnitKind.GRASSROOTS.label),
    (UnitKind.GRASSROOTS_CELL, UnitKind.GRASSROOTS_CELL.label), (UnitKind.CELL, UnitKind.CELL.label),
    (UnitKind.DISTRICT, UnitKind.DISTRICT.label), (UnitKind.BLOC, UnitKind.BLOC.label),
    (UnitKind.GRASSROOTS_PROPAGANDA_BOARD, UnitKind.GRASSROOTS_PROPAGANDA_BOARD.label),
    (UnitKind.GRASSROOTS_PROPAGANDA_TEAM, UnitKind.GRASSROOTS_PROPAGANDA_TEAM.label),
]


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
    issuer = forms.ModelChoiceField(label=_("Đơn vị giao"), queryset=Unit.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=300)
    description = forms.CharField(label=_("Nội dung, yêu cầu"), widget=forms.Textarea, required=False)
    deliverable = forms.ChoiceField(label=_("Sản phẩm yêu cầu"), choices=DeliverableKind.choices)
    deadline = VietnameseDateField(label=_("Hạn hoàn thành"))
    remind_days_before = forms.IntegerField(label=_("Nhắc trước hạn (ngày)"), min_value=0, max_value=60, initial=3)
    source_notation = forms.CharField(
        label=_("Văn bản nguồn"), max_length=80, required=False,
        help_text=_("Số hiệu văn bản giao nhiệm vụ, ví dụ 15-KH/BTGDVTU; để trống nếu không có."),
    )
    source_document = forms.IntegerField(widget=forms.HiddenInput, required=False)
    under = forms.ModelChoiceField(label=_("Giao cho mọi tổ chức trực thuộc"), queryset=Unit.objects.none(),
                                   required=False, empty_label=_("— Không chọn —"))
    kinds = forms.MultipleChoiceField(label=_("thuộc các loại"), choices=ASSIGNABLE_KINDS, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    units = forms.ModelMultipleChoiceField(label=_("Hoặc chọn từng đơn vị"), queryset=Unit.objects.none(),
                                           required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, user, *args, source=None, **kwargs):
        """`source`: the document the assignment carries out, when opened from its page."""
        super().__init__(*args, **kwargs)
        self.user = user
        issuers = issuing_units(user)
        self.fields["issuer"].queryset = issuers
        self.fields["under"].queryset = Unit.objects.filter(pk__in=[u.pk for u in scope.role_units(user, MANAGING_ROLES)])
        self.fields["units"].queryset = choosable_units(user)
        if not self.is_bound and issuers:
            self.fields["issuer"].initial = issuers[0].pk
        if not self.is_bound and source is not None:
            self.initial.update(source_notation=source.notation, source_document=source.pk,
                                title=_("Xây dựng kế hoạch thực hiện %(title)s") % {"title": source.title})

    def clean(self):
        data = super().clean()
        if not data.get("units") and not (data.get("under") and data.get("kinds")):
            raise forms.ValidationError(_("Hãy chọn đơn vị nhận: “mọi tổ chức trực thuộc” kèm loại tổ chức, "
                                          "hoặc chọn từng đơn vị."))
        data["source"] = self._source(data)
        return data

    def _source(self, data):
        """The source document: the one the page was opened from, or found by its notation (in scope)."""
        from chibo.documents import selectors as documents

        notation = (data.get("source_notation") or "").strip()
        if not notation:
            return None
        if data.get("source_document"):
            chosen = documents.visible_documents(self.user).filter(pk=data["source_document"]).first()
            if chosen is not None and chosen.notation_key == documents.notation_key(notation):
                return chosen
        near = data.get("issuer") or (scope.role_units(self.user, MANAGING_ROLES) or [None])[0]
        found = documents.nearest_by_notation(self.user, notation, near) if near is not None else None
        if found is None:
            self.add_error("source_notation", _("Không tìm thấy văn bản “%(n)s” trong sổ văn bản: hãy đăng ký "
                                                "văn bản trước, hoặc để trống.") % {"n": notation})
        return found


class SubmitForm(forms.Form):
    note = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea, required=False)
    implementing_document = forms.ModelChoiceField(label=_("Văn bản triển khai đã có trong sổ"), queryset=None,
                                                   required=False, empty_label=_("— Chọn văn bản —"))
    document_notation = forms.CharField(label=_("hoặc số hiệu văn bản triển khai mới"), max_length=80,
                                        required=False, help_text=_("Ví dụ 39-KH/ĐU: văn bản được đăng ký vào sổ "
                                                                    "văn bản của đơn vị khi nộp."))
    document_issued_on = VietnameseDateField(label=_("Ngày ban hành"), required=False)
    document_abstract = forms.CharField(label=_("Trích yếu"), max_length=1000, required=False)
    attachment = forms.FileField(label=_("Tệp đính kèm"), required=False)

    CHOICES_SHOWN = 200

    def __init__(self, user, task, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from chibo.documents.models import Document

        field = self.fields["implementing_document"]
        field.queryset = scope.visible(user, Document, include_public=False).filter(
            subtree_q([task.unit], prefix="owner__")).order_by("-recency", "-id")
        # The most recent documents of the unit are offered; an older one is typed by its notation.
        field.choices = [("", field.empty_label)] + [
            (d.pk, " · ".join(p for p in (d.notation, d.issued_on.strftime("%d/%m/%Y") if d.issued_on else "",
                                            d.abstract[:80]) if p))
            for d in field.queryset[: self.CHOICES_SHOWN]
        ]
        self.unit = task.unit
        self.user = user

    def clean(self):
        data = super().clean()
        notation = (data.get("document_notation") or "").strip()
        data["new_document"] = None
        if notation:
            if data.get("implementing_document"):
                self.add_error("document_notation", _("Hãy chọn văn bản đã có hoặc nhập số hiệu mới, không cả hai."))
                return data
            from chibo.documents import selectors as documents

            known = documents.nearest_by_notation(self.user, notation, self.unit)
            if known is not None and known.owner.path.startswith(self.unit.path):
                data["implementing_document"] = known
            else:
                data["new_document"] = {"notation": notation, "issued_on": data.get("document_issued_on"),
                                        "abstract": data.get("document_abstract") or ""}
        return data


class ExtensionForm(forms.Form):
    requested_due = VietnameseDateField(label=_("Đề nghị gia hạn đến ngày"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Duyệt")), ("return", _("Trả lại"))])
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    resubmit_by = VietnameseDateField(label=_("Hạn nộp lại"), required=False)
