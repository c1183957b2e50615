"""The five real articles the product was started from (seed 000–004), used by the demo and the tests."""

from pathlib import Path

DIR = Path(__file__).resolve().parent


def seed_path(number: str) -> Path:
    """The file of seed `number` ("000"…"004")."""
    return next(DIR.glob(f"{number}_*.txt"))


def seed_text(number: str) -> str:
    return seed_path(number).read_text(encoding="utf-8")
