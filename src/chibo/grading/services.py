"""Grading workflow: open a round, self-assess, propose, decide (with the quota rule)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.accounts import scope
from chibo.accounts.audit import record
from chibo.members.models import MEMBER_STATUSES, Person
from chibo.orgs.models import CELL_KINDS, Unit, UnitKind, subtree_q

from .models import Assessment, AssessmentEvent, Grade, GradingRound, Stage

GRADED_ORG_KINDS = (*CELL_KINDS, UnitKind.COMMUNE, UnitKind.GRASSROOTS, UnitKind.BLOC)
"""Organisations graded each year: cells and the committees above them (not boards or teams)."""


class QuotaExceeded(ValidationError):
    pass


class StaleAssessment(ValidationError):
    pass


@transaction.atomic
def do_open_round(unit: Unit, year: int, *, actor=None, excellent_quota_percent: int = 20) -> GradingRound:
    """Open a year's grading over `unit`'s subtree: one assessment per current member and organisation."""
    if GradingRound.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(_("Đã có đợt đánh giá năm %(year)s của %(unit)s.") % {"year": year, "unit": unit.name})
    grading_round = GradingRound.objects.create(unit=unit, year=year, excellent_quota_percent=excellent_quota_percent)
    units = Unit.objects.subtree_of(unit).current()
    people = Person.objects.filter(unit__in=units.cells(), status__in=MEMBER_STATUSES).values_list("pk", "unit_id")
    Assessment.objects.bulk_create(
        (Assessment(round=grading_round, person_id=pk, unit_id=unit_id) for pk, unit_id in people.iterator()),
        batch_size=5000,
    )
    Assessment.objects.bulk_create(
        (Assessment(round=grading_round, subject_unit_id=pk, unit_id=pk)
         for pk in units.filter(kind__in=GRADED_ORG_KINDS).exclude(pk=unit.pk).values_list("pk", flat=True).iterator()),
        batch_size=5000,
    )
    record(actor, "grading.open_round", grading_round, unit=unit, year=year)
    return grading_round


def _proposer_unit(assessment: Assessment) -> Unit:
    """The cell proposes for its members; the parent proposes for an organisation."""
    return assessment.unit if assessment.is_member else assessment.unit.get_parent()


def _decider_unit(assessment: Assessment) -> Unit:
    """The superior decides: the cell's parent for members, the round's committee for organisations."""
    return assessment.unit.get_parent() if assessment.is_member else assessment.round.unit


def _decider_path(assessment: Assessment) -> str:
    """The deciding body's tree path, read from the assessment's own unit (no query per assessment)."""
    return assessment.unit.path[: -Unit.steplen] if assessment.is_member else assessment.round.unit.path


def can_self_assess(user, assessment: Assessment) -> bool:
    if assessment.is_member:
        return getattr(user, "person_id", None) == assessment.person_id or scope.can_manage(user, assessment.unit)
    return scope.can_manage(user, assessment.unit)


def can_propose(user, assessment: Assessment) -> bool:
    unit = _proposer_unit(assessment)
    return unit is not None and scope.can_manage(user, unit)


def can_decide(user, assessment: Assessment) -> bool:
    path = _decider_path(assessment)
    # The scope rule needs only the unit's place in the tree.
    return bool(path) and scope.can_manage(user, Unit(path=path))


def _step(assessment: Assessment, *, expected_version: int | None, stage: str, fields: dict, actor, comment: str, grade: str):
    """Write one stage with an optimistic version check: a concurrent change makes this one fail clearly."""
    if assessment.round.closed:
        raise ValidationError(_("Đợt đánh giá đã kết thúc, không sửa được."))
    version = assessment.version if expected_version is None else expected_version
    updated = Assessment.objects.filter(pk=assessment.pk, version=version).update(
        stage=stage, version=F("version") + 1, **fields
    )
    if not updated:
        raise StaleAssessment(_("Phiếu này vừa được người khác cập nhật. Hãy tải lại trang để xem kết quả mới nhất."))
    AssessmentEvent.objects.create(assessment=assessment, stage=stage, grade=grade, comment=comment, actor=actor)
    assessment.refresh_from_db()
    record(actor, f"grading.{stage}", assessment, unit=assessment.unit, grade=grade)
    return assessment


@transaction.atomic
def do_self_assess(assessment: Assessment, grade: str, *, actor, comment: str = "", expected_version: int | None = None):
    """Tự đánh giá, tự xếp loại."""
    if not can_self_assess(actor, assessment):
        raise PermissionDenied(_("Bạn không thể tự đánh giá thay cho người khác."))
    if assessment.stage not in (Stage.OPEN, Stage.SELF_ASSESSED):
        raise ValidationError(_("Phiếu đã được chi bộ đề xuất; không sửa phần tự đánh giá được nữa."))
    return _step(assessment, expected_version=expected_version, stage=Stage.SELF_ASSESSED, actor=actor, comment=comment,
                 grade=grade, fields={"self_grade": grade, "self_comment": comment})


@transaction.atomic
def do_propose_grade(assessment: Assessment, grade: str, *, actor, comment: str = "", expected_version: int | None = None):
    """Chi bộ (or the organisation's parent) proposes a grade."""
    if not can_propose(actor, assessment):
        raise PermissionDenied(_("Bạn không có quyền đề xuất xếp loại cho phiếu này."))
    if assessment.stage == Stage.DECIDED:
        raise ValidationError(_("Cấp trên đã quyết định xếp loại; không đề xuất lại được."))
    return _step(assessment, expected_version=expected_version, stage=Stage.PROPOSED, actor=actor, comment=comment,
                 grade=grade, fields={"proposed_grade": grade, "proposal_comment": comment})


def quota_group(assessment: Assessment) -> dict:
    """The assessments one quota applies to: members decided by the same superior, or the round's organisations."""
    if assessment.is_member:
        parent = Unit(path=_decider_path(assessment))
        return {"round_id": assessment.round_id, "person__isnull": False, "q": subtree_q([parent], prefix="unit__")}
    return {"round_id": assessment.round_id, "person__isnull": True, "q": None}


def check_quota(grading_round: GradingRound, excellent: int, good: int, *, where: str = "") -> None:
    """Refuse when excellent > quota% of good (the Party's 20% rule by default).

    `where` names the body whose decisions the quota counts, so the refusal says which count it broke.
    """
    allowed = good * grading_round.excellent_quota_percent // 100
    if excellent > allowed:
        message = _(
            "Vượt tỷ lệ: số được xếp loại Hoàn thành xuất sắc nhiệm vụ (%(excellent)s) không được quá "
            "%(percent)s%% số được xếp loại Hoàn thành tốt nhiệm vụ (%(good)s), tức tối đa %(allowed)s."
        ) % {"excellent": excellent, "percent": grading_round.excellent_quota_percent, "good": good, "allowed": allowed}
        if where:
            message = _("%(where)s: %(message)s Chưa lưu quyết định nào; hãy chọn lại mức xếp loại.") % {
                "where": where, "message": message}
        raise QuotaExceeded(message)


@transaction.atomic
def do_decide_grades(decisions: list[tuple[Assessment, str]], *, actor, comment: str = "") -> list[Assessment]:
    """The superior decides grades, one or many at once; the quota is checked on the result.

    Atomic: when the quota would be exceeded nothing is saved and QuotaExceeded says why.
    """
    if not decisions:
        return []
    now = timezone.now()
    groups = {}
    for assessment, grade in decisions:
        if grade not in Grade.values:
            raise ValidationError(_("Mức xếp loại không hợp lệ."))
        if not can_decide(actor, assessment):
            raise PermissionDenied(_("Bạn không có quyền quyết định xếp loại cho %(who)s.") % {"who": assessment.subject})
        _step(assessment, expected_version=assessment.version, stage=Stage.DECIDED, actor=actor, comment=comment, grade=grade,
              fields={"decided_grade": grade, "decision_comment": comment, "decided_by": actor, "decided_at": now})
        group = quota_group(assessment)
        groups.setdefault((group["round_id"], group["person__isnull"], str(group["q"])), (assessment, group))
    for assessment, group in groups.values():
        qs = Assessment.objects.filter(round_id=group["round_id"], person__isnull=group["person__isnull"])
        if group["q"] is not None:
            qs = qs.filter(group["q"])
        counts = dict(qs.order_by().values("decided_grade").annotate(n=Count("id")).values_list("decided_grade", "n"))
        excellent, good = counts.get(Grade.EXCELLENT, 0), counts.get(Grade.GOOD, 0)
        if excellent > good * assessment.round.excellent_quota_percent // 100:
            where = (_("Đảng viên thuộc %(unit)s") % {"unit": _decider_unit(assessment)} if assessment.is_member
                     else _("Tổ chức đảng trong đợt của %(unit)s") % {"unit": assessment.round.unit})
            check_quota(assessment.round, excellent, good, where=where)
    return [a for a, _ in decisions]


@transaction.atomic
def do_close_round(grading_round: GradingRound, *, actor) -> GradingRound:
    if not scope.can_manage(actor, grading_round.unit):
        raise PermissionDenied(_("Chỉ cấp ủy tổ chức đợt đánh giá mới kết thúc được đợt này."))
    grading_round.closed = True
    grading_round.save(update_fields=["closed"])
    record(actor, "grading.close_round", grading_round, unit=grading_round.unit)
    return grading_round
