"""Users, the roles they hold at units, login throttling and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Người dùng: a staff member, editor, secretary or party member who logs in."""

    person = models.OneToOneField(
        "members.Person", verbose_name=_("hồ sơ"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="user",
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        """Họ và tên in Vietnamese order: family and middle names (`last_name`), then the given name."""
        return f"{self.last_name} {self.first_name}".strip()

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleKind(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư, phó bí thư")
    STAFF = "staff", _("Văn phòng, chuyên viên")
    EDITOR = "editor", _("Biên tập viên")
    MEMBER = "member", _("Đảng viên")
    VIEWER = "viewer", _("Chỉ xem")


MANAGING_ROLES = (RoleKind.SECRETARY, RoleKind.STAFF)
"""Roles that may change records of their subtree (register, assign, approve)."""


class Role(models.Model):
    """Vai trò: a user's role at a unit, covering the unit's whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("vai trò"), max_length=20, choices=RoleKind.choices)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "kind"], name="role_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.unit}"


class LoginAttempt(models.Model):
    """A failed login, counted per username and per address to throttle guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.at:%d/%m/%Y %H:%M}"


class AuditEvent(models.Model):
    """Nhật ký: who changed what, when, in which unit."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)

    scope_unit_field = "unit"

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.action} {self.summary}"


def active_role_q(on) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
