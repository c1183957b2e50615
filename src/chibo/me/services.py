"""Writes of a member's own space: marking a document read, checking in with the meeting's code."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.accounts.audit import record
from chibo.activities import services as activity_services
from chibo.activities.models import Activity, Attachment, Attendance, CheckinMethod

from .models import ReadReceipt
from .selectors import member_of


class MeError(ValueError):
    """A request refused by the rules of the member's space; the message is shown as is."""


@transaction.atomic
def do_mark_read(user, reading: Attachment) -> ReadReceipt:
    """Đánh dấu đã đọc: the member confirms having read a document sent ahead (once; again changes nothing).

    The caller has fetched `reading` through `selectors.get_my_reading`, so it is one of the member's.
    """
    person = member_of(user)
    if person is None:
        raise MeError(_("Tài khoản của bạn chưa gắn với hồ sơ đảng viên."))
    receipt, created = ReadReceipt.objects.get_or_create(
        person=person, attachment=reading, defaults={"read_at": timezone.now()},
    )
    if created:
        record(user, "me.mark_read", receipt, unit=reading.activity.unit, attachment=reading.pk,
               activity=reading.activity_id)
    return receipt


def do_check_in(user, activity: Activity, code: str) -> Attendance:
    """Tự điểm danh bằng mã, typed on the member's home page (the activities service does the work)."""
    try:
        return activity_services.do_check_in(user, activity, (code or "").strip(), method=CheckinMethod.CODE)
    except activity_services.ActivityError as exc:
        raise MeError(str(exc)) from exc
