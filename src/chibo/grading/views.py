"""Grading pages: rounds, the summary by unit and level, one assessment with its evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import evidence, exports, selectors, services
from .forms import GradeForm, OpenRoundForm
from .models import GRADE_ORDER, Assessment, Grade, Stage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def index(request):
    home = scope.home_unit(request.user)
    form = OpenRoundForm(request.POST or None)
    can_open = home is not None and scope.can_manage(request.user, home)
    if request.method == "POST":
        if not can_open:
            raise PermissionDenied(_("Bạn không có quyền mở đợt đánh giá."))
        if form.is_valid():
            try:
                grading_round = services.do_open_round(home, form.cleaned_data["year"], actor=request.user,
                                                      excellent_quota_percent=form.cleaned_data["excellent_quota_percent"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã mở đợt đánh giá năm %(year)s.") % {"year": grading_round.year})
                return redirect("grading:round", pk=grading_round.pk)
    rounds = selectors.visible_rounds(request.user).select_related("unit")
    return render(request, "grading/index.html", {"rounds": rounds, "form": form, "can_open": can_open, "home": home,
                                                  "mine": selectors.my_assessments(request.user)[:5]})


def _summary(request, grading_round):
    unit_pk = request.GET.get("unit")
    if unit_pk:
        unit = scope.get_visible(request.user, Unit, pk=unit_pk)
        if not unit.is_in_subtree_of(grading_round.unit):
            raise PermissionDenied
    else:
        unit = grading_round.unit if scope.can_see_unit(request.user, grading_round.unit) else scope.home_unit(request.user)
    members = selectors.summary_by_child(request.user, grading_round, unit, members=True)
    orgs = selectors.summary_by_child(request.user, grading_round, unit, members=False)
    return unit, members, selectors.totals(members), orgs, selectors.totals(orgs)


@login_required
def round_detail(request, pk: int):
    grading_round = get_object_or_404(selectors.visible_rounds(request.user), pk=pk)
    unit, members, member_totals, orgs, org_totals = _summary(request, grading_round)
    # "Decide as proposed" is offered only on rows holding proposals this user may decide.
    decidable = [a.unit.path for a in selectors.decidable_proposals(request.user, grading_round, unit)]
    for row in members:
        row["to_decide"] = sum(1 for path in decidable if path.startswith(row["unit"].path))
    # A cell's page lists each sheet with its evidence, so grades are proposed and decided side by side.
    sheets = selectors.cell_assessments(request.user, grading_round, unit) if unit.is_cell else []
    found = evidence.for_assessments(sheets, grading_round.year) if sheets else {}
    return render(request, "grading/round.html", {
        "round": grading_round, "unit": unit, "grades": [Grade(g) for g in GRADE_ORDER],
        "members": members, "member_totals": member_totals, "orgs": orgs, "org_totals": org_totals,
        "sheets": [(a, found[a.pk]) for a in sheets],
        "awaiting": selectors.awaiting(request.user, grading_round, unit),
        "mine": selectors.my_assessment(request.user, grading_round),
        "ancestors": [a for a in unit.ancestors() if a.is_in_subtree_of(grading_round.unit)],
    })


@login_required
def round_export(request, pk: int, fmt: str):
    grading_round = get_object_or_404(selectors.visible_rounds(request.user), pk=pk)
    unit, *tables = _summary(request, grading_round)
    if fmt == "xlsx":
        response = HttpResponse(exports.summary_xlsx(grading_round, unit, *tables), content_type=XLSX)
    else:
        response = HttpResponse(exports.summary_docx(grading_round, unit, *tables), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="xep-loai-{grading_round.year}-{unit.pk}.{fmt}"'
    return response


@login_required
def assessment_detail(request, pk: int):
    assessment = scope.get_visible(request.user, Assessment.objects.select_related("round", "person", "subject_unit", "unit"), pk=pk)
    action = request.POST.get("action")
    form = GradeForm(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        step = {"self": services.do_self_assess, "propose": services.do_propose_grade}.get(action)
        try:
            if step is not None:
                step(assessment, data["grade"], actor=request.user, comment=data["comment"], expected_version=data["version"])
            elif action == "decide":
                if assessment.version != data["version"]:
                    raise services.StaleAssessment(_("Phiếu này vừa được người khác cập nhật. Hãy tải lại trang."))
                services.do_decide_grades([(assessment, data["grade"])], actor=request.user, comment=data["comment"])
            else:
                raise ValidationError(_("Thao tác không hợp lệ."))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Bạn không có quyền thực hiện bước này."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("grading:assessment", pk=assessment.pk)
    assessment.refresh_from_db()
    return render(request, "grading/assessment.html", {
        "a": assessment, "form": GradeForm(initial={"version": assessment.version}),
        "evidence": evidence.for_assessments([assessment], assessment.round.year)[assessment.pk],
        "events": assessment.events.select_related("actor"),
        "can_self": services.can_self_assess(request.user, assessment) and assessment.stage in (Stage.OPEN, Stage.SELF_ASSESSED),
        "can_propose": services.can_propose(request.user, assessment) and assessment.stage != Stage.DECIDED,
        "can_decide": services.can_decide(request.user, assessment),
    })


@login_required
def accept_proposals(request, pk: int, unit_pk: int):
    """The superior accepts every proposal in one unit's subtree at once; the quota is checked on the whole batch."""
    grading_round = get_object_or_404(selectors.visible_rounds(request.user), pk=pk)
    unit = scope.get_visible(request.user, Unit, pk=unit_pk)
    back = f"{reverse('grading:round', args=[grading_round.pk])}?unit={unit.pk}"
    if request.method != "POST":
        return redirect(back)
    pending = selectors.decidable_proposals(request.user, grading_round, unit)
    if not pending:
        messages.info(request, _("Ở %(unit)s không có phiếu nào đã có đề xuất đang chờ bạn quyết định.") % {"unit": unit.name})
        return redirect(back)
    try:
        services.do_decide_grades([(a, a.proposed_grade) for a in pending], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã quyết định %(n)s phiếu theo đề xuất.") % {"n": len(pending)})
    return redirect(back)
