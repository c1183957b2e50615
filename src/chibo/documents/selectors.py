"""Reads of the document registry: every queryset starts from `scope.visible`."""

import datetime
import functools
from dataclasses import dataclass, field

from django.core.exceptions import FieldError
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language

from chibo.accounts import scope
from chibo.orgs.models import FUNCTIONAL_KINDS, Unit, subtree_q

from . import search
from .issuers import code_key, codes_with_predecessors
from .models import CASCADE_KINDS, Document, DocumentRelation
from .textual import notation_key, notation_words, query_notation_key, search_words


def visible_documents(user, *, mine: bool = False) -> QuerySet:
    """Documents the user may read; `mine` keeps only the registries of the user's own units."""
    return scope.visible(user, Document, include_public=not mine).select_related("issuer", "owner")


def filter_documents(qs: QuerySet, *, type_code: str = "", issuer: str = "", issuer_unit: int | None = None,
                     year: int | None = None, system: str = "", include_predecessors: bool = False) -> QuerySet:
    """Narrow by type, issuer code (with its predecessors' when asked), issuing unit, year, system."""
    if type_code:
        qs = qs.filter(type_code=type_code)
    if issuer:
        codes = codes_with_predecessors(issuer) if include_predecessors else {code_key(issuer)}
        qs = qs.filter(issuer_code__in=sorted(codes))
    if issuer_unit:
        units = [issuer_unit]
        if include_predecessors:
            units += list(Unit.objects.filter(successor_id=issuer_unit).values_list("pk", flat=True))
        qs = qs.filter(issuer_id__in=units)
    if year:
        qs = qs.filter(issued_on__gte=datetime.date(year, 1, 1), issued_on__lt=datetime.date(year + 1, 1, 1))
    if system:
        qs = qs.filter(system=system)
    return qs


@functools.lru_cache(maxsize=256)
def _type_words(type_code: str, language: str | None) -> frozenset[str]:
    """The words of a type's name (in the interface's language, as the search text has them)."""
    return frozenset(search_words(Document(type_code=type_code).type_name))


def _rank(row, key: str, words: set[str], language: str | None) -> int:
    """0: the notation itself; 1: every word is in the notation or the type's name; 2: the rest."""
    if key and row.notation_key == key:
        return 0
    head = notation_words(row.notation, row.notation_key) | _type_words(row.type_code, language)
    head.add(row.issuer_code.lower())
    return 1 if words and words <= head else 2


def search_documents(user, query: str = "", *, limit: int = 50, mine: bool = False, **filters) -> list[Document]:
    """Documents matching `query` in any spelling (diacritics, tone marks, case ignored; `05` is `5`).

    Exact notation matches come first, then documents whose notation holds every word, then
    the rest, newest first. Only the `search.CANDIDATE_LIMIT` most recent matches are ranked.
    Filters: type_code, issuer (code), issuer_unit (id), year, system, include_predecessors.
    """
    base = filter_documents(visible_documents(user, mine=mine), **filters)
    query = (query or "").strip()
    words = search_words(query)
    if not words:
        return list(base.defer("search_text").order_by("-recency", "-id")[:limit])
    key = query_notation_key(query)
    # Candidates are read as rows of the fields ranking needs; only the page is read in full.
    light = base.select_related(None).values_list(*RANK_FIELDS, named=True)
    exact = list(light.filter(notation_key=key).order_by("-recency", "-id")[:limit]) if key else []
    narrow = bool(filters.get("issuer_unit")) or (mine and _few_units(user))
    candidates = search.most_recent_matching(light, words, search.CANDIDATE_LIMIT, narrow=narrow)
    seen, merged = set(), []
    for row in exact + candidates:
        if row.id not in seen:
            seen.add(row.id)
            merged.append(row)
    wanted, language = set(words), get_language()
    merged.sort(key=lambda row: _rank(row, key, wanted, language))  # stable: recency kept within a rank
    page = [row.id for row in merged[:limit]]
    full = base.defer("search_text").in_bulk(page)
    return [full[pk] for pk in page if pk in full]


RANK_FIELDS = ("id", "notation", "notation_key", "type_code", "issuer_code", "recency")
NARROW_UNITS = 2000


def _few_units(user) -> bool:
    """Whether the user's own registries (`mine`) span at most NARROW_UNITS units: a commune's,
    not a province's. Their documents are then few enough to read one by one (chibo.documents.search)."""
    if getattr(user, "is_superuser", False):
        return False
    units = Unit.objects.filter(subtree_q(scope.role_units(user))).order_by()
    return units[: NARROW_UNITS + 1].count() <= NARROW_UNITS


def find_by_notation(user, text: str) -> list[Document]:
    """Visible documents with this notation, however it is spelled (all issuers and terms)."""
    key = notation_key(text or "")
    if not key:
        return []
    return list(visible_documents(user).filter(notation_key=key).order_by("-recency", "-id"))


