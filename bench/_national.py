"""National-scale data in the PostgreSQL database named by DATABASE_URL, for the benchmarks.

`ensure_national()` generates it (seed 2025) when the organisation tree is empty and returns the
central root; other benchmarks reuse it. It refuses SQLite: national scale is a PostgreSQL affair.
"""

import sys

from django.core.management import call_command
from django.db import connection

NATIONAL_PROVINCES = 34
SEED = 2025


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit(
            "Phép đo này cần PostgreSQL: đặt DATABASE_URL trỏ tới một cơ sở dữ liệu nháp, ví dụ "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/chibo_bench (this benchmark needs PostgreSQL)."
        )


def migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def tree_size() -> int:
    from chibo.orgs.models import Unit

    return Unit.objects.count()


def reset() -> None:
    """Empty the tree and everything that hangs on it (scratch databases only)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE orgs_unit, members_person, members_position RESTART IDENTITY CASCADE")


def ensure_national(seed: int = SEED, log=print):
    """The central root of national data, generating it first if the tree is empty."""
    from chibo.orgs.generate import StderrProgress, generate
    from chibo.orgs.models import Unit, UnitKind

    require_postgres()
    migrate()
    if not Unit.objects.exists():
        log(f"Cơ sở dữ liệu trống: sinh dữ liệu quy mô toàn quốc (seed {seed})…")
        stats = generate("national", seed, progress=StderrProgress(force=sys.stderr.isatty()))
        log(f"  {stats.units:,} tổ chức, {stats.members:,} đảng viên trong {stats.seconds:,.0f} giây".replace(",", "."))
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE, depth=2).count()
    if provinces < NATIONAL_PROVINCES:
        raise SystemExit(
            f"Cây tổ chức có {provinces} tỉnh, chưa phải dữ liệu toàn quốc: dùng một cơ sở dữ liệu nháp trống "
            "hoặc chạy `chibo bench generate --reset` trước."
        )
    return Unit.objects.get(depth=1, kind=UnitKind.CENTRAL)


def staff_user(username: str, unit):
    """An unsaved staff user whose only role is at `unit`: benchmarks write nothing to accounts.

    The role is put where `chibo.accounts.scope.role_units` caches a user's roles for a request.
    """
    from chibo.accounts.models import MANAGING_ROLES, User

    user = User(username=username, is_active=True)
    user.__dict__["_chibo_role_units"] = {None: [unit], tuple(sorted(MANAGING_ROLES)): [unit]}
    return user
