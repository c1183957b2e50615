"""Activities: cell meetings, seminars and ceremonies, with attendance and minutes.

An `Activity` belongs to its organising unit; its attendance rows are the one record of who
came. Check-in (code, QR or roll call) writes those rows, and the counts shown in the minutes
and rolled up the tree are recomputed from them in the same transaction, never typed twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    REGULAR = "regular", _("Sinh hoạt chi bộ thường kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")
    SEMINAR = "seminar", _("Tọa đàm")
    CONFERENCE = "conference", _("Hội nghị")
    CEREMONY = "ceremony", _("Lễ kỷ niệm")
    PROPAGANDA = "propaganda", _("Tuyên truyền")
    VOLUNTEER = "volunteer", _("Lao động tình nguyện")
    OTHER = "other", _("Hoạt động khác")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    HELD = "held", _("Đã tổ chức")
    CANCELLED = "cancelled", _("Hoãn, hủy")


class MeetingSeries(models.Model):
    """Lịch sinh hoạt định kỳ: a cell's monthly meeting, from which the monthly activities are made."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("chi bộ"), on_delete=models.CASCADE, related_name="meeting_series")
    kind = models.CharField(_("loại"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.REGULAR)
    title = models.CharField(_("tên"), max_length=255)
    day_of_month = models.PositiveSmallIntegerField(_("ngày trong tháng"))
    start_time = models.TimeField(_("giờ bắt đầu"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("lịch sinh hoạt định kỳ")
        verbose_name_plural = _("lịch sinh hoạt định kỳ")
        constraints = [
            models.CheckConstraint(condition=Q(day_of_month__gte=1, day_of_month__lte=28), name="series_day_1_28"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="series_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.unit}"


CHECKIN_WINDOW_DAYS = 1
"""Members check in with the meeting's code from the day before to the day after it."""


class Activity(models.Model):
    """Hoạt động: a meeting (sinh hoạt), seminar (tọa đàm), conference, ceremony or campaign day."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="activities")
    co_units = models.ManyToManyField("orgs.Unit", verbose_name=_("đơn vị phối hợp"), blank=True, related_name="co_activities")
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=ActivityKind.choices)
    topic = models.CharField(_("chủ đề"), max_length=300)
    on = models.DateField(_("ngày"))
    starts_at = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    ends_at = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    status = models.CharField(_("tình trạng"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    chair = models.ForeignKey(
        "members.Person", verbose_name=_("chủ trì"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    recorder = models.ForeignKey(
        "members.Person", verbose_name=_("thư ký"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    series = models.ForeignKey(MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities")
    # Before the meeting.
    agenda = models.TextField(_("chương trình"), blank=True)
    carries_out = models.TextField(
        _("văn bản thực hiện"), blank=True,
        help_text=_("Các văn bản hoạt động này triển khai, ví dụ: Chỉ thị số 03-CT/TW ngày 14/05/2011 của Bộ Chính trị."),
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("văn bản được triển khai"), blank=True, related_name="activities",
        help_text=_("Các văn bản trong sổ văn bản mà hoạt động triển khai; nhận ra từ số hiệu ghi ở mục văn bản thực hiện."),
    )
    task = models.ForeignKey(
        "assignments.AssigneeTask", verbose_name=_("nhiệm vụ được giao"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="activities",
        help_text=_("Nhiệm vụ cấp trên giao mà hoạt động này thực hiện."),
    )
    next_meeting_on = models.DateField(_("ngày sinh hoạt tháng sau"), null=True, blank=True)
    next_meeting_topic = models.CharField(_("nội dung sinh hoạt tháng sau"), max_length=300, blank=True)
    invitations_sent_at = models.DateTimeField(_("đã gửi giấy mời lúc"), null=True, blank=True)
    # Check-in: members type this code or scan the QR code that carries it.
    checkin_code = models.CharField(_("mã điểm danh"), max_length=6, blank=True, db_index=True)
    # Minutes (biên bản).
    contents = models.TextField(_("diễn biến, nội dung"), blank=True)
    conclusions = models.TextField(_("kết luận"), blank=True)
    # Counts recomputed from the attendance rows whenever they change (the minutes and roll-ups read these).
    members_expected = models.PositiveIntegerField(default=0)
    members_present = models.PositiveIntegerField(default=0)
    members_absent_excused = models.PositiveIntegerField(default=0)
    members_absent_unexcused = models.PositiveIntegerField(default=0)
    sympathisers_present = models.PositiveIntegerField(default=0)
    guests_present = models.PositiveIntegerField(default=0)
    contributions = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-on", "-starts_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "on"], name="activity_unit_on"),
            models.Index(fields=["kind", "status", "on"], name="activity_kind_status_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(members_present__lte=F("members_expected")), name="activity_present_within_expected",
            ),
            models.UniqueConstraint(fields=["series", "on"], condition=Q(series__isnull=False), name="activity_series_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic} ({self.on:%d/%m/%Y})"

    @property
    def duration_minutes(self) -> int | None:
        if self.starts_at is None or self.ends_at is None:
            return None
        return (self.ends_at.hour * 60 + self.ends_at.minute) - (self.starts_at.hour * 60 + self.starts_at.minute)

    def is_checkin_open(self, today) -> bool:
        """Whether a member may check in on `today` (not cancelled, within the check-in window)."""
        return self.status != ActivityStatus.CANCELLED and abs((self.on - today).days) <= CHECKIN_WINDOW_DAYS

    @property
    def attendance_rate(self):
        """Share of invited members present, 0..1 (None when no member was invited)."""
        return self.members_present / self.members_expected if self.members_expected else None


class AttendeeCategory(models.TextChoices):
    MEMBER = "member", _("Đảng viên")
    SYMPATHISER = "sympathiser", _("Cảm tình đảng, quần chúng")
    GUEST = "guest", _("Khách mời")


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Chưa điểm danh")
    PRESENT = "present", _("Có mặt")
    EXCUSED = "excused", _("Vắng có lý do")
    UNEXCUSED = "unexcused", _("Vắng không lý do")


class CheckinMethod(models.TextChoices):
    CODE = "code", _("Nhập mã")
    QR = "qr", _("Quét mã QR")
    ROLL_CALL = "roll_call", _("Bí thư điểm danh")


class Attendance(models.Model):
    """Điểm danh: one invited person (or a guest by name) at one activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="attendance")
    guest_name = models.CharField(_("họ và tên khách"), max_length=150, blank=True)
    guest_organisation = models.CharField(_("đơn vị của khách"), max_length=255, blank=True)
    category = models.CharField(_("thành phần"), max_length=20, choices=AttendeeCategory.choices)
    status = models.CharField(_("điểm danh"), max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED)
    absence_reason = models.CharField(_("lý do vắng"), max_length=255, blank=True)
    contributions = models.PositiveSmallIntegerField(_("số lượt phát biểu"), default=0)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checkin_method = models.CharField(max_length=20, choices=CheckinMethod.choices, blank=True)

    scope_unit_field = "activity__unit"

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["category", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(guest_name=""), name="attendance_person_or_guest_name",
            ),
            models.UniqueConstraint(fields=["activity", "person"], condition=Q(person__isnull=False), name="attendance_once_per_person"),
            models.CheckConstraint(
                condition=Q(contributions=0) | Q(status="present"), name="attendance_only_present_contribute",
            ),
        ]
        indexes = [models.Index(fields=["person", "activity"], name="attendance_person_activity")]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.get_status_display()}"

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id else self.guest_name


class AttachmentKind(models.TextChoices):
    READING = "reading", _("Tài liệu gửi trước")
    PHOTO = "photo", _("Ảnh")
    FILE = "file", _("Tệp đính kèm")


class Attachment(models.Model):
    """Tài liệu, ảnh: documents sent ahead to read, photos and files of the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.FILE)
    file = models.FileField(_("tệp"), upload_to="activities/%Y/%m/")
    title = models.CharField(_("tên"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "activity__unit"

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.title or self.file.name
