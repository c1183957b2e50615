"""Staff pages of the assignments app: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.accounts import scope
from chibo.accounts.models import User
from chibo.orgs.models import Unit

from . import clock, exports, forms, selectors, services
from .ical import calendar_for
from .models import OPEN_STATES, STATE_BADGES, TaskState

CALENDAR_SALT = "chibo.assignments.calendar"


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


@login_required
def inbox(request):
    """Hộp việc: the tasks handed to the user's units."""
    include_sub = request.GET.get("cap_duoi") == "1"
    state = request.GET.get("trang_thai", "")
    tasks = selectors.inbox(request.user, include_subordinates=include_sub, state=state)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    home = scope.home_unit(request.user)
    return render(request, "assignments/inbox.html", {
        "page": page, "state": state, "include_sub": include_sub, "states": TaskState.choices,
        "counts": selectors.inbox_counts(request.user), "badges": STATE_BADGES, "home": home,
        "calendar_url": _calendar_url(request, home) if home else "",
        "unread": selectors.notifications(request.user).filter(read_at__isnull=True).count(),
    })


@login_required
def issued(request):
    """Nhiệm vụ đã giao: assignments issued by units in the user's scope."""
    page = Paginator(selectors.issued_assignments(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "assignments/issued.html", {"page": page, "can_create": bool(forms.issuing_units(request.user))})


@login_required
def create(request):
    """Giao nhiệm vụ mới."""
    source = None
    if request.GET.get("van_ban", "").isdigit():
        from chibo.documents.selectors import get_document

        source = get_document(request.user, int(request.GET["van_ban"]))
    form = forms.AssignmentForm(request.user, request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.do_fan_out_assignment(
                request.user, issuer=data["issuer"], title=data["title"], description=data["description"],
                deliverable=data["deliverable"], deadline=data["deadline"], source_document=data["source"],
                units=list(data["units"]), under=data["under"] if data["kinds"] else None, kinds=data["kinds"],
                remind_days_before=data["remind_days_before"] if data["remind_days_before"] is not None else 3,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã giao nhiệm vụ cho %(n)s đơn vị.") % {"n": intcomma(assignment.assignee_count)})
            return redirect("assignments:detail", pk=assignment.pk)
    return render(request, "assignments/create.html", {"form": form})


def _with_node_urls(assignment, rows: list[dict]) -> list[dict]:
    """Each row of the completion tree with the address that opens its children (htmx)."""
    for row in rows:
        row["url"] = reverse("assignments:tree_node", args=[assignment.pk, row["unit"].pk])
    return rows


OVERDUE_SHOWN = 100
"""Overdue units listed on the dashboard; the counts and the Excel export have them all."""


@login_required
def detail(request, pk: int):
    """Theo dõi thực hiện: the issuer's dashboard of one assignment."""
    assignment = selectors.get_assignment(request.user, pk)
    today = clock.today()
    counts = selectors.completion(assignment, today)
    return render(request, "assignments/detail.html", {
        "assignment": assignment, "root": counts["root"], "today": today,
        "summary": counts["summary"], "children": _with_node_urls(assignment, counts["children"]),
        "levels": counts["levels"],
        "overdue": selectors.overdue_list(assignment, today, OVERDUE_SHOWN),
        "submitted": selectors.awaiting_review(assignment)[:100],
        "extensions": selectors.pending_extensions(assignment)[:100],
        "can_review": scope.can_manage(request.user, assignment.issuer),
        "badges": STATE_BADGES,
        "on_time_help": selectors.ON_TIME_RATE_HELP,
    })


@login_required
def tree_node(request, pk: int, unit_id: int):
    """One level of the completion tree (htmx fragment): the children of a unit with their counts."""
    assignment = selectors.get_assignment(request.user, pk)
    root = selectors.tree_root(assignment)
    node = selectors.node_in_tree(assignment, root, unit_id)
    today = clock.today()
    return render(request, "assignments/_tree_children.html", {
        "assignment": assignment, "node": node,
        "children": _with_node_urls(assignment, selectors.completion_children(assignment, node, today)),
    })


@login_required
def export(request, pk: int):
    """Excel export of an assignment's completion."""
    assignment = selectors.get_assignment(request.user, pk)
    content = exports.assignment_workbook(assignment, clock.today())
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{assignment.pk}.xlsx"'
    return response


@login_required
def task(request, pk: int):
    """One unit's task: details, history; the assignee starts, submits or asks for more time."""
    item = selectors.get_task_for_issuer_or_assignee(request.user, pk)
    can_act = scope.can_manage(request.user, item.unit)
    submit_form = forms.SubmitForm(request.user, item)
    extension_form = forms.ExtensionForm()
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "start":
                services.do_start_task(request.user, item)
                messages.success(request, _("Đã chuyển sang “đang thực hiện”."))
            elif action == "submit":
                submit_form = forms.SubmitForm(request.user, item, request.POST, request.FILES)
                if submit_form.is_valid():
                    data = submit_form.cleaned_data
                    services.do_submit_task(request.user, item, note=data["note"], attachment=data["attachment"],
                                            implementing_document=data["implementing_document"],
                                            new_document=data["new_document"],
                                            expected_version=int(request.POST.get("version", item.version)))
                    messages.success(request, _("Đã nộp kết quả."))
                    return redirect("assignments:task", pk=item.pk)
            elif action == "extension":
                extension_form = forms.ExtensionForm(request.POST)
                if extension_form.is_valid():
                    services.do_request_extension(request.user, item, **extension_form.cleaned_data)
                    messages.success(request, _("Đã gửi đề nghị gia hạn."))
                    return redirect("assignments:task", pk=item.pk)
            else:
                raise Http404
            if action == "start":
                return redirect("assignments:task", pk=item.pk)
        except ValidationError as exc:
            _errors(request, exc)
        except services.TransitionConflict as exc:
            messages.error(request, exc.message)
            return redirect("assignments:task", pk=item.pk)
    item.refresh_from_db()
    today = clock.today()
    return render(request, "assignments/task.html", {
        "task": item, "assignment": item.assignment, "shown_state": item.state_on(today), "today": today,
        "events": item.events.select_related("actor"), "can_act": can_act,
        "can_review": scope.can_manage(request.user, item.assignment.issuer),
        "is_open": item.state in OPEN_STATES, "submit_form": submit_form, "extension_form": extension_form,
        "review_form": forms.ReviewForm(initial={"version": item.version}),
        "extensions": item.extension_requests.select_related("requested_by", "decided_by"),
        "notifications": item.notifications.all(), "badges": STATE_BADGES,
    })


@login_required
@require_POST
def task_review(request, pk: int):
    """The issuer accepts or returns a submission (optimistic lock: the version the page showed)."""
    item = selectors.get_task_for_issuer_or_assignee(request.user, pk)
    if not scope.can_manage(request.user, item.assignment.issuer):
        raise PermissionDenied
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("assignments:task", pk=item.pk)
    data = form.cleaned_data
    try:
        services.do_review_task(request.user, item, accept=data["decision"] == "accept", expected_version=data["version"],
                                comment=data["comment"], resubmit_by=data["resubmit_by"])
    except ValidationError as exc:
        _errors(request, exc)
    except services.TransitionConflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã duyệt kết quả.") if data["decision"] == "accept" else _("Đã trả lại kết quả."))
    return redirect(request.POST.get("next") or reverse("assignments:task", args=[item.pk]))


@login_required
@require_POST
def extension_decide(request, pk: int):
    """The issuer grants or refuses an extension."""
    extension = selectors.get_extension_for_issuer(request.user, pk)
    try:
        services.do_decide_extension(request.user, extension, grant=request.POST.get("decision") == "grant",
                                     comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        _errors(request, exc)
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Đã xử lý đề nghị gia hạn."))
    return redirect("assignments:detail", pk=extension.task.assignment_id)


@login_required
def notifications(request):
    """Thông báo nhắc hạn of the user's units."""
    qs = selectors.notifications(request.user)
    if request.method == "POST":
        services.do_mark_notifications_read(request.user, qs.filter(read_at__isnull=True))
        return redirect("assignments:notifications")
    return render(request, "assignments/notifications.html", {"page": Paginator(qs, 50).get_page(request.GET.get("page"))})


def _calendar_url(request, unit: Unit) -> str:
    token = signing.dumps({"u": request.user.pk, "unit": unit.pk}, salt=CALENDAR_SALT)
    return request.build_absolute_uri(reverse("assignments:calendar", args=[unit.pk]) + f"?token={token}")


def calendar(request, unit_id: int):
    """iCalendar feed of one unit's deadlines: the session, or a signed token for calendar apps.

    The token names the user; it is honoured only while that user may still see the unit.
    """
    user = request.user
    token = request.GET.get("token")
    if token:
        try:
            data = signing.loads(token, salt=CALENDAR_SALT)
        except signing.BadSignature as exc:
            raise Http404 from exc
        if data.get("unit") != unit_id:
            raise Http404
        user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not user.is_authenticated:
        raise Http404
    unit = scope.get_visible(user, Unit, pk=unit_id)
    body = calendar_for(unit, selectors.calendar_tasks(user, unit), request.get_host(),
                        url_for=lambda task: request.build_absolute_uri(reverse("assignments:task", args=[task.pk])))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="han-nhiem-vu-{unit.pk}.ics"'
    return response
