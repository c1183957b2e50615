"""Writes of activities: each `do_*` checks the actor's right, writes, audits, in one transaction."""

import calendar
import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo import text
from chibo.accounts import scope
from chibo.accounts.audit import record
from chibo.members.models import MEMBER_STATUSES, Person, PersonStatus

from .models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Attachment,
    AttachmentKind,
    Attendance,
    AttendanceStatus,
    AttendeeCategory,
    CheckinMethod,
    MeetingSeries,
)


class ActivityError(ValueError):
    """A request the activity rules refuse; the message is shown to the user as is."""


SYMPATHISER_STATUSES = (PersonStatus.SYMPATHISER, PersonStatus.CANDIDATE)


def _require_manage(actor, unit) -> None:
    if not scope.can_manage(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý hoạt động của tổ chức này."))


def new_checkin_code() -> str:
    """A six-digit code members type (or scan) to check in."""
    return f"{secrets.randbelow(1_000_000):06d}"


def category_for(person: Person) -> str:
    if person.status in MEMBER_STATUSES:
        return AttendeeCategory.MEMBER
    if person.status in SYMPATHISER_STATUSES:
        return AttendeeCategory.SYMPATHISER
    return AttendeeCategory.GUEST


def refresh_counts(activity: Activity) -> Activity:
    """Recompute the activity's attendance counts from its rows: one grouped query, one update."""
    present = Q(status=AttendanceStatus.PRESENT)
    member = Q(category=AttendeeCategory.MEMBER)
    figures = Attendance.objects.filter(activity=activity).aggregate(
        members_expected=Count("id", filter=member),
        members_present=Count("id", filter=member & present),
        members_absent_excused=Count("id", filter=member & Q(status=AttendanceStatus.EXCUSED)),
        members_absent_unexcused=Count("id", filter=member & Q(status=AttendanceStatus.UNEXCUSED)),
        sympathisers_present=Count("id", filter=Q(category=AttendeeCategory.SYMPATHISER) & present),
        guests_present=Count("id", filter=Q(category=AttendeeCategory.GUEST) & present),
        contributions=Sum("contributions", default=0),
    )
    Activity.objects.filter(pk=activity.pk).update(**figures)
    for name, value in figures.items():
        setattr(activity, name, value)
    return activity


def _invite_unit_people(activity: Activity) -> int:
    """Invite the organising unit's members and sympathisers (not those who left, nor guests)."""
    people = Person.objects.filter(unit=activity.unit, status__in=[*MEMBER_STATUSES, *SYMPATHISER_STATUSES])
    existing = set(activity.attendance.filter(person__isnull=False).values_list("person_id", flat=True))
    rows = [
        Attendance(activity=activity, person=p, category=category_for(p))
        for p in people.order_by("name_folded", "id") if p.pk not in existing
    ]
    Attendance.objects.bulk_create(rows)
    return len(rows)


def link_documents(actor, activity: Activity) -> list:
    """Nối hoạt động với các văn bản nó triển khai: every notation cited in `carries_out`
    (“Chỉ thị số 03-CT/TW ngày 14/05/2011…”) that names a document the actor can see in the registry.

    A notation is unique only with its issuer and term, so when several documents share it the one
    issued on the cited date wins, else the most recent. One query for all the citations.
    """
    from chibo.documents.selectors import visible_documents

    references = text.extract_references(activity.carries_out or "")
    keys = {text.notation_key(r.notation): r for r in references}
    found: dict[str, object] = {}
    if keys:
        for document in visible_documents(actor).filter(notation_key__in=list(keys)).order_by("-recency", "-id"):
            cited = keys[document.notation_key].issued_on
            best = found.get(document.notation_key)
            if best is None or (cited is not None and document.issued_on == cited and best.issued_on != cited):
                found[document.notation_key] = document
    activity.documents.set(found.values())
    return list(found.values())


def _check_task(actor, unit, task) -> None:
    """The task an activity answers is the organising unit's own or one handed to a unit above it."""
    if task is None:
        return
    if not scope.can_see_unit(actor, task.unit) or not unit.is_in_subtree_of(task.unit):
        raise ActivityError(_("Nhiệm vụ này không giao cho đơn vị tổ chức hoạt động."))


def _check_times(starts_at, ends_at) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise ActivityError(_("Giờ kết thúc phải sau giờ bắt đầu."))


@transaction.atomic
def do_create_activity(actor, unit, *, kind: str, topic: str, on: datetime.date, starts_at=None, ends_at=None,
                       place: str = "", chair: Person | None = None, agenda: str = "", carries_out: str = "",
                       co_units=(), next_meeting_on=None, next_meeting_topic: str = "", series=None,
                       task=None) -> Activity:
    """Lên lịch một hoạt động and invite the unit's members and sympathisers.

    The documents cited in `carries_out` are linked from the registry; `task` is the assignment it answers.
    """
    _require_manage(actor, unit)
    if kind not in ActivityKind.values:
        raise ActivityError(_("Loại hoạt động không hợp lệ."))
    if not (topic or "").strip():
        raise ActivityError(_("Hãy nhập chủ đề của hoạt động."))
    if kind == ActivityKind.REGULAR and not unit.is_cell:
        raise ActivityError(_("Sinh hoạt chi bộ thường kỳ chỉ do một chi bộ tổ chức."))
    _check_times(starts_at, ends_at)
    if chair is not None and not chair.unit.is_in_subtree_of(unit) and not scope.can_see_unit(actor, chair.unit):
        raise ActivityError(_("Người chủ trì không thuộc phạm vi của bạn."))
    _check_task(actor, unit, task)
    activity = Activity.objects.create(
        unit=unit, kind=kind, topic=topic.strip(), on=on, starts_at=starts_at, ends_at=ends_at, place=place,
        chair=chair, agenda=agenda, carries_out=carries_out, checkin_code=new_checkin_code(),
        next_meeting_on=next_meeting_on, next_meeting_topic=next_meeting_topic, series=series, created_by=actor,
        task=task,
    )
    if co_units:
        activity.co_units.set(co_units)
    if carries_out:
        link_documents(actor, activity)
    invited = _invite_unit_people(activity)
    refresh_counts(activity)
    record(actor, "activities.create", activity, kind=kind, on=on.isoformat(), invited=invited)
    return activity


def month_instance_dates(starts_on: datetime.date, months: int, day_of_month: int) -> list[datetime.date]:
    """The meeting date in each of `months` months from `starts_on`'s month (on or after it)."""
    dates = []
    year, month = starts_on.year, starts_on.month
    while len(dates) < months:
        day = min(day_of_month, calendar.monthrange(year, month)[1])
        candidate = datetime.date(year, month, day)
        if candidate >= starts_on:
            dates.append(candidate)
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return dates


@transaction.atomic
def do_schedule_monthly_meetings(actor, unit, *, title: str, day_of_month: int, start_time: datetime.time,
                                 starts_on: datetime.date, months: int = 12, place: str = "") -> MeetingSeries:
    """Lịch sinh hoạt chi bộ thường kỳ: one activity per month, each announcing the next."""
    _require_manage(actor, unit)
    if not unit.is_cell:
        raise ActivityError(_("Chỉ chi bộ mới có lịch sinh hoạt thường kỳ."))
    if not 1 <= day_of_month <= 28:
        raise ActivityError(_("Ngày sinh hoạt hằng tháng phải từ 1 đến 28."))
    if not 1 <= months <= 24:
        raise ActivityError(_("Chỉ lên lịch từ 1 đến 24 tháng một lần."))
    dates = month_instance_dates(starts_on, months, day_of_month)
    series = MeetingSeries.objects.create(
        unit=unit, title=title.strip() or _("Sinh hoạt chi bộ thường kỳ"), day_of_month=day_of_month,
        start_time=start_time, place=place, starts_on=dates[0], ends_on=dates[-1],
    )
    taken = set(
        Activity.objects.filter(unit=unit, kind=ActivityKind.REGULAR, on__gte=dates[0], on__lte=dates[-1])
        .values_list("on__year", "on__month")
    )
    for index, on in enumerate(dates):
        if (on.year, on.month) in taken:
            continue
        following = dates[index + 1] if index + 1 < len(dates) else None
        do_create_activity(
            actor, unit, kind=ActivityKind.REGULAR, topic=series.title, on=on, starts_at=start_time, place=place,
            series=series, next_meeting_on=following,
        )
    record(actor, "activities.schedule_series", series, unit=unit, months=months, day=day_of_month)
    return series


@transaction.atomic
def do_update_activity(actor, activity: Activity, **fields) -> Activity:
    """Sửa thông tin trước cuộc họp: date, time, place, agenda, documents, next month's meeting."""
    _require_manage(actor, activity.unit)
    allowed = {"topic", "on", "starts_at", "ends_at", "place", "chair", "recorder", "agenda", "carries_out",
               "next_meeting_on", "next_meeting_topic", "kind", "task"}
    unknown = set(fields) - allowed
    if unknown:
        raise ActivityError(_("Không sửa được: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "task" in fields:
        _check_task(actor, activity.unit, fields["task"])
    relink = "carries_out" in fields and fields["carries_out"] != activity.carries_out
    for name, value in fields.items():
        setattr(activity, name, value)
    _check_times(activity.starts_at, activity.ends_at)
    activity.save()
    if relink:
        link_documents(actor, activity)
    record(actor, "activities.update", activity, fields=sorted(fields))
    return activity


@transaction.atomic
def do_add_attendee(actor, activity: Activity, *, person: Person | None = None, guest_name: str = "",
                    guest_organisation: str = "", category: str | None = None,
                    status: str = AttendanceStatus.INVITED) -> Attendance:
    """Mời thêm: a person of the actor's scope, or a guest by name."""
    _require_manage(actor, activity.unit)
    if person is None and not guest_name.strip():
        raise ActivityError(_("Hãy chọn một người hoặc nhập họ tên khách mời."))
    if person is not None:
        if not scope.can_see_unit(actor, person.unit):
            raise ActivityError(_("Người này không thuộc phạm vi của bạn."))
        if activity.attendance.filter(person=person).exists():
            raise ActivityError(_("%(name)s đã có trong danh sách.") % {"name": person.full_name})
    category = category or (category_for(person) if person else AttendeeCategory.GUEST)
    if category not in AttendeeCategory.values:
        raise ActivityError(_("Thành phần không hợp lệ."))
    row = Attendance.objects.create(
        activity=activity, person=person, guest_name=guest_name.strip(), guest_organisation=guest_organisation.strip(),
        category=category, status=status,
        checked_in_at=timezone.now() if status == AttendanceStatus.PRESENT else None,
        checkin_method=CheckinMethod.ROLL_CALL if status == AttendanceStatus.PRESENT else "",
    )
    refresh_counts(activity)
    record(actor, "activities.add_attendee", activity, attendee=row.display_name, category=category)
    return row


@transaction.atomic
def do_record_attendance(actor, row: Attendance, *, status: str | None = None, reason: str | None = None,
                         contributions: int | None = None) -> Attendance:
    """Điểm danh (roll call): present, absent with or without reason, and contributions."""
    activity = row.activity
    _require_manage(actor, activity.unit)
    if status is not None:
        if status not in AttendanceStatus.values:
            raise ActivityError(_("Trạng thái điểm danh không hợp lệ."))
        if status != row.status:
            row.status = status
            row.checked_in_at = timezone.now() if status == AttendanceStatus.PRESENT else None
            row.checkin_method = CheckinMethod.ROLL_CALL if status == AttendanceStatus.PRESENT else ""
    if reason is not None:
        row.absence_reason = reason.strip()
    if contributions is not None:
        if contributions < 0 or contributions > 100:
            raise ActivityError(_("Số lượt phát biểu phải từ 0 đến 100."))
        row.contributions = contributions
    if row.status != AttendanceStatus.PRESENT and row.contributions:
        if contributions:
            raise ActivityError(_("Chỉ người có mặt mới được ghi lượt phát biểu."))
        row.contributions = 0
    if row.status != AttendanceStatus.EXCUSED and reason is None:
        row.absence_reason = ""
    row.save()
    refresh_counts(activity)
    record(actor, "activities.attendance", activity, attendee=row.display_name, status=row.status,
           contributions=row.contributions)
    return row


@transaction.atomic
def do_check_in(user, activity: Activity, code: str, *, method: str = CheckinMethod.CODE) -> Attendance:
    """Tự điểm danh: a member checks in with the meeting's code (typed or scanned)."""
    person = getattr(user, "person", None)
    if person is None:
        raise ActivityError(_("Tài khoản của bạn chưa gắn với hồ sơ đảng viên nên không tự điểm danh được."))
    if activity.status == ActivityStatus.CANCELLED:
        raise ActivityError(_("Hoạt động này đã hoãn hoặc hủy."))
    if not code or not secrets.compare_digest(code.strip(), activity.checkin_code):
        raise ActivityError(_("Mã điểm danh không đúng."))
    today = timezone.localdate()
    if not activity.is_checkin_open(today):
        raise ActivityError(_("Chỉ điểm danh được trong ngày diễn ra hoạt động (%(d)s).") % {"d": f"{activity.on:%d/%m/%Y}"})
    row = Attendance.objects.select_for_update().filter(activity=activity, person=person).first()
    if row is None:
        row = Attendance(activity=activity, person=person, category=category_for(person))
    row.status = AttendanceStatus.PRESENT
    row.absence_reason = ""
    row.checked_in_at = timezone.now()
    row.checkin_method = method
    row.save()
    refresh_counts(activity)
    record(user, "activities.check_in", activity, unit=activity.unit, attendee=person.full_name, method=method)
    return row


@transaction.atomic
def do_record_minutes(actor, activity: Activity, *, contents: str, conclusions: str = "", ends_at=None,
                      starts_at=None, chair=None, recorder=None, next_meeting_on=None,
                      next_meeting_topic: str | None = None) -> Activity:
    """Biên bản: what was said and decided; marks the activity as held."""
    _require_manage(actor, activity.unit)
    if not (contents or "").strip():
        raise ActivityError(_("Biên bản cần có nội dung diễn biến."))
    activity.contents = contents.strip()
    activity.conclusions = (conclusions or "").strip()
    if starts_at is not None:
        activity.starts_at = starts_at
    if ends_at is not None:
        activity.ends_at = ends_at
    _check_times(activity.starts_at, activity.ends_at)
    if chair is not None:
        activity.chair = chair
    if recorder is not None:
        activity.recorder = recorder
    if next_meeting_on is not None:
        activity.next_meeting_on = next_meeting_on
    if next_meeting_topic is not None:
        activity.next_meeting_topic = next_meeting_topic.strip()
    activity.status = ActivityStatus.HELD
    activity.save()
    record(actor, "activities.minutes", activity)
    announce_next_meeting(actor, activity)
    return activity


def announce_next_meeting(actor, activity: Activity) -> Activity | None:
    """Thông báo sinh hoạt tháng sau: the date and topic a regular meeting sets for next month become
    that month's planned meeting (moved and retitled if scheduled, created and invited if not)."""
    if activity.kind != ActivityKind.REGULAR or activity.next_meeting_on is None:
        return None
    on = activity.next_meeting_on
    if on <= activity.on:
        raise ActivityError(_("Ngày sinh hoạt tháng sau phải sau ngày của buổi này."))
    first = on.replace(day=1)
    last = on.replace(day=calendar.monthrange(on.year, on.month)[1])
    following = (
        Activity.objects.select_for_update()
        .filter(unit=activity.unit, kind=ActivityKind.REGULAR, on__gte=first, on__lte=last)
        .exclude(status=ActivityStatus.CANCELLED).exclude(pk=activity.pk).order_by("on", "id").first()
    )
    topic = activity.next_meeting_topic
    if following is not None and following.status != ActivityStatus.PLANNED:
        return following  # that month's meeting is already held: its own record stands
    if following is None:
        following = do_create_activity(
            actor, activity.unit, kind=ActivityKind.REGULAR, topic=topic or _("Sinh hoạt chi bộ thường kỳ"), on=on,
            starts_at=activity.starts_at, place=activity.place, series=activity.series if activity.series_id else None,
        )
    elif following.on != on or (topic and following.topic != topic):
        if following.series_id and Activity.objects.filter(series_id=following.series_id, on=on).exclude(
                pk=following.pk).exists():
            raise ActivityError(_("Ngày %(d)s đã có một buổi sinh hoạt khác.") % {"d": f"{on:%d/%m/%Y}"})
        following.on = on
        following.topic = topic or following.topic
        following.save(update_fields=["on", "topic", "updated_at"])
        record(actor, "activities.announce_next", following, on=on.isoformat(), topic=following.topic)
    return following


@transaction.atomic
def do_cancel_activity(actor, activity: Activity, *, reason: str = "") -> Activity:
    _require_manage(actor, activity.unit)
    activity.status = ActivityStatus.CANCELLED
    activity.save(update_fields=["status", "updated_at"])
    record(actor, "activities.cancel", activity, reason=reason)
    return activity


@transaction.atomic
def do_send_invitations(actor, activity: Activity) -> int:
    """Gửi giấy mời: in the app at once (the invitees' own list), by e-mail in the background."""
    _require_manage(actor, activity.unit)
    if activity.status != ActivityStatus.PLANNED:
        raise ActivityError(_("Chỉ gửi giấy mời cho hoạt động chưa diễn ra."))
    activity.invitations_sent_at = timezone.now()
    activity.save(update_fields=["invitations_sent_at", "updated_at"])
    emails = sorted(set(
        activity.attendance.exclude(person__isnull=True).exclude(person__email="").values_list("person__email", flat=True)
    ))
    if emails:
        from .tasks import send_invitation_emails

        transaction.on_commit(lambda: send_invitation_emails.enqueue(activity.pk))
    record(actor, "activities.invite", activity, emails=len(emails))
    return len(emails)


@transaction.atomic
def do_attach_file(actor, activity: Activity, upload, *, kind: str = AttachmentKind.FILE, title: str = "") -> Attachment:
    _require_manage(actor, activity.unit)
    if kind not in AttachmentKind.values:
        raise ActivityError(_("Loại tệp không hợp lệ."))
    if kind == AttachmentKind.PHOTO and not (getattr(upload, "content_type", "") or "").startswith("image/"):
        raise ActivityError(_("Ảnh phải là tệp hình (JPEG, PNG…)."))
    attachment = Attachment.objects.create(activity=activity, kind=kind, file=upload, title=title.strip() or upload.name)
    record(actor, "activities.attach", activity, file=attachment.title, kind=kind)
    return attachment


@transaction.atomic
def do_publish_as_news(actor, activity: Activity):
    """Đăng tin: a draft article on the portal of the activity's committee, prefilled from the activity.

    The portal finds the site (the unit's own or its nearest ancestor's) and puts the draft in that
    site's review workflow; publishing it again updates the same draft while it is unpublished.
    """
    from chibo.portal import services as portal_services

    from .selectors import news_body_html

    _require_manage(actor, activity.unit)
    try:
        article = portal_services.do_draft_article_from(
            activity, site_unit=activity.unit, title=news_title(activity), body_html=news_body_html(activity),
            actor=actor,
        )
    except ValidationError as exc:
        raise ActivityError(" ".join(exc.messages)) from exc
    record(actor, "activities.publish_news", activity, article=article.pk, site_unit=article.unit_id)
    return article


def news_title(activity: Activity) -> str:
    """“Chi bộ Văn phòng Sở Xây dựng tổ chức tọa đàm về …”, as the committees title such news."""
    from .selectors import topic_phrase

    kind = activity.get_kind_display().lower()
    topic = topic_phrase(activity)
    if text.fold(topic) == text.fold(kind):  # a regular meeting titled by its kind alone
        return f"{activity.unit.name} tổ chức {kind} tháng {activity.on:%m/%Y}"
    return f"{activity.unit.name} tổ chức {kind} về “{topic}”"


@transaction.atomic
def do_record_roll_call(actor, activity: Activity, marks: dict[int, tuple[str, int]], *,
                        method: str = CheckinMethod.ROLL_CALL) -> Activity:
    """Điểm danh cả danh sách một lần: {attendance id: (status, contributions)}; one audit row."""
    _require_manage(actor, activity.unit)
    rows = list(Attendance.objects.filter(activity=activity, pk__in=list(marks)))
    if len(rows) != len(marks):
        raise ActivityError(_("Có người không thuộc danh sách của hoạt động này."))
    now = timezone.now()
    for row in rows:
        status, contributions = marks[row.pk]
        if status not in AttendanceStatus.values:
            raise ActivityError(_("Trạng thái điểm danh không hợp lệ."))
        if contributions and status != AttendanceStatus.PRESENT:
            raise ActivityError(_("Chỉ người có mặt mới được ghi lượt phát biểu."))
        row.status, row.contributions = status, contributions or 0
        row.checked_in_at = now if status == AttendanceStatus.PRESENT else None
        row.checkin_method = method if status == AttendanceStatus.PRESENT else ""
    Attendance.objects.bulk_update(rows, ["status", "contributions", "checked_in_at", "checkin_method"])
    refresh_counts(activity)
    record(actor, "activities.roll_call", activity, marked=len(rows))
    return activity
