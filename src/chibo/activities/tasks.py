"""Background work of activities: invitation e-mails, with the documents to read sent ahead."""

import logging

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

ATTACH_LIMIT = 8 * 1024 * 1024
"""Documents sent ahead travel with the e-mail up to this total size; larger ones are named only."""


def _readings(activity) -> tuple[list[str], list[tuple[str, bytes]]]:
    titles, files, size = [], [], 0
    for reading in activity.attachments.filter(kind="reading").order_by("id"):
        titles.append(reading.title)
        try:
            if size + reading.file.size <= ATTACH_LIMIT:
                with reading.file.open("rb") as handle:
                    content = handle.read()
                size += len(content)
                files.append((reading.file.name.rsplit("/", 1)[-1], content))
        except OSError:
            logger.warning("reading %s could not be attached", reading.pk, exc_info=True)
    return titles, files


@task()
def send_invitation_emails(activity_id: int) -> int:
    """Gửi giấy mời qua thư điện tử to every invitee with an address; returns how many were sent."""
    from .models import Activity

    activity = Activity.objects.select_related("unit").filter(pk=activity_id).first()
    if activity is None:
        return 0
    when = f"{activity.starts_at:%H:%M} " if activity.starts_at else ""
    subject = _("Giấy mời: %(topic)s, %(when)sngày %(on)s") % {
        "topic": activity.topic, "when": when, "on": f"{activity.on:%d/%m/%Y}"}
    titles, files = _readings(activity)
    readings = _("\nTài liệu đọc trước:\n%(list)s\n") % {"list": "\n".join(f"- {t}" for t in titles)} if titles else ""
    sent = 0
    for row in activity.attendance.select_related("person").exclude(person__isnull=True).exclude(person__email=""):
        body = _(
            "Kính gửi đồng chí %(name)s,\n\n%(unit)s trân trọng kính mời đồng chí dự %(kind)s: %(topic)s.\n"
            "Thời gian: %(when)sngày %(on)s.\nĐịa điểm: %(place)s.\n\nChương trình:\n%(agenda)s\n"
        ) % {
            "name": row.person.full_name, "unit": activity.unit.name, "kind": activity.get_kind_display().lower(),
            "topic": activity.topic, "when": when, "on": f"{activity.on:%d/%m/%Y}", "place": activity.place or "—",
            "agenda": activity.agenda or "—",
        }
        message = EmailMessage(subject, body + readings, None, [row.person.email])
        for name, content in files:
            message.attach(name, content)
        try:
            sent += message.send()
        except OSError:
            logger.warning("invitation e-mail to %s failed", row.person.email, exc_info=True)
    return sent
