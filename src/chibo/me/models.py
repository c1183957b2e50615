"""Góc đảng viên: what a member's own space stores beyond the other apps — who has read what."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadReceipt(models.Model):
    """Đã đọc: a member has read a document sent ahead of a meeting (activities' reading attachment).

    The cell secretary reads these to see who has studied the documents before the meeting.
    """

    person = models.ForeignKey("members.Person", verbose_name=_("đảng viên"), on_delete=models.CASCADE,
                               related_name="read_receipts")
    attachment = models.ForeignKey("activities.Attachment", verbose_name=_("tài liệu"), on_delete=models.CASCADE,
                                   related_name="read_receipts")
    read_at = models.DateTimeField(_("đọc lúc"))

    scope_unit_field = "attachment__activity__unit"

    class Meta:
        verbose_name = _("xác nhận đã đọc")
        verbose_name_plural = _("xác nhận đã đọc")
        ordering = ["read_at", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "attachment"], name="read_receipt_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.attachment} · {self.read_at:%d/%m/%Y %H:%M}"
