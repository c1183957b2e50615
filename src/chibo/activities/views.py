"""Staff pages of activities: thin views over selectors and services."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import exports, ical, selectors, services
from .forms import (
    ActivityForm,
    AttachmentForm,
    CheckinCodeForm,
    GuestForm,
    MinutesForm,
    RollCallForm,
    SeriesForm,
)
from .models import Activity, Attendance, AttendanceStatus, CheckinMethod

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FEED_SALT = "chibo.activities.feed"


def _activity(request, pk) -> Activity:
    return scope.get_visible(request.user, Activity.objects.select_related("unit", "chair", "recorder"), pk=pk)


def _managed_activity(request, pk) -> Activity:
    activity = _activity(request, pk)
    if not scope.can_manage(request.user, activity.unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý hoạt động này."))
    return activity


def _unit(request, pk) -> Unit:
    return scope.get_visible(request.user, Unit, pk=pk)


def _month(request, today) -> tuple[int, int]:
    raw = request.GET.get("thang", "")
    try:
        year, month = (int(x) for x in raw.split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return year, month


@login_required
def activity_list(request):
    """Danh sách hoạt động trong phạm vi, lọc theo đơn vị và tháng."""
    unit = _unit(request, request.GET["unit"]) if request.GET.get("unit", "").isdigit() else None
    activities = selectors.activities_of(request.user, unit)
    kind = request.GET.get("loai", "")
    if kind:
        activities = activities.filter(kind=kind)
    page = Paginator(activities.order_by("-on", "-starts_at", "-id"), 50).get_page(request.GET.get("page"))
    home = scope.home_unit(request.user)
    return render(request, "activities/list.html", {
        "page": page, "unit": unit, "home": home, "today": timezone.localdate(), "kind": kind,
        "can_create": bool(scope.role_units(request.user, ("secretary", "staff"))) or request.user.is_superuser,
    })


@login_required
def activity_create(request):
    """Lên lịch hoạt động."""
    unit = _unit(request, request.GET["unit"]) if request.GET.get("unit", "").isdigit() else None
    if unit is not None and not scope.can_manage(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền tổ chức hoạt động cho đơn vị này."))
    form = ActivityForm(request.POST or None, user=request.user, unit=unit,
                        initial={"kind": request.GET.get("loai", "regular"), "on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.do_create_activity(
                request.user, data["unit"], kind=data["kind"], topic=data["topic"], on=data["on"],
                starts_at=data["starts_at"], ends_at=data["ends_at"], place=data["place"], agenda=data["agenda"],
                carries_out=data["carries_out"], next_meeting_on=data["next_meeting_on"],
                next_meeting_topic=data["next_meeting_topic"], chair=data.get("chair"), task=data.get("task"),
            )
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lên lịch hoạt động và mời %(n)s người.") % {"n": activity.attendance.count()})
            return redirect("activities:detail", activity.pk)
    return render(request, "activities/form.html", {"form": form, "title": _("Lên lịch hoạt động")})


@login_required
def activity_edit(request, pk):
    activity = _managed_activity(request, pk)
    initial = {f: getattr(activity, f) for f in ("kind", "topic", "on", "starts_at", "ends_at", "place", "agenda",
                                                  "carries_out", "next_meeting_on", "next_meeting_topic")}
    initial |= {"unit": activity.unit_id, "chair": activity.chair_id, "task": activity.task_id}
    form = ActivityForm(request.POST or None, user=request.user, unit=activity.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            services.do_update_activity(request.user, activity, **data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("activities:detail", activity.pk)
    return render(request, "activities/form.html", {"form": form, "title": _("Sửa hoạt động"), "activity": activity})


@login_required
def series_create(request):
    """Lịch sinh hoạt chi bộ thường kỳ hằng tháng."""
    form = SeriesForm(request.POST or None, user=request.user, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.do_schedule_monthly_meetings(
                request.user, data["unit"], title=data["title"], day_of_month=data["day_of_month"],
                start_time=data["start_time"], starts_on=data["starts_on"], months=data["months"], place=data["place"],
            )
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            first = series.activities.order_by("on").first()
            messages.success(request, _("Đã lên lịch %(n)s buổi sinh hoạt thường kỳ.") % {"n": series.activities.count()})
            return redirect("activities:detail", first.pk) if first else redirect("activities:list")
    return render(request, "activities/form.html", {"form": form, "title": _("Lịch sinh hoạt thường kỳ hằng tháng")})


def _qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=4, dark="#222", light="#fff")


@login_required
def activity_detail(request, pk):
    activity = _activity(request, pk)
    can_manage = scope.can_manage(request.user, activity.unit)
    context = {
        "activity": activity, "counts": selectors.Counts.of(activity), "rows": selectors.attendance_rows(activity),
        "attachments": activity.attachments.all(), "can_manage": can_manage,
        "can_publish": can_manage and selectors.news_site(activity) is not None,
        "attachment_form": AttachmentForm() if can_manage else None,
        "next_meeting": selectors.announced_meeting(activity),
        "documents": selectors.linked_documents(request.user, activity), "task": selectors.linked_task(request.user, activity),
    }
    if can_manage:
        checkin_url = request.build_absolute_uri(reverse("activities:checkin_qr", args=[activity.pk, activity.checkin_code]))
        context |= {"checkin_url": checkin_url, "qr_svg": _qr_svg(checkin_url)}
    return render(request, "activities/detail.html", context)


@login_required
def roll_call(request, pk):
    """Điểm danh trên điện thoại: one tap per person; the counts follow."""
    activity = _managed_activity(request, pk)
    return render(request, "activities/roll_call.html", {
        "activity": activity, "rows": selectors.attendance_rows(activity), "counts": selectors.Counts.of(activity),
        "guest_form": GuestForm(), "statuses": AttendanceStatus.choices,
    })


@login_required
@require_POST
def roll_call_row(request, pk, row_pk):
    activity = _managed_activity(request, pk)
    row = scope.get_visible(request.user, Attendance.objects.select_related("person", "activity__unit"), pk=row_pk, activity=activity)
    form = RollCallForm(request.POST)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.do_record_attendance(
                request.user, row, status=data["status"] or None,
                reason=data["reason"] if "reason" in request.POST else None, contributions=data["contributions"],
            )
        except services.ActivityError as exc:
            error = str(exc)
    else:
        error = " ".join(e for errs in form.errors.values() for e in errs)
    activity.refresh_from_db()
    if request.htmx:
        return render(request, "activities/_roll_row.html", {
            "activity": activity, "row": row, "error": error, "statuses": AttendanceStatus.choices,
            "counts": selectors.Counts.of(activity), "oob": True,
        })
    if error:
        messages.error(request, error)
    return redirect("activities:roll_call", activity.pk)


@login_required
@require_POST
def add_guest(request, pk):
    activity = _managed_activity(request, pk)
    form = GuestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.do_add_attendee(
                request.user, activity, guest_name=data["guest_name"], guest_organisation=data["guest_organisation"],
                category=data["category"], status=AttendanceStatus.PRESENT if data["present"] else AttendanceStatus.INVITED,
            )
        except services.ActivityError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Hãy nhập họ tên khách mời."))
    return redirect("activities:roll_call", activity.pk)


@login_required
def checkin(request):
    """Tự điểm danh bằng mã 6 chữ số."""
    form = CheckinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        today = timezone.localdate()
        candidates = [
            row.activity for row in selectors.invitations_for(request.user, days_back=1)
            if row.activity.checkin_code == code and abs((row.activity.on - today).days) <= 1
        ]
        if not candidates:
            form.add_error("code", _("Không có hoạt động nào hôm nay của bạn với mã này."))
        else:
            try:
                services.do_check_in(request.user, candidates[0], code, method=CheckinMethod.CODE)
            except services.ActivityError as exc:
                form.add_error("code", str(exc))
            else:
                messages.success(request, _("Đã điểm danh: %(a)s.") % {"a": candidates[0].topic})
                return redirect("activities:mine")
    return render(request, "activities/checkin.html", {"form": form})


@login_required
def checkin_qr(request, pk, code):
    """Trang mở ra khi quét mã QR: confirm, then check in."""
    activity = selectors.checkin_target(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            services.do_check_in(request.user, activity, code, method=CheckinMethod.QR)
        except services.ActivityError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Đã điểm danh: %(a)s.") % {"a": activity.topic})
            return redirect("activities:mine")
    return render(request, "activities/checkin_qr.html", {"activity": activity, "code": code, "error": error})


@login_required
def minutes(request, pk):
    """Biên bản: filled from a form; the attendance counts come from the check-in."""
    activity = _managed_activity(request, pk)
    initial = {f: getattr(activity, f) for f in ("starts_at", "ends_at", "chair", "recorder", "contents", "conclusions",
                                                  "next_meeting_on", "next_meeting_topic")}
    form = MinutesForm(request.POST or None, activity=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_minutes(request.user, activity, **form.cleaned_data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu biên bản."))
            return redirect("activities:detail", activity.pk)
    return render(request, "activities/minutes.html", {"form": form, "activity": activity,
                                                       "counts": selectors.Counts.of(activity)})


@login_required
def minutes_docx(request, pk):
    activity = _activity(request, pk)
    response = HttpResponse(exports.minutes_docx(activity), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-{activity.on:%Y-%m-%d}-{activity.pk}.docx"'
    return response


@login_required
@require_POST
def attach(request, pk):
    activity = _managed_activity(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.do_attach_file(request.user, activity, form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                                    title=form.cleaned_data["title"])
        except services.ActivityError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã đính kèm tệp."))
    else:
        messages.error(request, _("Hãy chọn một tệp."))
    return redirect("activities:detail", activity.pk)


@login_required
def attachment_download(request, pk):
    attachment = selectors.attachment_for(request.user, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=attachment.kind != "photo",
                        filename=attachment.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def send_invitations(request, pk):
    activity = _managed_activity(request, pk)
    try:
        emails = services.do_send_invitations(request.user, activity)
    except services.ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gửi giấy mời trong ứng dụng; %(n)s thư điện tử đang được gửi.") % {"n": emails})
    return redirect("activities:detail", activity.pk)


@login_required
@require_POST
def publish_news(request, pk):
    activity = _managed_activity(request, pk)
    try:
        article = services.do_publish_as_news(request.user, activity)
    except services.ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã tạo bản nháp “%(title)s” trên cổng thông tin; ban biên tập duyệt trước khi đăng.")
                         % {"title": article.title})
    return redirect("activities:detail", activity.pk)


@login_required
def mine(request):
    """Giấy mời của tôi: meetings the member is invited to, and whether they checked in."""
    today = timezone.localdate()
    rows = list(selectors.invitations_for(request.user, days_back=62))
    return render(request, "activities/mine.html", {
        "upcoming": [r for r in rows if r.activity.on >= today],
        "past": [r for r in reversed(rows) if r.activity.on < today],
        "rows": rows, "today": today,
    })


@login_required
def calendar_month(request, unit_pk, year, month):
    unit = _unit(request, unit_pk)
    try:
        first = datetime.date(year, month, 1)
    except ValueError as exc:
        raise Http404 from exc
    prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    feed_token = signing.dumps({"u": request.user.pk, "unit": unit.pk}, salt=FEED_SALT)
    return render(request, "activities/calendar.html", {
        "unit": unit, "first": first, "weeks": selectors.calendar_month(request.user, unit, year, month),
        "prev": prev_month, "next": next_month, "can_manage": scope.can_manage(request.user, unit),
        "feed_url": request.build_absolute_uri(reverse("activities:ical", args=[unit.pk]) + f"?k={feed_token}"),
    })


def ical_feed(request, unit_pk):
    """iCalendar feed of a unit's activities: the session, or a signed per-user link for calendar apps."""
    user = request.user
    if not user.is_authenticated:
        try:
            token = signing.loads(request.GET.get("k", ""), salt=FEED_SALT)
        except signing.BadSignature as exc:
            raise Http404 from exc
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=token.get("u"), is_active=True).first()
        if user is None or token.get("unit") != unit_pk:
            raise Http404
    unit = scope.get_visible(user, Unit, pk=unit_pk)
    since = timezone.localdate() - datetime.timedelta(days=190)
    activities = selectors.activities_of(user, unit).filter(on__gte=since).order_by("on", "starts_at")[:2000]
    body = ical.calendar(activities, name=unit.name, host=request.get_host(),
                         url=lambda a: request.build_absolute_uri(reverse("activities:detail", args=[a.pk])))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="lich-{unit.pk}.ics"'
    return response