def nearest_by_notation(user, text: str, near: Unit) -> Document | None:
    """The visible document with this notation that the unit `near` most likely means: the one
    registered closest to it in the tree (a commune's plan cites its own province's 11-KH/BTGTU,
    not another province's), then the most recent."""
    found = find_by_notation(user, text)
    if len(found) <= 1:
        return found[0] if found else None
    steplen = near.steplen

    def shared(document: Document) -> int:
        path, steps = document.owner.path, 0
        while (steps + 1) * steplen <= min(len(path), len(near.path)) and \
                path[: (steps + 1) * steplen] == near.path[: (steps + 1) * steplen]:
            steps += 1
        return steps

    return max(found, key=shared)  # max keeps the first (most recent) among equals


def get_document(user, pk: int) -> Document:
    return scope.get_visible(user, Document.objects.select_related("issuer", "owner"), pk=pk)


@dataclass
class Relations:
    """A document's relations seen from both ends, each limited to documents the user can see."""

    outgoing: list[DocumentRelation]   # this document implements/guides/… the target
    incoming: list[DocumentRelation]   # other documents implement/guide/… this one


def relations_of(user, document: Document) -> Relations:
    visible = scope.visible(user, Document)
    outgoing = DocumentRelation.objects.filter(source=document, target__in=visible).select_related("target", "target__issuer")
    incoming = DocumentRelation.objects.filter(target=document, source__in=visible).select_related("source", "source__issuer")
    return Relations(list(outgoing.order_by("kind", "target__recency")), list(incoming.order_by("kind", "source__recency")))


def assignments_from(user, document: Document) -> list:
    """Assignments handed down to carry out `document` that the user's scope issued (none without the app)."""
    try:
        from chibo.assignments.models import Assignment
    except ImportError:
        return []
    return list(scope.visible(user, Assignment).filter(source_document=document).select_related("issuer")
                .order_by("-created_at")[:20])


# --- Cascade --------------------------------------------------------------------------------------

@dataclass(slots=True)  # thousands per cascade: no __dict__ each
class CascadeNode:
    """One implementing document: read without its search text, and with its owner's path and kind
    (`cascade_owner_path`, `cascade_owner_kind`) in place of the owner itself."""

    document: Document
    kind: str
    level: int
    parent_id: int | None
    children: list["CascadeNode"] = field(default_factory=list)


@dataclass
class UnitProgress:
    """Whether one subordinate unit has issued its implementing document, and where its task
    stands when the directive was handed down as an assignment."""

    unit: Unit
    documents: list[Document]
    below: int
    deadline: datetime.date | None = None
    task_state: str = ""        # the state shown to users (quá hạn derived), empty without a task
    task_state_label: str = ""
    task_id: int | None = None

    @property
    def issued(self) -> bool:
        return bool(self.documents)

    @property
    def overdue(self) -> bool:
        """No implementing document, and the task for it is past its deadline and not delivered."""
        return not self.issued and self.task_state == "overdue"


@dataclass
class Cascade:
    document: Document
    roots: list[CascadeNode]
    levels: list[list[CascadeNode]]
    under: Unit | None
    units: list[UnitProgress]

    @property
    def issued_count(self) -> int:
        return sum(1 for u in self.units if u.issued)

    @property
    def pending(self) -> list[UnitProgress]:
        return [u for u in self.units if not u.issued]

    @property
    def size(self) -> int:
        return sum(len(level) for level in self.levels)


MAX_CASCADE_DEPTH = 8


def committee_of(unit: Unit) -> Unit:
    """The committee a board or office works for (the unit itself when it is a committee)."""
    if unit.kind in FUNCTIONAL_KINDS and unit.depth > 1:
        parent = unit.get_parent()
        return parent if parent is not None else unit
    return unit


