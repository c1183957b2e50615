"""Builders for the member's-space tests: a member account, a meeting with documents sent ahead."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chibo.accounts.models import RoleKind
from chibo.activities import services as activity_services
from chibo.activities.models import ActivityKind, AttachmentKind
from chibo.core.testing import make_user

READING_TEXT = "Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ.\nĐảng viên đọc trước buổi sinh hoạt."


def member_user(person, username=None):
    """A member's account linked to their record, with the member role at their cell (as the demo has)."""
    return make_user(person.unit, RoleKind.MEMBER, username=username, person=person)


def meeting(actor, cell, on=None, topic="Sinh hoạt chi bộ tháng", readings=("Tài liệu học tập",), **fields):
    """A regular meeting of `cell` (today by default) with its documents sent ahead."""
    fields.setdefault("starts_at", datetime.time(19, 30))
    fields.setdefault("agenda", "1. Thông báo thời sự.\n2. Học tập nghị quyết.\n3. Nhiệm vụ tháng tới.")
    activity = activity_services.do_create_activity(
        actor, cell, kind=ActivityKind.REGULAR, topic=topic, on=on or timezone.localdate(), place="Nhà văn hoá", **fields,
    )
    for title in readings:
        upload = SimpleUploadedFile("tai-lieu.txt", READING_TEXT.encode(), content_type="text/plain")
        activity_services.do_attach_file(actor, activity, upload, kind=AttachmentKind.READING, title=title)
    return activity
