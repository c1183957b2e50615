"""Forms of the registry. Notations and dates typed by users are read by chibo.text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.accounts import scope
from chibo.accounts.models import MANAGING_ROLES
from chibo.core.forms import VietnameseDateField

from .models import Confidentiality, Distribution, DocumentStatus, DocumentSystem, DocumentType, RelationKind
from .services import check_secrecy


def owner_choices(user):
    return [(u.pk, u.name) for u in scope.role_units(user, MANAGING_ROLES)] or []


class OwnerMixin:
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = owner_choices(user)
        self.fields["owner"].choices = choices
        if choices and not self.initial.get("owner"):
            self.initial["owner"] = choices[0][0]

    def clean_owner(self):
        from chibo.orgs.models import Unit

        pk = int(self.cleaned_data["owner"])
        return scope.get_visible(self.user, Unit, pk=pk)


class DocumentForm(OwnerMixin, forms.Form):
    owner = forms.ChoiceField(label=_("Sổ văn bản của"))
    notation = forms.CharField(label=_("Số hiệu"), max_length=80, help_text=_("Ví dụ 11-KH/BTGTU, 1206/QĐ-UBND"))
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False,
                                  help_text=_("Để trống nếu là đơn vị trong hệ thống (tìm theo ký hiệu)."))
    issued_on = VietnameseDateField(label=_("Ngày ban hành"), required=False)
    abstract = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    signer_position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    confidentiality = forms.ChoiceField(label=_("Độ mật"), choices=Confidentiality.choices, initial=Confidentiality.NORMAL)
    distribution = forms.ChoiceField(label=_("Phạm vi"), choices=Distribution.choices, initial=Distribution.PUBLIC)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=DocumentStatus.choices, initial=DocumentStatus.ISSUED)
    tags = forms.CharField(label=_("Nhãn"), required=False, help_text=_("Cách nhau bởi dấu phẩy"))
    attachment = forms.FileField(label=_("Tệp đính kèm (PDF, DOCX, ảnh)"), required=False)

    def clean_tags(self):
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]

    def clean(self):
        """Refuse the content of a graded document on an Internet-facing instance before anything is saved."""
        data = super().clean()
        content = [data.get(name) for name in ("abstract", "signer", "signer_position", "tags", "attachment")]
        check_secrecy(data.get("confidentiality", ""), has_content=any(content))
        return data


class PasteForm(OwnerMixin, forms.Form):
    owner = forms.ChoiceField(label=_("Sổ văn bản của"))
    text = forms.CharField(label=_("Nội dung văn bản hoặc bài viết"), widget=forms.Textarea(attrs={"rows": 12}))
    confidentiality = forms.ChoiceField(label=_("Độ mật"), choices=Confidentiality.choices, initial=Confidentiality.NORMAL)
    distribution = forms.ChoiceField(label=_("Phạm vi"), choices=Distribution.choices, initial=Distribution.PUBLIC)


class UploadForm(OwnerMixin, forms.Form):
    owner = forms.ChoiceField(label=_("Sổ văn bản của"))
    file = forms.FileField(label=_("Tệp PDF hoặc DOCX"))
    confidentiality = forms.ChoiceField(label=_("Độ mật"), choices=Confidentiality.choices, initial=Confidentiality.NORMAL)
    distribution = forms.ChoiceField(label=_("Phạm vi"), choices=Distribution.choices, initial=Distribution.PUBLIC)


class ImportForm(OwnerMixin, forms.Form):
    owner = forms.ChoiceField(label=_("Sổ văn bản của"))
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm văn bản"), required=False)
    type_code = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Mọi loại")), *DocumentType.choices])
    issuer = forms.CharField(label=_("Ký hiệu cơ quan ban hành"), required=False, max_length=30)
    include_predecessors = forms.BooleanField(label=_("Gồm cả cơ quan tiền thân"), required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1930, max_value=2100, error_messages={
        "invalid": _("Hãy nhập năm bằng chữ số, ví dụ 2021."),
        "min_value": _("Hãy nhập năm từ 1930 đến 2100."), "max_value": _("Hãy nhập năm từ 1930 đến 2100."),
    })
    system = forms.ChoiceField(label=_("Hệ thống"), required=False, choices=[("", _("Tất cả")), *DocumentSystem.choices])
    mine = forms.BooleanField(label=_("Chỉ sổ văn bản của đơn vị tôi"), required=False)


class RelateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=RelationKind.choices)
    target = forms.CharField(label=_("Số hiệu văn bản được liên kết"), max_length=80)
