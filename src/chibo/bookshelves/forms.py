"""Forms of the bookshelf pages: they only parse; services decide."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chibo.members.models import MEMBER_STATUSES, Person
from chibo.orgs.models import Unit
from chibo.text import parse_date

from .models import Bookshelf, Condition, DonorKind, ItemKind, ReaderKind, Subject, TargetMeasure


class DateInput(forms.DateInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, **kwargs)


def _date_field(label, required=True, initial_today=True):
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           initial=timezone.localdate if initial_today else None)


class ShelfForm(forms.ModelForm):
    class Meta:
        model = Bookshelf
        fields = ["name", "place", "opening_hours", "custodian", "custodian_name", "opened_on", "status",
                  "campaign_year", "is_public", "loan_days", "loans_per_reader", "description"]
        widgets = {"opened_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["custodian"].queryset = Person.objects.filter(unit=unit, status__in=MEMBER_STATUSES)
        self.fields["campaign_year"].widget = forms.NumberInput(attrs={"min": 1990, "max": 2100})


class CellChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Chi bộ"), queryset=Unit.objects.none())

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = cells


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Ảnh tủ sách"))
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)


class TitleForm(forms.Form):
    title = forms.CharField(label=_("Nhan đề"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=ItemKind.choices, initial=ItemKind.BOOK)
    author = forms.CharField(label=_("Tác giả"), max_length=200, required=False)
    publisher = forms.CharField(label=_("Nhà xuất bản"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Năm xuất bản"), required=False, min_value=1800, max_value=2100,
                              widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    isbn = forms.CharField(label=_("ISBN"), max_length=20, required=False, help_text=_("ISBN-10 hoặc ISBN-13, có thể có dấu gạch."))
    subject = forms.ChoiceField(label=_("Chủ đề"), choices=Subject.choices, initial=Subject.PARTY)
    copies = forms.IntegerField(label=_("Số bản"), min_value=1, max_value=500, initial=1)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


def parse_items(text: str) -> list[dict]:
    """Lines "Nhan đề | Tác giả | ISBN | Số bản" (only the title is required) → item dicts."""
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (4 - len(parts))
        if len(parts) > 4:
            raise forms.ValidationError(_("Dòng %(n)s có quá 4 phần (Nhan đề | Tác giả | ISBN | Số bản).") % {"n": number})
        title, author, isbn, copies = parts[:4]
        if copies and not copies.isdigit():
            raise forms.ValidationError(_("Dòng %(n)s: số bản “%(v)s” không phải số nguyên.") % {"n": number, "v": copies})
        items.append({"title": title, "author": author, "isbn": isbn, "copies": int(copies or 1)})
    if not items:
        raise forms.ValidationError(_("Hãy nhập ít nhất một đầu sách."))
    return items


class DonationForm(forms.Form):
    donor_kind = forms.ChoiceField(label=_("Người tặng là"), choices=DonorKind.choices)
    donor_person = forms.ModelChoiceField(label=_("Đảng viên tặng"), queryset=Person.objects.none(), required=False)
    donor_name = forms.CharField(label=_("Tên người, tổ chức tặng (nếu không phải đảng viên)"), max_length=200, required=False)
    received_on = _date_field(_("Ngày nhận"))
    items = forms.CharField(
        label=_("Sách được tặng"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi dòng một đầu sách: Nhan đề | Tác giả | ISBN | Số bản (chỉ nhan đề là bắt buộc)."),
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donor_person"].queryset = people

    def clean_items(self):
        return parse_items(self.cleaned_data["items"])


class ReaderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=ReaderKind.choices, initial=ReaderKind.CITIZEN)
    person = forms.ModelChoiceField(label=_("Đảng viên (nếu là đảng viên)"), queryset=Person.objects.none(), required=False)
    name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    contact = forms.CharField(label=_("Điện thoại hoặc địa chỉ"), max_length=150, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class LoanForm(forms.Form):
    copy_number = forms.IntegerField(label=_("Số đăng ký của bản sách"), min_value=1,
                                     help_text=_("Số in trên nhãn, ví dụ 12 của nhãn TS3-00012."))
    reader = forms.ModelChoiceField(label=_("Bạn đọc"), queryset=None)
    borrowed_on = _date_field(_("Ngày mượn"))

    def __init__(self, *args, readers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reader"].queryset = readers


class ReturnForm(forms.Form):
    returned_on = _date_field(_("Ngày trả"))
    damaged = forms.BooleanField(label=_("Sách bị hư hỏng"), required=False)


class ReadingForm(forms.Form):
    on = _date_field(_("Ngày"))
    readers = forms.IntegerField(label=_("Số lượt đọc tại chỗ"), min_value=1, max_value=10_000)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


def parse_numbers(text: str) -> list[int]:
    """"1, 4, 7-9" → [1, 4, 7, 8, 9]."""
    numbers: list[int] = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        low, sep, high = part.partition("-")
        if not low.strip().isdigit() or (sep and not high.strip().isdigit()):
            raise forms.ValidationError(_("“%(v)s” không phải số đăng ký hoặc khoảng số (ví dụ 7-9).") % {"v": part})
        low_n, high_n = int(low), int(high) if sep else int(low)
        if high_n < low_n or high_n - low_n > 5000:
            raise forms.ValidationError(_("Khoảng số “%(v)s” không hợp lệ.") % {"v": part})
        numbers.extend(range(low_n, high_n + 1))
    return numbers


class StocktakeForm(forms.Form):
    held_on = _date_field(_("Ngày kiểm kê"))
    missing = forms.CharField(label=_("Số đăng ký các bản thất lạc"), required=False,
                              help_text=_("Ví dụ: 3, 8, 12-14. Để trống nếu đủ."))
    damaged = forms.CharField(label=_("Số đăng ký các bản hư hỏng"), required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_missing(self):
        return parse_numbers(self.cleaned_data["missing"])

    def clean_damaged(self):
        return parse_numbers(self.cleaned_data["damaged"])


def parse_follow_ups(text: str) -> list[tuple[str, datetime.date]]:
    """Lines "việc cần làm | dd/mm/yyyy" → (description, due date)."""
    result = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        description, _sep, due = line.rpartition("|")
        try:
            due_on = parse_date(due.strip()) if description else None
        except ValueError:
            due_on = None
        if not description.strip() or due_on is None:
            raise forms.ValidationError(
                _("Dòng %(n)s: ghi “việc cần làm | hạn dd/mm/yyyy”.") % {"n": number})
        result.append((description.strip(), due_on))
    return result


class InspectionForm(forms.Form):
    inspecting_unit = forms.ModelChoiceField(label=_("Đơn vị kiểm tra"), queryset=Unit.objects.none())
    inspected_on = _date_field(_("Ngày kiểm tra"))
    condition = forms.ChoiceField(label=_("Tình trạng tủ sách"), choices=Condition.choices)
    problems = forms.CharField(label=_("Tồn tại, hạn chế"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    conclusion = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    follow_ups = forms.CharField(
        label=_("Việc cần khắc phục"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("Mỗi dòng một việc: nội dung | hạn dd/mm/yyyy."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspecting_unit"].queryset = units

    def clean_follow_ups(self):
        return parse_follow_ups(self.cleaned_data["follow_ups"])


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100,
                              widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    measure = forms.ChoiceField(label=_("Chỉ tiêu"), choices=TargetMeasure.choices)
    target = forms.IntegerField(label=_("Mức phấn đấu"), min_value=1)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class LoanRuleForm(forms.Form):
    loan_days = forms.IntegerField(label=_("Số ngày mượn"), min_value=1, max_value=365)
    loans_per_reader = forms.IntegerField(label=_("Số bản mượn tối đa mỗi bạn đọc"), min_value=1, max_value=50)


class SupportForm(forms.Form):
    pledge = forms.CharField(label=_("Tôi sẽ tham gia bằng cách"), max_length=255, required=False,
                             help_text=_("Ví dụ: tặng sách, giữ tủ sách ngày thứ bảy, vận động bà con đọc sách."))
