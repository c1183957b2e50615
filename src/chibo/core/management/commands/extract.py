"""`chibo extract FILE.jsonl`: document references, implements links and quantities, as JSON lines."""

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Trích số hiệu văn bản, ngày, quan hệ thực hiện và số liệu từ văn bản (JSON lines). No database needed."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .jsonl, hoặc - để đọc từ stdin")

    def handle(self, file, **options):
        from chibo.text.cli import main

        code = main([file])
        sys.stdout.flush()
        if code:
            raise SystemExit(code)
