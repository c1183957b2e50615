"""Pages of the member's own space, phone first: thin views over selectors and services."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from . import selectors, services

TEXT_PREVIEW_LIMIT = 200_000


def _offline_urls(data: selectors.Home) -> list[str]:
    """What the service worker keeps for offline use: home, print, the next meeting's page and documents."""
    urls = [reverse("me:home"), reverse("me:print")]
    meeting = data.next_meeting
    if meeting is not None:
        urls.append(reverse("me:meeting", args=[meeting.pk]))
        for reading in meeting.my_readings:
            urls += [reverse("me:reading", args=[reading.pk]), reverse("me:reading_file", args=[reading.pk])]
    return urls


@login_required
def home(request):
    """Góc đảng viên: my cell's next meetings with check-in, documents to read, tasks, bookshelf, attendance."""
    data = selectors.home(request.user, timezone.localdate())
    return render(request, "me/home.html", {"home": data, "offline_urls": _offline_urls(data)})


@login_required
def print_home(request):
    """Bản in một trang: the same for members without a phone (printed by the cell)."""
    data = selectors.home(request.user, timezone.localdate())
    return render(request, "me/print.html", {"home": data})


@login_required
def meeting(request, pk):
    """Chương trình và tài liệu của buổi sinh hoạt (kept offline by the service worker)."""
    activity = selectors.get_my_activity(request.user, pk)
    person = selectors.member_of(request.user)
    today = timezone.localdate()
    return render(request, "me/meeting.html", {
        "activity": activity, "readings": selectors.readings_of(person, [activity]),
        "checkin_open": activity.is_checkin_open(today) and activity.status == "planned",
    })


def _is_text(reading) -> bool:
    kind, _encoding = mimetypes.guess_type(reading.file.name)
    return kind == "text/plain"


@login_required
def reading(request, pk):
    """Tài liệu gửi trước: the document, with 'mark as read'."""
    item = selectors.get_my_reading(request.user, pk)
    text = None
    if _is_text(item) and item.file.size <= TEXT_PREVIEW_LIMIT:
        with item.file.open("rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
    return render(request, "me/reading.html", {"reading": item, "text": text})


@login_required
def reading_file(request, pk):
    item = selectors.get_my_reading(request.user, pk)
    return FileResponse(item.file.open("rb"), as_attachment=False, filename=item.file.name.rsplit("/", 1)[-1])


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
@require_POST
def mark_read(request, pk):
    item = selectors.get_my_reading(request.user, pk)
    try:
        services.do_mark_read(request.user, item)
    except services.MeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã đánh dấu đã đọc: %(t)s.") % {"t": item.title or item.file.name})
    return redirect(_back(request, reverse("me:reading", args=[item.pk])))


@login_required
@require_POST
def checkin(request, pk):
    """Điểm danh bằng mã, typed on the home page."""
    activity = selectors.get_my_activity(request.user, pk)
    try:
        services.do_check_in(request.user, activity, request.POST.get("code", ""))
    except services.MeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã điểm danh: %(a)s.") % {"a": activity.topic})
    return redirect(_back(request, reverse("me:home")))


@login_required
def cell(request, unit_pk):
    """Chi bộ trên điện thoại (bí thư): members, who has read, check-in, attendance this year, roll call."""
    unit = selectors.get_managed_cell(request.user, unit_pk)
    raw = request.GET.get("hop", "")
    view = selectors.cell_view(request.user, unit, timezone.localdate(), int(raw) if raw.isdigit() else None)
    rows = []
    for person in view.members:
        row = view.rows.get(person.pk)
        rows.append({
            "person": person, "status": row.get_status_display() if row else None,
            "present": bool(row and row.status == "present"),
            "read": [view.read_by.get(r.pk, {}).get(person.pk) for r in view.readings],
            "year": view.attendance.get(person.pk),
        })
    read_counts = [len(view.read_by.get(r.pk, {})) for r in view.readings]
    return render(request, "me/cell.html", {
        "view": view, "rows": rows, "readings": list(zip(view.readings, read_counts, strict=True)),
        "present": sum(1 for r in rows if r["present"]),
    })


def manifest(request):
    """Web app manifest: fetched by browsers without cookies, so it names no person or unit."""
    data = {
        "name": _("Chi bộ số · Góc đảng viên"),
        "short_name": _("Góc đảng viên"),
        "lang": "vi",
        "start_url": reverse("me:home"),
        "scope": reverse("me:home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#b71c1c",
        "icons": [
            {"src": static("me/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("me/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@cache_control(no_cache=True)
def service_worker(request):
    """The service worker, served under /cua-toi/ so that it controls the member's pages only."""
    body = render(request, "me/sw.js", {"scope": reverse("me:home")}).content
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")
