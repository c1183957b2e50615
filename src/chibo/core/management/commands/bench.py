"""`chibo bench NAME [ARGS…]`: run the benchmark bench/NAME.py (by hand, never in the suite)."""

import importlib.util
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy một phép đo hiệu năng trong bench/. Run a benchmark from bench/ (e.g. generate, tree)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv):
        # Pass everything after the benchmark's name through untouched (its own options).
        if len(argv) < 3:
            raise SystemExit("usage: chibo bench NAME [ARGS…]")
        self._argv = argv[3:]
        return super().run_from_argv(argv[:3])

    def handle(self, name, *args, **options):
        path = settings.BASE_DIR / "bench" / f"{name.replace('-', '_')}.py"
        if not path.exists():
            available = sorted(p.stem.replace("_", "-") for p in path.parent.glob("*.py") if not p.stem.startswith("_"))
            raise CommandError(f"Không có phép đo “{name}”. Có: {', '.join(available)}")
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(path.parent))
        spec.loader.exec_module(module)
        code = module.run(getattr(self, "_argv", list(args)))
        if code:
            raise SystemExit(code)
