"""The demo data: every app adds its part through `chibo.<app>.demo.load(ctx)`, in order.

Deterministic from a seed. `chibo demo` loads it once into an empty database and prints the
demo accounts; on a database that already has it, it only prints them.
"""

import datetime
import random
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.db import transaction

DEMO_APPS = (
    "orgs", "members", "accounts", "documents", "assignments", "reporting",
    "activities", "bookshelves", "grading", "honours", "portal", "me",
)
DEMO_PASSWORD = "chibo-demo-2025"


@dataclass
class DemoContext:
    """What the apps' demo loaders share.

    units: named units, e.g. "central", "province" (Tỉnh ủy Lào Cai, after 2025),
      "province_board" (its Ban Tuyên giáo và Dân vận), "communes" is a list in `lists`,
      and the seed articles' units (see chibo.orgs.demo for every key).
    users: demo users by key ("province_staff", "commune_staff", "cell_secretary", "member", ...).
    accounts: (username, description) lines printed by `chibo demo`.
    """

    seed: int
    rng: random.Random
    today: datetime.date
    units: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)
    log: callable = print


def demo_loaded() -> bool:
    from chibo.orgs.models import Unit

    return Unit.objects.exists()


def load_demo(seed: int = 2025, log=print, today: datetime.date | None = None) -> DemoContext:
    ctx = DemoContext(seed=seed, rng=random.Random(seed), today=today or datetime.date.today(), log=log)
    with transaction.atomic():
        for app in DEMO_APPS:
            if find_spec(f"chibo.{app}.demo"):
                log(f"  · {app}")
                import_module(f"chibo.{app}.demo").load(ctx)
    return ctx
