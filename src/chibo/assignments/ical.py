"""iCalendar (RFC 5545) text for a unit's deadlines, written by hand (no dependency)."""

from django.utils import timezone
from django.utils.translation import gettext as _


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold content lines at 75 octets, never inside a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def calendar_for(unit, tasks, host: str, url_for=None) -> str:
    """A VCALENDAR with one all-day VEVENT per task, on its effective deadline; `url_for(task)`
    gives the address of the task's page, so a calendar app opens it."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    calendar_name = _("Hạn nhiệm vụ · %(unit)s") % {"unit": unit.name}
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Chi bo so//Nhiem vu//VI", "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(calendar_name)}", "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for task in tasks:
        assignment = task.assignment
        summary = _("Hạn: %(title)s") % {"title": assignment.title}
        description = _("%(issuer)s giao. %(description)s") % {
            "issuer": assignment.issuer.name, "description": assignment.description}
        lines += [
            "BEGIN:VEVENT",
            f"UID:assignee-task-{task.pk}@{host.split(':')[0]}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{task.due_on:%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description.strip())}",
            *([f"URL:{url_for(task)}"] if url_for else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
