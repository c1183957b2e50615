"""Fixtures for the tests of chibo.text: where the data lives and how to run the real command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[4]
DEV_PASSAGES = REPO_ROOT / "tests" / "data" / "dev_passages.jsonl"


def shared_dir() -> Path | None:
    """`../shared` next to the repository (seed gold annotations and the scorer), else the copies of
    both kept under `tests/` (tests/data/seed_gold.jsonl, tests/tools/score_extraction.py)."""
    candidates = [REPO_ROOT.parent / "shared", REPO_ROOT / "tests"]
    if os.environ.get("CHIBO_SHARED_DIR"):
        candidates.insert(0, Path(os.environ["CHIBO_SHARED_DIR"]))
    for path in candidates:
        if (path / "tools" / "score_extraction.py").is_file():
            return path
    return None


@pytest.fixture
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip(f"../shared (seed gold and tools/score_extraction.py) is not next to {REPO_ROOT}")
    return path


def chibo_command() -> list[str]:
    """The installed console script `chibo`, else the same command through `python -m chibo.text`."""
    script = Path(sys.executable).parent / "chibo"
    if script.is_file():
        return [str(script), "extract"]
    found = shutil.which("chibo")
    if found:
        return [found, "extract"]
    return [sys.executable, "-m", "chibo.text"]


def text_env() -> dict[str, str]:
    """Environment without Django settings or a database: the command must not need them."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@pytest.fixture
def run_extract():
    """run_extract(*args, stdin=None, command=None) -> CompletedProcess of `chibo extract ARGS`."""

    def run(*args: str, stdin: str | None = None, command: list[str] | None = None):
        return subprocess.run(
            [*(command or chibo_command()), *args], input=stdin, capture_output=True, text=True,
            encoding="utf-8", env=text_env(), timeout=120, check=False,
        )

    return run
