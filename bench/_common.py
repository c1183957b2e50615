"""Helpers the benchmarks share: timing, percentiles, COPY into PostgreSQL, a free loopback port."""

import socket
import statistics
import time


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """(median, max) seconds of `repeat` runs, after one warm-up run, and the last result."""
    result = fn()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), max(timings), result


def p95(values) -> float:
    """The 95th percentile by nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    """COPY `rows` into `table` through a Django cursor on PostgreSQL; the number of rows written."""
    count = 0
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
