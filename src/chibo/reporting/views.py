"""Report pages: thin views over selectors, services and exports; every record through the scope helper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import charts, computed, exports, selectors, services
from .forms import FormDefinitionForm, UploadForm
from .models import Period, PeriodKind, ReportForm, Submission, ValueType

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(request, form: ReportForm) -> Period:
    """The period asked for (?ky=<id>), or the one just ended for the form's period kind."""
    pk = request.GET.get("ky") or request.POST.get("ky")
    if pk:
        try:
            return Period.objects.get(pk=int(pk), kind=form.period_kind)
        except (ValueError, Period.DoesNotExist) as exc:
            raise Http404(_("Không có kỳ báo cáo này.")) from exc
    if form.period_kind == PeriodKind.CUSTOM:
        period = Period.objects.filter(kind=PeriodKind.CUSTOM).order_by("-end").first()
        if period is None:
            raise Http404(_("Chưa có kỳ báo cáo tùy chỉnh nào."))
        return period
    return services.last_ended_period(form.period_kind)


def _form_and_unit(request, form_pk: int, unit_pk: int):
    form = scope.get_visible(request.user, ReportForm, pk=form_pk)
    unit = scope.get_visible(request.user, Unit, pk=unit_pk)
    return form, unit


def _periods_menu(form: ReportForm, period: Period):
    """The periods to choose from: the running one and the twelve before it (and the one shown, if older)."""
    if form.period_kind == PeriodKind.CUSTOM:
        periods = list(Period.objects.filter(kind=PeriodKind.CUSTOM).order_by("-end")[:24])
    else:
        periods = services.recent_periods(form.period_kind)
    return periods if period in periods else periods + [period]


@login_required
def index(request):
    home = scope.home_unit(request.user)
    forms = list(selectors.visible_forms(request.user))
    manageable = [u for u in scope.role_units(request.user) if scope.can_manage(request.user, u)]
    to_fill = [(f, u) for f in forms for u in manageable if f.reports_from(u)]
    return render(request, "reporting/index.html", {
        "home_unit": home, "forms": forms, "to_fill": to_fill,
        "pending": selectors.pending_approvals(request.user)[:50],
        "recent": selectors.visible_submissions(request.user).order_by("-updated_at")[:20],
    })


@login_required
def form_detail(request, pk: int):
    form = scope.get_visible(request.user, ReportForm.objects.select_related("owner"), pk=pk)
    home = scope.home_unit(request.user)
    return render(request, "reporting/form_detail.html", {
        "form": form, "indicators": form.indicators.all(), "rules": form.rules.select_related("left", "right"),
        "home_unit": home, "can_see_home": home is not None and scope.can_see_unit(request.user, home),
    })


