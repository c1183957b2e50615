"""Background work of the portal: flushing view counts and publishing scheduled pages."""

from django.core.management import call_command
from django.tasks import task


@task
def flush_view_counts() -> int:
    """Move pending view counts from the shared cache into the database (run every few minutes)."""
    from .viewcounts import flush_all

    return flush_all()


@task
def publish_scheduled_pages() -> None:
    """Publish pages whose scheduled time has come and unpublish expired ones (run every minute)."""
    call_command("publish_scheduled")
