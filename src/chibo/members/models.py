"""Members and the other people a cell works with (minimal personal data)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chibo.text import fold


class Gender(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class PersonStatus(models.TextChoices):
    FULL = "full", _("Đảng viên chính thức")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    SYMPATHISER = "sympathiser", _("Cảm tình đảng")
    CANDIDATE = "candidate", _("Quần chúng ưu tú")
    GUEST = "guest", _("Khách mời")
    LEFT = "left", _("Đã chuyển đi, thôi sinh hoạt")


MEMBER_STATUSES = (PersonStatus.FULL, PersonStatus.PROBATIONARY)


class Person(models.Model):
    """Đảng viên, cảm tình đảng hoặc khách: a person known to a unit.

    Members belong to a cell (`unit`); sympathisers and candidates to the cell that helps them;
    guests to the unit that invites them. Only the personal data the work needs is kept.
    """

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("sinh hoạt tại"), on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=20, choices=PersonStatus.choices, default=PersonStatus.FULL)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True)
    joined_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    full_member_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("đảng viên và quần chúng")
        ordering = ["name_folded", "id"]
        indexes = [models.Index(fields=["unit", "status"], name="person_unit_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(full_member_on__isnull=True) | Q(joined_on__isnull=True) | Q(full_member_on__gte=models.F("joined_on")),
                name="person_full_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)

    @property
    def is_member(self) -> bool:
        return self.status in MEMBER_STATUSES


class PositionTitle(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy", _("Phó Bí thư")
    STANDING = "standing", _("Ủy viên Ban Thường vụ")
    COMMITTEE = "committee", _("Cấp ủy viên")
    GROUP_LEADER = "group_leader", _("Tổ trưởng tổ đảng")
    HEAD = "head", _("Trưởng ban")
    DEPUTY_HEAD = "deputy_head", _("Phó Trưởng ban")
    MEMBER = "member", _("Thành viên")


class Position(models.Model):
    """Chức vụ: a position a person holds in a unit, with dates."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("chức vụ"), max_length=20, choices=PositionTitle.choices)
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["unit", "title", "started_on"]

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.unit}"


class ResidenceRegistration(models.Model):
    """Đăng ký với chi bộ nơi cư trú: a member working elsewhere registers where they live."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residence_registrations")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("chi bộ nơi cư trú"), on_delete=models.CASCADE, related_name="residents"
    )
    registered_on = models.DateField(_("ngày đăng ký"))
    ended_on = models.DateField(_("kết thúc"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("đăng ký nơi cư trú")
        verbose_name_plural = _("đăng ký nơi cư trú")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit"], condition=Q(ended_on__isnull=True), name="residence_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.unit}"