@login_required
def form_create(request, unit_pk: int):
    """Ban hành biểu mẫu: indicators typed one per line."""
    unit = scope.get_visible(request.user, Unit, pk=unit_pk)
    if not scope.can_manage(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền ban hành biểu mẫu cho tổ chức này."))
    definition = FormDefinitionForm(request.POST or None)
    if request.method == "POST" and definition.is_valid():
        data = definition.cleaned_data
        try:
            form = services.do_create_form(
                request.user, unit, code=data["code"], name=data["name"], period_kind=data["period_kind"],
                reporting_kinds=data["reporting_kinds"], indicators=data["indicators"], rules=data["rules"],
                due_days=data["due_days"], custom_period=data["custom_period"],
            )
        except ValidationError as exc:
            definition.add_error(None, exc)
        else:
            messages.success(request, _("Đã ban hành biểu mẫu %(code)s.") % {"code": form.code})
            return redirect("reporting:form", pk=form.pk)
    return render(request, "reporting/form_create.html", {
        "unit": unit, "definition": definition, "computed": computed.choices(),
    })


@login_required
def entry(request, form_pk: int, unit_pk: int):
    """Nhập báo cáo của một tổ chức cho một kỳ (lưu nháp hoặc gửi)."""
    form, unit = _form_and_unit(request, form_pk, unit_pk)
    if not scope.can_manage(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền nhập báo cáo của tổ chức này."))
    period = _period(request, form)
    submission = selectors.own_submission(unit, form, period)
    errors: dict = {}
    typed: dict = {}
    if request.method == "POST":
        indicators = [i for i in form.indicators.all() if not i.is_computed]
        typed = {i.code: request.POST.get(f"v_{i.code}", "") for i in indicators}
        raw = {code: value for code, value in typed.items()}
        for i in indicators:
            if i.value_type == ValueType.BOOLEAN:
                raw[i.code] = "có" if request.POST.get(f"v_{i.code}") else "không"
        try:
            submission = services.do_save_report(request.user, unit, form, period, raw, note=request.POST.get("note", ""))
            if request.POST.get("action") == "submit":
                submission = services.do_submit_report(request.user, submission)
                messages.success(request, _("Đã gửi báo cáo lên cấp trên."))
            else:
                messages.success(request, _("Đã lưu nháp."))
            return redirect(f"{reverse('reporting:entry', args=[form.pk, unit.pk])}?ky={period.pk}")
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            messages.error(request, _("Báo cáo chưa được lưu: hãy sửa các ô có lỗi."))
    values = {}
    if submission is not None:
        values = {v.indicator.code: v for v in submission.values.select_related("indicator")}
    rows = []
    for ind in form.indicators.all():
        value = values.get(ind.code)
        shown = typed.get(ind.code)
        if shown is None and value is not None:
            shown = value.text if ind.value_type == ValueType.TEXT else exports.format_number(value.number)
        checked = bool(typed.get(ind.code)) if typed else bool(value is not None and value.number)
        rows.append({"indicator": ind, "shown": shown or "", "value": value, "checked": checked,
                     "errors": errors.get(ind.code, [])})
    return render(request, "reporting/entry.html", {
        "form": form, "unit": unit, "period": period, "periods": _periods_menu(form, period),
        "submission": submission, "rows": rows, "general_errors": errors.get("", []) + errors.get("__all__", []),
        "editable": submission is None or submission.is_editable, "reports": form.reports_from(unit),
        "upload_form": UploadForm(), "due": period.due_date(form),
    })


@login_required
def entry_template(request, form_pk: int, unit_pk: int):
    form, unit = _form_and_unit(request, form_pk, unit_pk)
    if not scope.can_manage(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền nhập báo cáo của tổ chức này."))
    period = _period(request, form)
    data = exports.entry_template(form, unit, period, selectors.own_submission(unit, form, period))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{form.code}-{unit.pk}-{period.start:%Y-%m}.xlsx"'
    return response


@login_required
@require_POST
def entry_upload(request, form_pk: int, unit_pk: int):
    form, unit = _form_and_unit(request, form_pk, unit_pk)
    if not scope.can_manage(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền nhập báo cáo của tổ chức này."))
    period = _period(request, form)
    upload = UploadForm(request.POST, request.FILES)
    target = f"{reverse('reporting:entry', args=[form.pk, unit.pk])}?ky={period.pk}"
    if not upload.is_valid():
        messages.error(request, _("Hãy chọn tệp Excel để nhập."))
        return redirect(target)
    try:
        exports.import_entry(request.user, upload.cleaned_data["file"].read(), form, unit, period)
    except exports.UploadError as failed:
        for _row, message in failed.errors[:50]:
            messages.error(request, message)
        messages.error(request, _("Không nhập được: chưa có số liệu nào được lưu."))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Đã nhập số liệu từ Excel (bản nháp)."))
    return redirect(target)


@login_required
def submission_detail(request, pk: int):
    submission = scope.get_visible(request.user, Submission.objects.select_related("form", "period", "unit"), pk=pk)
    parent = submission.unit.get_parent()
    return render(request, "reporting/submission.html", {
        "submission": submission,
        "values": submission.values.select_related("indicator").order_by("indicator__order", "indicator_id"),
        "events": submission.events.select_related("actor"),
        "can_decide": parent is not None and scope.can_manage(request.user, parent),
    })


@login_required
@require_POST
def decide(request, pk: int):
    """Duyệt hoặc trả lại một báo cáo (cấp trên)."""
    submission = scope.get_visible(request.user, Submission, pk=pk)
    try:
        if request.POST.get("action") == "approve":
            services.do_approve_report(request.user, submission, request.POST.get("note", ""))
            messages.success(request, _("Đã duyệt báo cáo."))
        else:
            services.do_return_report(request.user, submission, request.POST.get("note", ""))
            messages.success(request, _("Đã trả lại báo cáo để sửa."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("reporting:submission", pk=submission.pk)


@login_required
def rollup(request, form_pk: int, unit_pk: int):
    """Tổng hợp số liệu toàn đảng bộ: totals, completeness, children, trend, charts."""
    form, unit = _form_and_unit(request, form_pk, unit_pk)
    period = _period(request, form)
    result = selectors.rollup(unit, form, period)
    numeric = [i for i in result.indicators if i.aggregation != "none"]
    # The chart opens on the first figure that says something (not a column of zeros).
    with_data = [i for i in numeric if result.total.figures[i.code].value]
    chosen = next((i for i in numeric if i.code == request.GET.get("chi_tieu")),
                  (with_data or numeric or [None])[0])
    periods = selectors.recent_periods(form, period)
    trend = selectors.trend(unit, form, periods)
    bar = line = ""
    without_figure = 0
    if chosen is not None:
        # Bars for the children that have the figure; the others are counted, not drawn one by one.
        bars = [(row.unit.short_name or row.unit.name, row.figures[chosen.code].value) for row in result.children]
        without_figure = sum(1 for _label, value in bars if value is None)
        bars = [(label, value) for label, value in bars if value is not None]
        bar = charts.bar_chart(_("%(name)s theo tổ chức trực thuộc") % {"name": chosen.name}, bars) if bars else ""
        line = charts.line_chart(_("%(name)s qua các kỳ") % {"name": chosen.name}, [p.label for p in periods], trend[chosen.code])
    parent = unit.get_parent()
    return render(request, "reporting/rollup.html", {
        "r": result, "form": form, "unit": unit, "period": period, "periods": _periods_menu(form, period),
        "numeric": numeric, "chosen": chosen, "bar_chart": bar, "line_chart": line, "without_figure": without_figure,
        "missing": selectors.missing_reports(unit, form, period, limit=50),
        "outliers": selectors.outliers(unit, form, period, limit=50),
        "submissions": selectors.submissions_for(unit, form, period).filter(unit__depth=unit.depth + 1)[:200],
        "totals_submission": Submission.objects.filter(form=form, period=period, unit=unit, kind=Submission.Kind.TOTALS).first(),
        "can_send_totals": parent is not None and scope.can_manage(request.user, unit),
        "parent": parent if parent is not None and scope.can_see_unit(request.user, parent) else None,
    })


@login_required
@require_POST
def send_totals(request, form_pk: int, unit_pk: int):
    form, unit = _form_and_unit(request, form_pk, unit_pk)
    period = _period(request, form)
    try:
        services.do_submit_totals(request.user, unit, form, period)
        messages.success(request, _("Đã gửi số liệu tổng hợp lên cấp trên."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{reverse('reporting:rollup', args=[form.pk, unit.pk])}?ky={period.pk}")


@login_required
def export_xlsx(request, form_pk: int, unit_pk: int):
    form, unit = _form_and_unit(request, form_pk, unit_pk)
    period = _period(request, form)
    result = selectors.rollup(unit, form, period)
    periods = selectors.recent_periods(form, period)
    data = exports.rollup_workbook(result, periods, selectors.trend(unit, form, periods))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tong-hop-{form.code}-{unit.pk}-{period.start:%Y-%m-%d}.xlsx"'
    return response


@login_required
def export_docx(request, form_pk: int, unit_pk: int):
    form, unit = _form_and_unit(request, form_pk, unit_pk)
    period = _period(request, form)
    data = exports.rollup_document(selectors.rollup(unit, form, period))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{form.code}-{unit.pk}-{period.start:%Y-%m-%d}.docx"'
    return response