def cascade(user, document: Document, *, under: Unit | None = None) -> Cascade:
    """The documents issued under `document`, level by level, and which subordinate units of
    `under` (by default the issuing committee) have issued theirs.

    One query per level of the document tree, one for the units and one for assignments:
    never a query per unit.
    """
    visible = scope.visible(user, Document)
    by_id: dict[int, CascadeNode] = {}
    levels: list[list[CascadeNode]] = []
    roots: list[CascadeNode] = []
    frontier, seen = [document.pk], {document.pk}
    for level in range(1, MAX_CASCADE_DEPTH + 1):
        # The documents themselves, each with the relation that brought it in: no relation objects
        # (a national directive has thousands of implementing documents on one level).
        documents = (
            visible.filter(relations_out__target_id__in=_id_list(frontier), relations_out__kind__in=CASCADE_KINDS)
            .annotate(cascade_kind=F("relations_out__kind"), cascade_parent=F("relations_out__target_id"))
            # The owner's place in the tree, not the owner: thousands of Unit objects cost more than the query.
            .annotate(cascade_owner_path=F("owner__path"), cascade_owner_kind=F("owner__kind"))
            .defer("search_text")
            .order_by("recency", "pk")
        )
        current = []
        for doc in documents:
            if doc.pk in seen:
                continue
            seen.add(doc.pk)
            node = CascadeNode(doc, doc.cascade_kind, level, doc.cascade_parent)
            by_id[doc.pk] = node
            (by_id[doc.cascade_parent].children if doc.cascade_parent in by_id else roots).append(node)
            current.append(node)
        if not current:
            break
        levels.append(current)
        frontier = [node.document.pk for node in current]

    if under is None:
        under = committee_of(document.owner)
    units = _unit_progress(user, document, under, [n.document for level in levels for n in level])
    return Cascade(document, roots, levels, under, units)


def _id_list(ids: list[int]):
    """`ids` for an `__in` lookup: one array parameter on PostgreSQL (a level of the cascade can hold
    thousands of documents), the plain list elsewhere."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids


def child_paths(unit: Unit) -> list[str]:
    """Paths of a unit's direct children, one index step each (a skip scan over the path index).

    The national root has 34 children among 270,000 descendants: filtering descendants by depth
    would read them all. A child's subtree sorts before `child.path + "~"` (paths are 0-9A-Z).
    """
    from django.db import connection

    end = unit.path + "~"
    sql = (
        "WITH RECURSIVE c(path) AS ("
        " SELECT (SELECT path FROM orgs_unit WHERE path > %s AND path < %s ORDER BY path LIMIT 1)"
        " UNION ALL SELECT (SELECT u.path FROM orgs_unit u WHERE u.path > c.path || '~' AND u.path < %s"
        " ORDER BY u.path LIMIT 1) FROM c WHERE c.path IS NOT NULL"
        ") SELECT path FROM c WHERE path IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit.path, end, end])
        return [row[0] for row in cursor.fetchall()]


def _unit_progress(user, document: Document, under: Unit, issued: list[Document]) -> list[UnitProgress]:
    today = timezone.localdate()
    subordinates = (
        scope.visible(user, Unit).filter(path__in=child_paths(under))
        .exclude(kind__in=FUNCTIONAL_KINDS)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
    )
    tasks = _tasks_for(document)
    task_units = {unit_id for unit_id in tasks}
    if tasks:
        from chibo.assignments import clock  # deadlines are the assignments app's: its notion of today

        task_today = clock.today()
    units = list(subordinates)
    if task_units:
        known = {u.pk for u in units}
        extra = scope.visible(user, Unit).filter(pk__in=task_units - known)
        units += list(extra)
    units.sort(key=lambda u: u.path)
    # Each issued document, once, under the paths of its owner's line: its own committee (a
    # board's documents count for the committee it works for) and every unit above.
    own_by_path: dict[str, list[Document]] = {}
    below_by_path: dict[str, int] = {}
    for d in issued:
        path = d.cascade_owner_path
        committee = path[: -Unit.steplen] if d.cascade_owner_kind in FUNCTIONAL_KINDS else path
        own_by_path.setdefault(committee, []).append(d)
        if committee != path:
            own_by_path.setdefault(path, []).append(d)
        for end in range(Unit.steplen, len(path) + 1, Unit.steplen):
            below_by_path[path[:end]] = below_by_path.get(path[:end], 0) + 1
    progress = []
    for unit in units:
        own = own_by_path.get(unit.path, [])
        below = below_by_path.get(unit.path, 0)
        task = tasks.get(unit.pk)
        if task is None:
            progress.append(UnitProgress(unit, own, below))
            continue
        state = task.state_on(task_today)
        labels = dict(type(task)._meta.get_field("state").choices)
        progress.append(UnitProgress(unit, own, below, task.due_on, state, str(labels.get(state, state)), task.pk))
    return progress


def _tasks_for(document: Document) -> dict:
    """Assignee tasks of assignments handed down from `document`, by unit id (none if the app is absent)."""
    try:
        from chibo.assignments.models import AssigneeTask, Assignment
    except ImportError:
        return {}
    try:
        handed_down = list(Assignment.objects.filter(source_document=document).order_by().values_list("pk", flat=True))
    except FieldError:  # an assignments schema without the link to documents
        return {}
    if not handed_down:  # most documents were never handed down: no need to look at any task
        return {}
    # Newest assignment first, as the tasks' default order has it (without its join to the units).
    tasks = (AssigneeTask.objects.filter(assignment_id__in=handed_down).select_related("assignment")
             .order_by("-assignment__created_at", "-assignment_id"))
    return {task.unit_id: task for task in tasks}
