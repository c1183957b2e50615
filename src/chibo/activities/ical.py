"""iCalendar (RFC 5545) text for activities, written by hand: escaped, folded at 75 octets, CRLF."""

import datetime
from zoneinfo import ZoneInfo

from .selectors import display_title

UTC = datetime.UTC
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def escape(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines."""
    return (
        (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces without cutting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _utc(on: datetime.date, at: datetime.time) -> str:
    return datetime.datetime.combine(on, at, tzinfo=LOCAL).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(activity, *, host: str, url: str = "") -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:activity-{activity.pk}@{host}",
             f"DTSTAMP:{activity.updated_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"]
    if activity.starts_at:
        lines.append(f"DTSTART:{_utc(activity.on, activity.starts_at)}")
        end = activity.ends_at or (datetime.datetime.combine(activity.on, activity.starts_at) + datetime.timedelta(hours=2)).time()
        if end <= activity.starts_at:
            end = datetime.time(23, 59)
        lines.append(f"DTEND:{_utc(activity.on, end)}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{activity.on:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{activity.on + datetime.timedelta(days=1):%Y%m%d}")
    lines.append(f"SUMMARY:{escape(display_title(activity))}")
    if activity.place:
        lines.append(f"LOCATION:{escape(activity.place)}")
    description = "\n".join(part for part in (activity.unit.name, activity.agenda) if part)
    lines.append(f"DESCRIPTION:{escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("STATUS:" + {"cancelled": "CANCELLED", "held": "CONFIRMED"}.get(activity.status, "TENTATIVE"))
    lines.append("END:VEVENT")
    return lines


def calendar(activities, *, name: str, host: str, url=None) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Chi bo so//Hoat dong//VI", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{escape(name)}", "X-WR-TIMEZONE:Asia/Ho_Chi_Minh"]
    for activity in activities:
        lines += event_lines(activity, host=host, url=url(activity) if url else "")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
