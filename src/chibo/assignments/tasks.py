"""Background work: the reminder sweep, enqueued by `chibo remind` and run by the db worker."""

from django.tasks import task

from . import services


@task
def send_reminders(today: str | None = None) -> dict:
    """Nhắc hạn: one sweep over deadlines coming and passed (safe to run twice or in parallel)."""
    import datetime

    return services.do_send_reminders(datetime.date.fromisoformat(today) if today else None)
