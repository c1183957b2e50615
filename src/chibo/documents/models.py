"""The document registry: Party and State documents, their attachments and how they relate.

A document belongs to the registry of one unit (`owner`): the issuing unit when it is in the
tree, otherwise the unit that registered it. A notation is unique only with its issuer and the
committee term, so `(notation_key, issuer_ref, term)` identifies a document.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentSystem(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng")
    STATE = "state", _("Văn bản nhà nước")


class DocumentType(models.TextChoices):
    """Common type codes (ký hiệu loại văn bản); other codes are kept as typed."""

    NQ = "NQ", _("Nghị quyết")
    QD = "QĐ", _("Quyết định")
    QDI = "QĐi", _("Quy định")
    CT = "CT", _("Chỉ thị")
    KL = "KL", _("Kết luận")
    QC = "QC", _("Quy chế")
    HD = "HD", _("Hướng dẫn")
    KH = "KH", _("Kế hoạch")
    CTR = "CTr", _("Chương trình")
    DA = "ĐA", _("Đề án")
    BC = "BC", _("Báo cáo")
    TB = "TB", _("Thông báo")
    TTR = "TTr", _("Tờ trình")
    CV = "CV", _("Công văn")
    ND = "NĐ", _("Nghị định")
    TT = "TT", _("Thông tư")
    L = "L", _("Luật")


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("Thường")
    CONFIDENTIAL = "confidential", _("Mật")
    SECRET = "secret", _("Tối mật")
    TOP_SECRET = "top_secret", _("Tuyệt mật")


GRADED = (Confidentiality.CONFIDENTIAL, Confidentiality.SECRET, Confidentiality.TOP_SECRET)
"""Grades whose content an Internet-facing instance never stores (mật and above)."""


class Distribution(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    INTERNAL = "internal", _("Lưu hành nội bộ")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    EXPIRED = "expired", _("Hết hiệu lực")


class RegistrationSource(models.TextChoices):
    FORM = "form", _("Nhập tay")
    PASTE = "paste", _("Dán văn bản")
    UPLOAD = "upload", _("Tải tệp lên")
    IMPORT = "import", _("Nhập từ Excel")
    API = "api", _("API")
    DEMO = "demo", _("Dữ liệu mẫu")


class Document(models.Model):
    """Văn bản: a directive, plan, guidance, resolution… registered in a unit's registry."""

    system = models.CharField(_("hệ thống"), max_length=10, choices=DocumentSystem.choices, default=DocumentSystem.PARTY)
    type_code = models.CharField(_("loại"), max_length=10)
    number = models.CharField(_("số"), max_length=20)
    notation = models.CharField(_("số hiệu"), max_length=80)
    notation_key = models.CharField(max_length=80, editable=False)  # indexed by document_notation_recency
    issuer = models.ForeignKey(
        "orgs.Unit", verbose_name=_("cơ quan ban hành"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="issued_documents",
    )
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=255, blank=True)
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=30, blank=True, db_index=True)
    issuer_ref = models.CharField(max_length=300, editable=False)
    owner = models.ForeignKey(
        "orgs.Unit", verbose_name=_("sổ văn bản của"), on_delete=models.PROTECT, related_name="documents",
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    term = models.CharField(_("nhiệm kỳ"), max_length=20, blank=True)
    abstract = models.TextField(_("trích yếu"), blank=True)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    confidentiality = models.CharField(
        _("độ mật"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.NORMAL,
    )
    distribution = models.CharField(
        _("phạm vi"), max_length=10, choices=Distribution.choices, default=Distribution.PUBLIC,
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.ISSUED)
    tags = models.JSONField(_("nhãn"), default=list, blank=True)
    source = models.CharField(max_length=10, choices=RegistrationSource.choices, default=RegistrationSource.FORM)
    search_text = models.TextField(editable=False, blank=True)
    recency = models.DateField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_field = "owner"

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-recency", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["notation_key", "issuer_ref", "term"], name="document_identity"),
            models.CheckConstraint(condition=~Q(notation_key=""), name="document_has_notation"),
        ]
        indexes = [
            models.Index(fields=["-recency", "-id"], name="document_recency"),
            # A notation's documents newest first (1-KH/CB is every cell's first plan): the exact match.
            models.Index(fields=["notation_key", "-recency", "-id"], name="document_notation_recency"),
            models.Index(fields=["owner", "-recency"], name="document_owner_recency"),
            models.Index(fields=["issuer", "type_code"], name="document_issuer_type"),
        ]

    def __str__(self) -> str:
        return self.notation

    @classmethod
    def scope_public_q(cls) -> Q:
        """Anyone may read issued, public, non-graded documents."""
        return Q(
            status=DocumentStatus.ISSUED, distribution=Distribution.PUBLIC,
            confidentiality=Confidentiality.NORMAL,
        )

    @property
    def is_graded(self) -> bool:
        return self.confidentiality in GRADED

    @property
    def type_name(self) -> str:
        try:
            return str(DocumentType(self.type_code).label)
        except ValueError:
            return self.type_code

    @property
    def issuer_display(self) -> str:
        return self.issuer_name or (self.issuer.name if self.issuer_id else self.issuer_code)

    @property
    def title(self) -> str:
        """Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 (in the interface's language)."""
        if self.issued_on:
            return _("%(type)s số %(notation)s ngày %(date)s") % {
                "type": self.type_name, "notation": self.notation, "date": f"{self.issued_on:%d/%m/%Y}"}
        return _("%(type)s số %(notation)s") % {"type": self.type_name, "notation": self.notation}


def attachment_path(instance, filename: str) -> str:
    """Files are stored under their checksum (see services.attachment_storage_name)."""
    return filename


class Attachment(models.Model):
    """Tệp đính kèm: a PDF, DOCX or image of a document; identical files are stored once."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "document__owner"

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        constraints = [models.UniqueConstraint(fields=["document", "sha256"], name="attachment_once_per_document")]

    def __str__(self) -> str:
        return self.name


class RelationKind(models.TextChoices):
    IMPLEMENTS = "implements", _("thực hiện")
    GUIDES = "guides", _("hướng dẫn")
    AMENDS = "amends", _("sửa đổi, bổ sung")
    REPLACES = "replaces", _("thay thế")
    CITES = "cites", _("viện dẫn")


# How a relation reads from the parent's end ("is implemented by" …).
INVERSE_LABELS = {
    RelationKind.IMPLEMENTS: _("được thực hiện bởi"),
    RelationKind.GUIDES: _("được hướng dẫn bởi"),
    RelationKind.AMENDS: _("được sửa đổi, bổ sung bởi"),
    RelationKind.REPLACES: _("được thay thế bởi"),
    RelationKind.CITES: _("được viện dẫn bởi"),
}

CASCADE_KINDS = (RelationKind.IMPLEMENTS, RelationKind.GUIDES)
"""Relations that hand a directive down: the documents issued under it."""


class DocumentRelation(models.Model):
    """Quan hệ văn bản: `source` (the newer, child document) implements/guides/… `target`."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("quan hệ"), max_length=12, choices=RelationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "source__owner"

    class Meta:
        verbose_name = _("quan hệ văn bản")
        verbose_name_plural = _("quan hệ văn bản")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_once"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="relation_not_to_itself"),
        ]
        indexes = [models.Index(fields=["target", "kind"], name="relation_target_kind")]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"