@login_required
def missing_meetings(request, unit_pk):
    """Chi bộ chưa sinh hoạt thường kỳ trong tháng (for a superior)."""
    unit = _unit(request, unit_pk)
    year, month = _month(request, timezone.localdate())
    cells = selectors.cells_without_regular_meeting(request.user, unit, year, month)
    page = Paginator(cells, 100).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    parents = selectors.parent_names(page.object_list)
    for cell in page.object_list:
        cell.parent_name = parents.get(cell.pk, "")
    return render(request, "activities/missing.html", {"unit": unit, "page": page, "year": year, "month": month})


def _year(request) -> int:
    raw = request.GET.get("nam", "")
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else timezone.localdate().year


@login_required
def attendance_rates(request, unit_pk):
    """Tỷ lệ dự sinh hoạt theo chi bộ và theo đảng viên trong năm."""
    unit = _unit(request, unit_pk)
    year = _year(request)
    by_member = selectors.attendance_by_member(request.user, unit, year) if unit.is_cell else None
    return render(request, "activities/rates.html", {
        "unit": unit, "year": year, "total": selectors.attendance_rate(request.user, unit, year),
        "cells": selectors.attendance_by_cell(request.user, unit, year)[:1000], "members": by_member,
        "all": selectors.activity_totals(request.user, unit, datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
    })


@login_required
def attendance_rates_xlsx(request, unit_pk):
    unit = _unit(request, unit_pk)
    year = _year(request)
    data = exports.rates_xlsx(unit, year, selectors.attendance_by_cell(request.user, unit, year),
                              selectors.attendance_by_member(request.user, unit, year))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ty-le-du-sinh-hoat-{year}-{unit.pk}.xlsx"'
    return response
