"""`chibo remind`: enqueue the reminder sweep (called by cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from chibo.assignments.tasks import send_reminders


class Command(BaseCommand):
    help = "Xếp hàng lượt nhắc hạn nhiệm vụ. Enqueue the assignment reminder sweep."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Chạy ngay trong tiến trình này / run inline")
        parser.add_argument("--backend", default=None)

    def handle(self, *args, now=False, backend=None, **options):
        if now:
            result = send_reminders.call()
            self.stdout.write(f"sent={result['sent']} emailed={result['emailed']}")
            return
        task = send_reminders.using(backend=backend) if backend else send_reminders
        result = task.enqueue()
        self.stdout.write(f"enqueued={result.id}")
