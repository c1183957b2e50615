"""Forms of activities: dates are read by chibo.text (dd/mm/yyyy, "ngày 5 tháng 3 năm 2025"…)."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chibo.accounts import scope
from chibo.accounts.models import MANAGING_ROLES
from chibo.assignments.models import AssigneeTask, TaskState
from chibo.core.forms import VietnameseDateField
from chibo.members.models import MEMBER_STATUSES, Person
from chibo.orgs.models import Unit, subtree_q

from .models import ActivityKind, AttachmentKind, AttendanceStatus, AttendeeCategory


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def managed_units(user):
    """Units the user may organise activities for: their managing units and two levels below."""
    roots = scope.role_units(user, MANAGING_ROLES)
    if getattr(user, "is_superuser", False) and not roots:
        roots = list(Unit.get_root_nodes())
    q = Q(pk__in=[])
    for root in roots:
        q |= subtree_q([root]) & Q(depth__lte=root.depth + 2)
    return Unit.objects.filter(q).current().order_by("path")


CHOOSE = _("— Chọn —")
"""The empty choice of a drop-down (Django's own "- Select an option -" has no Vietnamese)."""


def _only_choice(field) -> None:
    """Preselect the one choice a drop-down has (a cell secretary manages one cell)."""
    choices = list(field.queryset[:2])
    if len(choices) == 1 and field.initial is None:
        field.initial = choices[0].pk


class ActivityForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    kind = forms.ChoiceField(label=_("Loại hoạt động"), choices=ActivityKind.choices)
    topic = forms.CharField(label=_("Chủ đề"), max_length=300)
    on = VietnameseDateField(label=_("Ngày"))
    starts_at = forms.TimeField(label=_("Giờ bắt đầu"), required=False, widget=TimeInput())
    ends_at = forms.TimeField(label=_("Giờ kết thúc (dự kiến)"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    agenda = forms.CharField(label=_("Chương trình"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    carries_out = forms.CharField(
        label=_("Văn bản thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Chỉ thị số 03-CT/TW ngày 14/05/2011 của Bộ Chính trị."),
    )
    chair = forms.ModelChoiceField(label=_("Chủ trì"), queryset=Person.objects.none(), required=False, empty_label=CHOOSE)
    task = forms.ModelChoiceField(
        label=_("Thực hiện nhiệm vụ được giao"), queryset=AssigneeTask.objects.none(), required=False, empty_label=CHOOSE,
        help_text=_("Nhiệm vụ cấp trên giao cho đơn vị mà hoạt động này thực hiện (nếu có)."),
    )
    next_meeting_on = VietnameseDateField(label=_("Ngày sinh hoạt tháng sau"), required=False)
    next_meeting_topic = forms.CharField(label=_("Nội dung sinh hoạt tháng sau"), max_length=300, required=False)

    def __init__(self, *args, user, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = managed_units(user)
        if unit is not None:
            units = Unit.objects.filter(pk=unit.pk)
            self.fields["unit"].initial = unit.pk
        self.fields["unit"].queryset = units
        _only_choice(self.fields["unit"])
        if unit is None and self.fields["unit"].initial is not None:
            unit = units.get(pk=self.fields["unit"].initial)
        if unit is not None:
            # The chair is one of the organising unit's members (any one of the tree below it).
            self.fields["chair"].queryset = (
                scope.visible(user, Person).filter(subtree_q([unit], prefix="unit__"), status__in=MEMBER_STATUSES)
                .order_by("name_folded")
            )
            owners = Q(unit__path__in=[*unit.ancestor_paths(), unit.path])
        else:
            del self.fields["chair"]  # chosen once the unit is known (Sửa), or in the minutes
            owners = Q(unit__in=scope.role_units(user, MANAGING_ROLES))
        self.fields["task"].queryset = (
            scope.visible(user, AssigneeTask).filter(owners).exclude(state=TaskState.ACCEPTED)
            .select_related("assignment", "unit").order_by("due_on", "id")
        )
        self.fields["task"].label_from_instance = lambda t: _("%(title)s · %(unit)s · hạn %(due)s") % {
            "title": t.assignment.title, "unit": t.unit.name, "due": f"{t.due_on:%d/%m/%Y}"}

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return data


class SeriesForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Chi bộ"), queryset=Unit.objects.none(), empty_label=CHOOSE)
    title = forms.CharField(label=_("Tên"), max_length=255, initial=_("Sinh hoạt chi bộ thường kỳ"))
    day_of_month = forms.IntegerField(label=_("Ngày trong tháng"), min_value=1, max_value=28, initial=5)
    start_time = forms.TimeField(label=_("Giờ bắt đầu"), widget=TimeInput(), initial=datetime.time(14, 0))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    starts_on = VietnameseDateField(label=_("Từ ngày"))
    months = forms.IntegerField(label=_("Số tháng"), min_value=1, max_value=24, initial=12)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = managed_units(user).cells()
        _only_choice(self.fields["unit"])


class MinutesForm(forms.Form):
    starts_at = forms.TimeField(label=_("Giờ bắt đầu"), required=False, widget=TimeInput())
    ends_at = forms.TimeField(label=_("Giờ kết thúc"), required=False, widget=TimeInput())
    chair = forms.ModelChoiceField(label=_("Chủ trì"), queryset=Person.objects.none(), required=False, empty_label=CHOOSE)
    recorder = forms.ModelChoiceField(label=_("Thư ký"), queryset=Person.objects.none(), required=False,
                                      empty_label=CHOOSE)
    contents = forms.CharField(label=_("Diễn biến, nội dung"), widget=forms.Textarea(attrs={"rows": 8}))
    conclusions = forms.CharField(label=_("Kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    next_meeting_on = VietnameseDateField(label=_("Ngày sinh hoạt tháng sau"), required=False)
    next_meeting_topic = forms.CharField(label=_("Nội dung sinh hoạt tháng sau"), max_length=300, required=False)

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(attendance__activity=activity).order_by("name_folded")
        self.fields["chair"].queryset = people
        self.fields["recorder"].queryset = people

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return data


class GuestForm(forms.Form):
    guest_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    guest_organisation = forms.CharField(label=_("Đơn vị"), max_length=255, required=False)
    category = forms.ChoiceField(label=_("Thành phần"), choices=AttendeeCategory.choices, initial=AttendeeCategory.GUEST)
    present = forms.BooleanField(label=_("Có mặt"), required=False, initial=True)


class RollCallForm(forms.Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices, required=False)
    reason = forms.CharField(max_length=255, required=False)
    contributions = forms.IntegerField(min_value=0, max_value=100, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp"))
    kind = forms.ChoiceField(label=_("Loại"), choices=AttachmentKind.choices)
    title = forms.CharField(label=_("Tên"), max_length=255, required=False)


class CheckinCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Mã điểm danh"), regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Mã điểm danh gồm 6 chữ số.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}),
    )
