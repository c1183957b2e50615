"""Yearly quality grading (đánh giá, xếp loại chất lượng) of members and of party organisations.

A round is opened by a committee for a year over its subtree. Each member assesses themself,
the cell proposes, the superior decides; cells and committees are graded the same way. The
quota rule — the number rated "excellent" may not exceed a share (20% by default) of those
rated "good" — is checked on every decision.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETE = "complete", _("Hoàn thành nhiệm vụ")
    INCOMPLETE = "incomplete", _("Không hoàn thành nhiệm vụ")


GRADE_ORDER = [Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETE, Grade.INCOMPLETE]


class Stage(models.TextChoices):
    OPEN = "open", _("Chờ tự đánh giá")
    SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
    PROPOSED = "proposed", _("Chi bộ đã đề xuất")
    DECIDED = "decided", _("Cấp trên đã quyết định")


class GradingRound(models.Model):
    """Đợt đánh giá, xếp loại: one year's grading organised by a committee over its subtree."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("cấp ủy tổ chức"), on_delete=models.PROTECT, related_name="grading_rounds")
    year = models.PositiveSmallIntegerField(_("năm"))
    excellent_quota_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ xuất sắc tối đa (% số hoàn thành tốt)"), default=20,
    )
    closed = models.BooleanField(_("đã kết thúc"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("đợt đánh giá, xếp loại")
        verbose_name_plural = _("đợt đánh giá, xếp loại")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="grading_round_unique"),
            models.CheckConstraint(condition=Q(excellent_quota_percent__lte=100), name="grading_quota_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"


class Assessment(models.Model):
    """Phiếu đánh giá: one member's or one organisation's grading in a round, stage by stage."""

    round = models.ForeignKey(GradingRound, on_delete=models.CASCADE, related_name="assessments")
    person = models.ForeignKey("members.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="assessments")
    subject_unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="assessments",
        help_text=_("Tổ chức được đánh giá (khi không phải đảng viên)."),
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("thuộc"), on_delete=models.CASCADE, related_name="+",
        help_text=_("Chi bộ của đảng viên, hoặc chính tổ chức được đánh giá."),
    )
    stage = models.CharField(_("bước"), max_length=20, choices=Stage.choices, default=Stage.OPEN)
    self_grade = models.CharField(_("tự xếp loại"), max_length=12, choices=Grade.choices, blank=True)
    self_comment = models.TextField(_("tự nhận xét"), blank=True)
    proposed_grade = models.CharField(_("chi bộ đề xuất"), max_length=12, choices=Grade.choices, blank=True)
    proposal_comment = models.TextField(_("ý kiến chi bộ"), blank=True)
    decided_grade = models.CharField(_("cấp trên quyết định"), max_length=12, choices=Grade.choices, blank=True)
    decision_comment = models.TextField(_("ý kiến cấp trên"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(subject_unit__isnull=True))
                | (Q(person__isnull=True) & Q(subject_unit__isnull=False)),
                name="assessment_one_subject",
            ),
            models.UniqueConstraint(fields=["round", "person"], condition=Q(person__isnull=False), name="assessment_person_once"),
            models.UniqueConstraint(fields=["round", "subject_unit"], condition=Q(subject_unit__isnull=False), name="assessment_unit_once"),
        ]
        indexes = [models.Index(fields=["round", "decided_grade"], name="assessment_round_grade")]

    def __str__(self) -> str:
        return f"{self.subject} · {self.round.year}"

    @property
    def subject(self):
        return self.person or self.subject_unit

    @property
    def is_member(self) -> bool:
        return self.person_id is not None


class AssessmentEvent(models.Model):
    """One step of an assessment's history."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    grade = models.CharField(max_length=12, choices=Grade.choices, blank=True)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.grade} {self.at:%d/%m/%Y %H:%M}"
