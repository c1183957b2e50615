"""Deterministic generator of organisation trees and members, from one province to the nation.

`generate(scale, seed)` writes provinces (with their boards), communes, wards and special zones,
their cells (some under a grassroots committee, some with party groups), members with
Vietnamese names, and the secretaries' positions. Same seed, same starting database → the
same names, tree and members.

The tree is written directly with treebeard-compatible materialised paths (steplen 4, base 36)
rather than node by node; rows are produced lazily, one province at a time, and streamed with
COPY on PostgreSQL or batched `executemany` on SQLite, so memory stays bounded at any scale.

Scales (after 1 July 2025: 34 provinces, 3,321 commune-level units, about 5.6 million members):
- ``tiny``: one province, 6 communes, ~4 cells each, ~8 members a cell (tests);
- ``demo``: one province with its boards, ~100 communes and wards, ~8 cells, ~15 members a cell;
- ``province``: one province at real density, ~100 communes × ~75 cells × ~22 members;
- ``national``: the 34 provinces, 3,321 communes, ~250,000 cells, ~5,600,000 members.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import accumulate

from django.db import connections, transaction
from django.db.models import F

from chibo.text import fold

from . import names
from .models import Unit, UnitKind

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
RESTRUCTURED_ON = datetime.date(2025, 7, 1)
TERM_STARTED_ON = datetime.date(2025, 7, 1)  # cấp ủy xã mới sau sắp xếp
NATIONAL_MEMBERS = 5_600_000
CARD_MULTIPLIER = 7_368_787  # coprime with 10**10: id → card number is a bijection
CARD_OFFSET = 1_234_567_891

UNIT_COLUMNS = (
    "id", "path", "depth", "numchild", "name", "short_name", "code", "kind", "place",
    "valid_from", "valid_to", "successor_id", "name_folded",
)
PERSON_COLUMNS = (
    "id", "unit_id", "full_name", "name_folded", "gender", "birth_year", "status", "card_number",
    "joined_on", "full_member_on", "phone", "email",
)
POSITION_COLUMNS = ("id", "person_id", "unit_id", "title", "started_on", "ended_on")


@dataclass(frozen=True)
class Scale:
    name: str
    all_provinces: bool
    communes: int | None  # None: the province's real number
    cells_mean: float | None  # None: from the province's membership (national)
    members_mean: float
    committee_share: float  # communes with a grassroots committee (đảng bộ cơ sở)
    group_share: float  # large residential cells split into party groups (tổ đảng)
    boards: bool = True


SCALES = {
    "tiny": Scale("tiny", False, 6, 4, 8, 0.0, 0.0),
    "demo": Scale("demo", False, None, 8, 15, 0.2, 0.05),
    "province": Scale("province", False, None, 75, 22.4, 0.3, 0.05),
    "national": Scale("national", True, None, None, 22.4, 0.3, 0.05),
}


@dataclass
class GenerateStats:
    """What one run wrote."""

    scale: str
    seed: int
    provinces: int = 0
    boards: int = 0
    communes: int = 0
    committees: int = 0
    cells: int = 0
    groups: int = 0
    units: int = 0
    members: int = 0
    positions: int = 0
    seconds: float = 0.0
    communes_total: int = 0
    communes_done: int = 0
    root_id: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


# --- Materialised paths (treebeard's encoding) ------------------------------------------------


def encode_step(n: int) -> str:
    """Step `n` of a path: base 36, 4 characters (treebeard's first child is 1 → "0001")."""
    digits = ""
    while n:
        n, r = divmod(n, 36)
        digits = ALPHABET[r] + digits
    return digits.rjust(STEPLEN, "0")


def decode_step(step: str) -> int:
    return int(step, 36)


def card_number(person_id: int) -> str:
    """A 10-digit party card number, unique because the map from id is a bijection mod 10¹⁰."""
    return f"{(person_id * CARD_MULTIPLIER + CARD_OFFSET) % 10**10:010d}"


# --- Weighted choice --------------------------------------------------------------------------


class Weighted:
    """Fast weighted choice: bisect on cumulative weights."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs: Iterable[tuple[str, float]]):
        pairs = list(pairs)
        self.items = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect(self.cum, rng.random() * self.total)]


def _family_table(region: str) -> Weighted:
    pairs = []
    for name, weight in names.FAMILY_NAMES:
        if region == names.SOUTH and name in names.SOUTH_VARIANTS:
            pairs += [(variant, weight * share) for variant, share in names.SOUTH_VARIANTS[name]]
        else:
            pairs.append((name, weight))
    return Weighted(pairs)


class NameMaker:
    """Vietnamese full names for one region (family, middle and given name by gender)."""

    def __init__(self, region: str):
        self.family = _family_table(region)
        self.minority_share = names.MINORITY_SHARE.get(region, 0.0)
        self.minority_family = Weighted(names.MINORITY_FAMILY_NAMES)
        self.middle = {"M": Weighted(names.MALE_MIDDLE), "F": Weighted(names.FEMALE_MIDDLE)}
        self.minority_middle = {"M": Weighted(names.MINORITY_MALE_MIDDLE), "F": Weighted(names.MINORITY_FEMALE_MIDDLE)}
        self.given = {"M": names.MALE_GIVEN, "F": names.FEMALE_GIVEN}
        self.minority_given = {"M": names.MINORITY_MALE_GIVEN, "F": names.MINORITY_FEMALE_GIVEN}

    def make(self, rng: random.Random, gender: str) -> str:
        if self.minority_share and rng.random() < self.minority_share:
            family = self.minority_family.pick(rng)
            middle = self.minority_middle[gender].pick(rng)
            given = rng.choice(self.minority_given[gender] if rng.random() < 0.5 else self.given[gender])
        else:
            family = self.family.pick(rng)
            middle = self.middle[gender].pick(rng)
            given = rng.choice(self.given[gender])
            if given == middle:
                given = rng.choice(self.given[gender])
        return f"{family} {middle} {given}"


class _FoldCache(dict):
    """fold() of repeated strings (names repeat a lot), bounded."""

    limit = 300_000

    def __missing__(self, key: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = fold(key)
        return value


# --- The tree of one province, in memory ------------------------------------------------------


class _Node:
    __slots__ = ("kind", "name", "short_name", "code", "place", "valid_from", "children", "members", "id", "path")

    def __init__(self, kind, name, *, short_name="", code="", place="", valid_from=None, members=0):
        self.kind, self.name, self.short_name, self.code, self.place = kind, name, short_name, code, place
        self.valid_from, self.members = valid_from, members
        self.children: list[_Node] = []
        self.id = 0
        self.path = ""

    def add(self, node: _Node) -> _Node:
        self.children.append(node)
        return node


def _between(rng: random.Random, mean: float, spread: float = 0.5, low: int = 1) -> int:
    """A whole number spread evenly around `mean` (± `spread` × mean), at least `low`."""
    return max(low, int(mean * (1 - spread + 2 * spread * rng.random()) + 0.5))


class _ProvinceBuilder:
    def __init__(self, profile: names.Province, scale: Scale, rng: random.Random, cells_mean: float):
        self.profile, self.scale, self.rng, self.cells_mean = profile, scale, rng, cells_mean
        self.used_names: set[str] = set()

    def commune_kinds(self) -> list[tuple[str, str | None]]:
        """("phường"|"xã"|"đặc khu", fixed name or None) for each commune-level unit."""
        p = self.profile
        kinds = [("phường", None)] * p.wards + [("xã", None)] * p.communes + [("đặc khu", n) for n in p.special_zones]
        if self.scale.communes is not None:
            kinds = [("phường", None)] + [("xã", None)] * (self.scale.communes - 1)
        return kinds

    def place_name(self) -> str:
        rng, region = self.rng, self.profile.region
        for _attempt in range(50):
            if region == names.MOUNTAIN and rng.random() < 0.35:
                name = rng.choice(names.MOUNTAIN_PLACE_NAMES)
            else:
                first_pool = names.SOUTH_PLACE_SYLLABLES if region == names.SOUTH and rng.random() < 0.5 else names.PLACE_SYLLABLES
                first, second = rng.choice(first_pool), rng.choice(names.PLACE_SYLLABLES)
                if fold(first) == fold(second):
                    continue
                name = f"{first} {second}"
            key = fold(name)
            if key not in self.used_names:
                self.used_names.add(key)
                return name
        n = 2
        while fold(f"{name} {n}") in self.used_names:
            n += 1
        self.used_names.add(fold(f"{name} {n}"))
        return f"{name} {n}"

    def commune(self, index: int, level: str, fixed: str | None) -> _Node:
        rng, scale = self.rng, self.scale
        place_name = fixed or self.place_name()
        place = f"{level} {place_name}"
        commune = _Node(UnitKind.COMMUNE, f"Đảng ủy {place}", code="ĐU", place=place, valid_from=RESTRUCTURED_ON)
        n_cells = _between(rng, self.cells_mean, 0.4, low=3)
        if index == 0:
            n_cells = max(n_cells, 6)  # the first commune shows every shape: committee, groups
        # Organs and institution cells are smaller (0.8×, 0.7×): the rest draw a little more so
        # that a cell averages `members_mean`.
        members = scale.members_mean * 1.025
        organs = commune.add(_Node(UnitKind.CELL, f"Chi bộ Cơ quan Đảng ủy {place}", code="CB", place=place,
                                   members=_between(rng, members * 0.8, 0.3, low=3)))
        organs.short_name = "Chi bộ Cơ quan"
        remaining = n_cells - 1
        n_institutions = min(len(names.INSTITUTION_CELLS), remaining - 1, max(1, n_cells // 12))
        for what in rng.sample(names.INSTITUTION_CELLS, n_institutions):
            label = f"{what} {place_name}" if what.startswith("Trường") else f"{what} {place}"
            commune.add(_Node(UnitKind.GRASSROOTS_CELL, f"Chi bộ {label}", code="CB", place=place,
                              members=_between(rng, members * 0.7, 0.4, low=3)))
        remaining -= n_institutions
        if remaining >= 3 and (index == 0 or rng.random() < scale.committee_share):
            what = rng.choice(names.GRASSROOTS_COMMITTEES)
            label = f"{what} {place_name}"
            committee = commune.add(_Node(UnitKind.GRASSROOTS, f"Đảng bộ {label}", code="ĐU", place=place))
            for k in range(1, min(remaining - 1, 2 if remaining < 10 else rng.randint(3, 6)) + 1):
                committee.add(_Node(UnitKind.CELL, f"Chi bộ số {k}, Đảng bộ {label}", code="CB", place=place,
                                    members=_between(rng, members, 0.5, low=3)))
                remaining -= 1
        for k, village in enumerate(self.villages(level, place, remaining)):
            cell = commune.add(_Node(UnitKind.CELL, f"Chi bộ {village}, {place}", code="CB",
                                     place=f"{village}, {place}", members=_between(rng, members, 0.5, low=3)))
            if (index == 0 and k == 0) or (cell.members >= 20 and rng.random() < scale.group_share):
                for g in range(1, (2 if index == 0 and k == 0 else rng.randint(2, 3)) + 1):
                    cell.add(_Node(UnitKind.GROUP, f"Tổ đảng số {g}, Chi bộ {village}, {place}", place=cell.place))
        return commune

    def villages(self, level: str, place: str, count: int) -> Iterator[str]:
        rng, region = self.rng, self.profile.region
        rural, urban = names.VILLAGE_WORDS[region]
        if level == "phường":
            word = rng.choice(urban)
            yield from (f"{word} {n}" for n in range(1, count + 1))
            return
        word = rng.choice(rural)
        pool = {names.MOUNTAIN: names.MOUNTAIN_VILLAGE_NAMES, names.SOUTH: names.SOUTH_VILLAGE_NAMES}.get(
            region, names.VILLAGE_NAMES)
        named = rng.sample(pool, min(len(pool), count)) if rng.random() < 0.5 else []
        yield from (f"{word} {n}" for n in named)
        yield from (f"{word} {n}" for n in range(1, count - len(named) + 1))


def _province_node(profile: names.Province, boards: bool) -> _Node:
    committee = profile.committee
    node = _Node(UnitKind.PROVINCE, committee, short_name=committee, code="TU", place=profile.display,
                 valid_from=RESTRUCTURED_ON if profile.merged_from else None)
    if boards:
        for label, kind, code in (
            ("Ban Tuyên giáo và Dân vận", UnitKind.PROPAGANDA_MOBILISATION_BOARD, "BTGDVTU"),
            ("Ban Tổ chức", UnitKind.ORGANISATION_BOARD, "BTCTU"),
            ("Ủy ban Kiểm tra", UnitKind.INSPECTION_COMMITTEE, "UBKTTU"),
            ("Văn phòng", UnitKind.OFFICE, "VPTU"),
        ):
            node.add(_Node(kind, f"{label} {committee}", short_name=label, code=code, place=profile.display))
    return node


# --- Writing rows ------------------------------------------------------------------------------


class _Writer:
    """COPY on PostgreSQL, batched executemany elsewhere."""

    batch = 5000

    def __init__(self, using: str):
        self.connection = connections[using]
        self.postgres = self.connection.vendor == "postgresql"

    def write(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        count = 0
        if self.postgres:
            self.connection.ensure_connection()
            raw = self.connection.connection
            # Values come from the generator's own tables: no tab, newline or backslash to escape.
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                lines = []
                for row in rows:
                    lines.append("\t".join(r"\N" if v is None else str(v) for v in row))
                    if len(lines) >= self.batch:
                        copy.write("\n".join(lines) + "\n")
                        count += len(lines)
                        lines.clear()
                if lines:
                    copy.write("\n".join(lines) + "\n")
                    count += len(lines)
            return count
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        with self.connection.cursor() as cursor:
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= self.batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count


def _max_id(using: str, table: str) -> int:
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return cursor.fetchone()[0]


# --- Progress ----------------------------------------------------------------------------------


class StderrProgress:
    """One-line progress on stderr (only on a terminal unless `force`)."""

    def __init__(self, force: bool = False, stream=None, every: float = 0.25):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.enabled = force or self.tty
        # Off a terminal each update is a line of its own: fewer of them.
        self.every, self.last, self.started = (every if self.tty else max(every, 5.0)), 0.0, time.monotonic()

    def __call__(self, stats: GenerateStats, done: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not done and now - self.last < self.every):
            return
        self.last = now
        total = max(stats.communes_total, 1)
        width = 30
        filled = int(width * stats.communes_done / total)
        line = (f"[{'#' * filled}{'.' * (width - filled)}] xã {stats.communes_done:,}/{stats.communes_total:,} · "
                f"chi bộ {stats.cells:,} · đảng viên {stats.members:,} · {now - self.started:,.0f}s").replace(",", ".")
        if self.tty:
            self.stream.write("\r" + line + ("\n" if done else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


# --- The generator -----------------------------------------------------------------------------


def _profile_for(unit: Unit) -> names.Province:
    key = fold(f"{unit.place} {unit.name}")
    matches = [p for p in names.PROVINCES if fold(p.name) in key]
    if matches:
        return max(matches, key=lambda p: len(p.name))
    return names.Province(unit.place or unit.name, False, 10, 90, (), 150, names.DELTA)


def _cells_mean(profile: names.Province, scale: Scale) -> float:
    if scale.cells_mean is not None:
        return scale.cells_mean
    share = profile.members_k / sum(p.members_k for p in names.PROVINCES)
    return NATIONAL_MEMBERS * share / scale.members_mean / profile.total_units


class _Run:
    def __init__(self, scale: Scale, seed: int, using: str, today: datetime.date, progress):
        self.scale, self.seed, self.using, self.today = scale, seed, using, today
        self.progress = progress
        self.stats = GenerateStats(scale=scale.name, seed=seed)
        self.writer = _Writer(using)
        self.fold = _FoldCache()
        self.next_unit = _max_id(using, "orgs_unit") + 1
        self.next_person = _max_id(using, "members_person") + 1
        self.next_position = _max_id(using, "members_position") + 1
        self.ref_ordinal = today.toordinal()

    def rng_for(self, index: int, profile: names.Province) -> random.Random:
        return random.Random(f"chibo-generate:{self.seed}:{index}:{profile.name}")

    def place(self, node: _Node, parent_path: str, step: int, depth: int) -> Iterator[tuple]:
        """Assign ids and paths depth-first; yield unit rows."""
        node.id = self.next_unit
        self.next_unit += 1
        node.path = parent_path + encode_step(step)
        kind = node.kind
        self.stats.units += 1
        if kind in (UnitKind.CELL, UnitKind.GRASSROOTS_CELL):
            self.stats.cells += 1
        elif kind == UnitKind.GROUP:
            self.stats.groups += 1
        elif kind == UnitKind.GRASSROOTS:
            self.stats.committees += 1
        elif kind == UnitKind.COMMUNE:
            self.stats.communes += 1
        elif kind == UnitKind.PROVINCE:
            self.stats.provinces += 1
        else:
            self.stats.boards += 1
        yield (node.id, node.path, depth, len(node.children), node.name, node.short_name, node.code, kind,
               node.place, node.valid_from.isoformat() if node.valid_from else None, None, None,
               fold(f"{node.name} {node.short_name}"))
        for i, child in enumerate(node.children, start=1):
            yield from self.place(child, node.path, i, depth + 1)

    def members(self, rng: random.Random, maker: NameMaker, cells: list[_Node], positions: list[tuple]) -> Iterator[tuple]:
        """Member rows of `cells`; the first member of each cell is its secretary."""
        ref = self.ref_ordinal
        ref_year = self.today.year
        fold_cache = self.fold
        random_, randint = rng.random, rng.randint
        for cell in cells:
            first = self.next_person
            for _ in range(cell.members):
                pid = self.next_person
                self.next_person += 1
                gender = "F" if random_() < 0.38 else "M"
                full_name = maker.make(rng, gender)
                if random_() < 0.04:
                    status = "probationary"
                    age = randint(19, 35)
                    birth_year = ref_year - age
                    joined = randint(ref - 360, ref - 1)
                    full_on = None
                else:
                    status = "full"
                    age = int(rng.triangular(19, 88, 50))
                    birth_year = ref_year - age
                    earliest = datetime.date(birth_year + 18, 1, 1).toordinal()
                    latest = min(ref - 366, earliest + 40 * 365)
                    joined = randint(min(earliest, latest), latest)
                    on = datetime.date.fromordinal(joined)
                    # Full membership twelve months after joining (29/02 → 28/02).
                    full_on = on.replace(year=on.year + 1, day=min(on.day, 28) if on.month == 2 else on.day).isoformat()
                phone = f"09{randint(0, 99_999_999):08d}" if random_() < 0.1 else ""
                yield (pid, cell.id, full_name, fold_cache[full_name], gender, birth_year, status, card_number(pid),
                       datetime.date.fromordinal(joined).isoformat(), full_on, phone, "")
            positions.append((first, cell.id, "secretary"))
            self.stats.members += cell.members

    def province(self, index: int, profile: names.Province, parent: Unit | None, parent_path: str,
                 depth: int, first_step: int, into: bool) -> int:
        """Write one province's subtree (or its communes under `into`); return the number of new children."""
        rng = self.rng_for(index, profile)
        builder = _ProvinceBuilder(profile, self.scale, rng, _cells_mean(profile, self.scale))
        kinds = builder.commune_kinds()
        communes = [builder.commune(i, level, fixed) for i, (level, fixed) in enumerate(kinds)]
        if into:
            tops, base_depth = communes, depth
        else:
            node = _province_node(profile, self.scale.boards)
            node.children.extend(communes)
            tops, base_depth = [node], depth
        unit_rows: list[tuple] = []
        for i, top in enumerate(tops):
            unit_rows.extend(self.place(top, parent_path, first_step + i, base_depth))
        self.writer.write("orgs_unit", UNIT_COLUMNS, unit_rows)
        del unit_rows
        maker = NameMaker(profile.region)
        for commune in communes:
            cells = [n for n in _walk(commune) if n.members]
            secretaries: list[tuple] = []
            self.writer.write("members_person", PERSON_COLUMNS, self.members(rng, maker, cells, secretaries))
            # The commune's secretary sits in its organs cell (the first); committees' in their first cell.
            secretaries.append((secretaries[0][0], commune.id, "secretary"))
            for child in commune.children:
                if child.kind == UnitKind.GRASSROOTS and child.children:
                    first_cell = child.children[0]
                    secretaries.append((next(s[0] for s in secretaries if s[1] == first_cell.id), child.id, "secretary"))
            self.write_positions(secretaries)
            self.stats.communes_done += 1
            if self.progress:
                self.progress(self.stats)
        return len(tops)

    def write_positions(self, positions: list[tuple]) -> None:
        started = TERM_STARTED_ON.isoformat()
        rows = []
        for person_id, unit_id, title in positions:
            rows.append((self.next_position, person_id, unit_id, title, started, None))
            self.next_position += 1
        self.stats.positions += self.writer.write("members_position", POSITION_COLUMNS, rows)


def _walk(node: _Node) -> Iterator[_Node]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _next_child_step(parent: Unit, using: str) -> int:
    last = (Unit.objects.using(using).filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path").values_list("path", flat=True).first())
    return decode_step(last[-STEPLEN:]) + 1 if last else 1


def _central_root(using: str) -> Unit:
    root = Unit.objects.using(using).filter(depth=1, kind=UnitKind.CENTRAL).order_by("path").first()
    if root is None:
        root = Unit.add_root(instance=Unit(name="Trung ương", short_name="Trung ương", kind=UnitKind.CENTRAL, code="TW"))
    return root


def generate(scale: str, seed: int, *, into: Unit | None = None, progress: Callable | None = None,
             using: str = "default", today: datetime.date | None = None) -> GenerateStats:
    """Generate organisations and members at `scale` from `seed`; see the module docstring.

    `into`: put the communes, cells and members under this existing unit (a province) instead of
    creating provinces. `today`: the reference date for membership dates (default 1/7/2025, so
    that the output depends only on the seed). Atomic: nothing is left half-written.
    """
    if scale not in SCALES:
        raise ValueError(f"Quy mô không hợp lệ: “{scale}”. Chọn một trong: {', '.join(SCALES)}.")
    spec = SCALES[scale]
    started = time.monotonic()
    connection = connections[using]
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(using=using):
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE orgs_unit, members_person, members_position IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        run = _Run(spec, seed, using, today or RESTRUCTURED_ON, progress)
        if into is not None:
            parent = into
            profiles = [_profile_for(into)]
        else:
            parent = _central_root(using)
            run.next_unit = max(run.next_unit, parent.pk + 1)
            if spec.all_provinces:
                profiles = list(names.PROVINCES)
            elif scale == "tiny":
                profiles = [names.PROVINCES[seed % len(names.PROVINCES)]]
            else:
                profiles = [next(p for p in names.PROVINCES if p.name == "Lào Cai")]
        run.stats.root_id = parent.pk
        run.stats.communes_total = sum(
            len(_ProvinceBuilder(p, spec, random.Random(0), 1).commune_kinds()) for p in profiles)
        step = _next_child_step(parent, using)
        added = 0
        for profile in profiles:
            index = names.PROVINCES.index(profile) if profile in names.PROVINCES else 0
            added += run.province(index, profile, parent, parent.path, parent.depth + 1, step + added, into is not None)
        Unit.objects.using(using).filter(pk=parent.pk).update(numchild=F("numchild") + added)
        parent.refresh_from_db(fields=["numchild"])
        if postgres:
            with connection.cursor() as cursor:
                for table in ("orgs_unit", "members_person", "members_position"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        from chibo.accounts.audit import record

        run.stats.seconds = round(time.monotonic() - started, 3)
        record(None, "orgs.generate", parent, unit=parent, scale=scale, seed=seed,
               units=run.stats.units, members=run.stats.members)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE orgs_unit, members_person, members_position")
    run.stats.seconds = round(time.monotonic() - started, 3)
    if progress:
        try:
            progress(run.stats, done=True)
        except TypeError:
            progress(run.stats)
    return run.stats
