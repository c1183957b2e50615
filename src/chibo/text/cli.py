"""`chibo extract FILE.jsonl`: one JSON line out per `{"id", "text"}` line in; `-` reads stdin.

A malformed line is reported on stderr with its line number and skipped; the others are still
processed. Exit status 0 when every line was read, 1 when any line failed, 2 when the file cannot
be opened.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from .extraction import extract

__all__ = ["main", "process"]


def _record(line: str) -> tuple[object, str]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"không phải JSON hợp lệ ({exc.msg}, cột {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("cần một đối tượng JSON {\"id\", \"text\"}")
    if "id" not in data:
        raise ValueError("thiếu trường \"id\"")
    if not isinstance(data.get("text"), str):
        raise ValueError("thiếu trường \"text\" kiểu chuỗi")
    return data["id"], data["text"]


def process(lines: Iterable[str], out: TextIO, err: TextIO, name: str = "-") -> int:
    """Extract from each JSON line; return the number of lines that failed.

    >>> import io
    >>> out, err = io.StringIO(), io.StringIO()
    >>> process(['{"id": 1, "text": "Kế hoạch số 38-KH/TU"}', 'oops'], out, err, "in.jsonl")
    1
    >>> json.loads(out.getvalue())["references"][0]["notation"], err.getvalue().split(":")[:2]
    ('38-KH/TU', ['in.jsonl', '2'])
    """
    failed = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rid, text = _record(line)
            result = {"id": rid, **extract(text).as_dict()}
        except ValueError as exc:
            failed += 1
            err.write(f"{name}:{number}: dòng {number} bị bỏ qua: {exc}\n")
            continue
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return failed


def _utf8(stream: TextIO) -> TextIO:
    if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8" and hasattr(stream, "buffer"):
        return io.TextIOWrapper(stream.buffer, encoding="utf-8", line_buffering=True)
    return stream


def main(argv: list[str]) -> int:
    """Run the command; `argv` excludes the program name. Returns the exit status.

    >>> main(["/nonexistent.jsonl"])
    2
    """
    parser = argparse.ArgumentParser(
        prog="chibo extract",
        description="Trích số hiệu văn bản, ngày ban hành, quan hệ thực hiện và số liệu (JSON lines).",
    )
    parser.add_argument("file", help="tệp .jsonl, mỗi dòng {\"id\", \"text\"}; - để đọc từ stdin")
    args = parser.parse_args(argv)
    out, err = _utf8(sys.stdout), sys.stderr
    if args.file == "-":
        failed = process(_utf8(sys.stdin), out, err, "stdin")
    else:
        try:
            handle = open(args.file, encoding="utf-8")
        except OSError as exc:
            err.write(f"{args.file}: không mở được tệp: {exc.strerror}\n")
            return 2
        with handle:
            failed = process(handle, out, err, args.file)
    out.flush()
    return 1 if failed else 0
