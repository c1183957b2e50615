"""Register of exemplary people and models (điển hình, mô hình "Dân vận khéo")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chibo.text import fold


class HonourKind(models.TextChoices):
    PERSON = "person", _("Cá nhân điển hình")
    COLLECTIVE = "collective", _("Tập thể điển hình")
    MODEL = "model", _("Mô hình")


class Field(models.TextChoices):
    ECONOMY = "economy", _("Kinh tế, giảm nghèo")
    CULTURE = "culture", _("Văn hóa, xã hội")
    DEFENCE = "defence", _("Quốc phòng, an ninh")
    PARTY = "party", _("Xây dựng Đảng, hệ thống chính trị")
    ADMIN = "admin", _("Cải cách hành chính")
    ENVIRONMENT = "environment", _("Môi trường, nông thôn mới")
    OTHER = "other", _("Lĩnh vực khác")


class ExemplaryModel(models.Model):
    """Điển hình, mô hình: an exemplary person, collective or model a committee recognised."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="exemplary_models")
    name = models.CharField(_("tên"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("loại"), max_length=12, choices=HonourKind.choices, default=HonourKind.MODEL)
    field = models.CharField(_("lĩnh vực"), max_length=12, choices=Field.choices, default=Field.OTHER)
    campaign = models.CharField(_("phong trào"), max_length=120, default="Dân vận khéo")
    year_recognised = models.PositiveSmallIntegerField(_("năm công nhận"))
    decision_notation = models.CharField(_("số quyết định công nhận"), max_length=80, blank=True)
    decision_document = models.ForeignKey(
        "documents.Document", verbose_name=_("quyết định công nhận"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    description = models.TextField(_("mô tả, kết quả"), blank=True)
    photo = models.ImageField(_("ảnh"), upload_to="dien-hinh/%Y/", blank=True)
    published = models.BooleanField(_("công khai trên cổng thông tin"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("điển hình, mô hình")
        verbose_name_plural = _("điển hình, mô hình")
        ordering = ["-year_recognised", "name"]
        indexes = [models.Index(fields=["unit", "year_recognised"], name="honour_unit_year")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(f"{self.name} {self.description[:500]}")
        super().save(*args, **kwargs)

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(published=True)


class ExemplaryPhoto(models.Model):
    """Ảnh của điển hình, mô hình: the pictures beyond its main photo."""

    exemplary = models.ForeignKey(ExemplaryModel, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to="dien-hinh/%Y/")
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "exemplary__unit"

    class Meta:
        verbose_name = _("ảnh điển hình")
        verbose_name_plural = _("ảnh điển hình")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(exemplary__published=True)

