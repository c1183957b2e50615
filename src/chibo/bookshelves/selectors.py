"""Reads: every queryset starts from the scope helper; figures are grouped queries over a subtree."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.utils import timezone

from chibo.accounts import scope
from chibo.accounts.models import MANAGING_ROLES
from chibo.orgs.models import Unit, subtree_q
from chibo.text import fold

from .models import (
    DEFAULT_LOAN_DAYS,
    DEFAULT_LOANS_PER_READER,
    IN_STOCK_STATUSES,
    Bookshelf,
    CampaignTarget,
    Copy,
    CopyStatus,
    Donation,
    FollowUp,
    Loan,
    LoanRule,
    OnSiteReading,
    Reader,
    ShelfStatus,
    Supporter,
    TargetMeasure,
    Title,
    search_words,
)

SEARCH_LIMIT = 50
# A shelf's catalogue in alphabetical order as a reader expects it: case and diacritics aside
# ("Đất rừng phương Nam" among the D's, not after Z; "Lịch sử" before "Luật").
CATALOGUE_ORDER = ("search_key", "title", "id")


def get_shelf(user, pk, queryset=None) -> Bookshelf:
    """A shelf within the user's subtrees (a public shelf elsewhere is not theirs to manage): else 404."""
    qs = scope.visible(user, queryset if queryset is not None else Bookshelf.objects.all(), include_public=False)
    return scope.get_visible(user, qs, pk=pk)


def visible_shelves(user):
    return scope.visible(user, Bookshelf, include_public=False).select_related("unit")


def managed_cells(user):
    """Cells where the user may open a bookshelf."""
    return scope.visible(user, Unit, kinds=MANAGING_ROLES).cells().current()


def public_shelves():
    """Shelves anyone may see on the portal (never readers' data)."""
    return scope.visible(AnonymousUser(), Bookshelf).select_related("unit")


def public_shelves_under(unit: Unit):
    """Public shelves listed on a committee's portal: of its subtree, and of the units that moved
    out of it in a restructuring (they stay on the site they had, see `portal_home`)."""
    from chibo.portal.selectors import units_shown_on

    return public_shelves().filter(subtree_q(units_shown_on(unit), prefix="unit__")).order_by("unit__path", "name", "id")


def portal_home(unit: Unit):
    """The live portal site (HomePage) a shelf's public page sits on, or None."""
    from chibo.portal.selectors import site_home_for

    return site_home_for(unit)


IN_LIST_LIMIT = 5000  # shelves: above this, tables are filtered by a subquery rather than a list of ids


class _WordsMatch(Func):
    """PostgreSQL: a title's words and its unit's path ("@" + path) match a tsquery, through the
    GIN index of migration 0005 (whose expression this must spell exactly, or no index would do)."""

    output_field = BooleanField()

    def __init__(self, tsquery: str):
        super().__init__(F("search_words"), F("unit_path"), Value(tsquery))

    def as_sql(self, compiler, connection, **extra_context):
        (words, wp), (path, pp), (query, qp) = (compiler.compile(e) for e in self.source_expressions)
        return (f"array_to_tsvector(string_to_array(btrim({words}), ' ') || ('@' || {path})) @@ ({query})::tsquery",
                (*wp, *pp, *qp))


class _InArray(Func):
    """PostgreSQL: `column = ANY(%s::bigint[])`, the ids sent as one array literal. A few thousand
    ids cost the database, Django and the driver far less so than as that many `IN (…)`
    parameters, and the literal is built once for all the queries that share the filter."""

    output_field = BooleanField()

    def __init__(self, expression, ids):
        super().__init__(expression)
        self.literal = "{" + ",".join(str(int(pk)) for pk in ids) + "}"

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s::bigint[])", (*params, self.literal)


def _shelf_in(ids: list[int], subquery, field: str = "shelf_id"):
    """A filter on `field` for a list of shelf ids: one array on PostgreSQL, `IN` elsewhere;
    `subquery` (the same shelves as a queryset) when the list is too long to send."""
    if len(ids) > IN_LIST_LIMIT:
        return Q(**{f"{field}__in": subquery})
    if connection.vendor == "postgresql":
        return _InArray(F(field), ids)
    return Q(**{f"{field}__in": ids})


def _words_q(words: list[str]) -> Q:
    """Every word present as a word of the title, the last as the beginning of one (what the user is typing)."""
    q = Q()
    for word in words[:-1]:
        q &= Q(search_words__contains=f" {word} ")
    if words:
        q &= Q(search_words__contains=f" {words[-1]}")
    return q


def _tsquery(words: list[str], roots: list[Unit] | None) -> str:
    """The same match as `_words_q`, and under one of `roots` (None: anywhere), as a tsquery.

    Words hold no quote or backslash (ASCII punctuation separates words), nor do paths: quoting is enough.
    """
    terms = [f"'{w}'" for w in words[:-1]] + [f"'{w}':*" for w in words[-1:]]
    if roots is not None:
        terms.append("(" + " | ".join(f"'@{root.path}':*" for root in roots) + ")")
    return " & ".join(terms)


def _covers_every_tree(roots: list[Unit]) -> bool:
    """Whether the subtrees of `roots` are the whole of every tree (a central staff member's scope)."""
    tops = [root.pk for root in roots if root.depth == 1]
    return bool(tops) and not Unit.objects.filter(depth=1).exclude(pk__in=tops).exists()


def search_catalogue(user, text: str, *, shelf: Bookshelf | None = None, subject: str = "", limit: int = SEARCH_LIMIT,
                     public: bool = False):
    """Titles having every word of `text` (diacritics, case and tone placement ignored), the last
    one as typed so far: "luat dat" finds "Luật Đất đai" and "Luật đất đai sửa đổi"; "an" finds
    "An toàn giao thông", not "Công tác dân vận".

    In one shelf: its matching titles in catalogue order. Across the user's shelves: the `limit`
    newest matches (highest id first), the same on every database. Within the subtrees of the
    user's roles, on PostgreSQL, the words and the subtrees are one condition on one GIN index:
    only the scope's matching titles are read, however common the words or large the scope;
    elsewhere the same conditions are plain comparisons (`search_words`, `unit_path`). Over the
    whole country a query is first looked for among the newest titles, where a common one is met
    at once. Either way the titles found are read through the scope rule (`scope.visible`).
    """
    words = search_words(fold(text))[:8]
    viewer = AnonymousUser() if public else user
    visible = scope.visible(viewer, Title, include_public=public)
    match = _words_q(words) & (Q(subject=subject) if subject else Q())
    if shelf is not None:
        return visible.filter(shelf=shelf).filter(match).order_by(*CATALOGUE_ORDER)[:limit]
    postgres = connection.vendor == "postgresql"
    roots = None  # where to look: None for everywhere
    if public:
        # Public shelves are no subtree: look among their titles (the scope rule picks them).
        candidates, scoped = visible, True
    elif scope.scope_q(viewer, Title) is None or _covers_every_tree(scope.role_units(viewer)):
        candidates, scoped = Title.objects.all(), False  # everywhere
    else:
        roots = scope.role_units(viewer)
        if not roots:
            return Title.objects.none()
        candidates, scoped = Title.objects.all(), True
        if not postgres:
            candidates = candidates.filter(subtree_q(roots, prefix="unit_"))  # unit_path: bytewise, as on SQLite
    if postgres and (words or roots):
        candidates = candidates.filter(_WordsMatch(_tsquery(words, roots)))
        if subject:
            candidates = candidates.filter(subject=subject)
    else:
        candidates = candidates.filter(match)
    found = [] if scoped else _newest_matches(match, limit)
    if len(found) < limit:
        # Newest first, but not by walking the primary key backwards: the titles of a scope, or the
        # matches of a query not met among the newest titles, can lie anywhere in the table.
        newest = ExpressionWrapper(F("id") + 0, output_field=BigIntegerField())
        found = list(candidates.order_by(newest.desc()).values_list("id", flat=True)[:limit])
    return visible.filter(pk__in=found).select_related("shelf").order_by("-id")


RECENT_TITLES = 5000  # a search over the whole country first looks among this many newest titles


def _newest_matches(match: Q, limit: int) -> list[int]:
    """The `limit` newest titles matching, if that many are among the RECENT_TITLES newest (a
    common query, met within the first rows: two short index scans); else [] (look everywhere)."""
    floor = list(Title.objects.order_by("-id").values_list("id", flat=True)[RECENT_TITLES - 1:RECENT_TITLES])
    if not floor:
        return []
    found = list(Title.objects.filter(match, id__gte=floor[0]).order_by("-id").values_list("id", flat=True)[:limit])
    return found if len(found) == limit else []


def with_copy_counts(titles):
    """Annotate titles with copies in stock and copies available to borrow."""
    return titles.annotate(
        copies_in_stock=Count("copies", filter=Q(copies__status__in=IN_STOCK_STATUSES)),
        copies_available=Count("copies", filter=Q(copies__status=CopyStatus.AVAILABLE)),
    )


def loan_rule(shelf: Bookshelf) -> tuple[int, int]:
    """(loan days, copies per reader): the shelf's own values, else the nearest unit's rule, else the default."""
    days, per_reader = shelf.loan_days, shelf.loans_per_reader
    if days is None or per_reader is None:
        paths = shelf.unit.ancestor_paths() + [shelf.unit.path]
        rule = LoanRule.objects.filter(unit__path__in=paths).order_by("-unit__depth").first()
        days = days or (rule.loan_days if rule else DEFAULT_LOAN_DAYS)
        per_reader = per_reader or (rule.loans_per_reader if rule else DEFAULT_LOANS_PER_READER)
    return days, per_reader


def overdue_loans(user, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return (scope.visible(user, Loan).filter(returned_on__isnull=True, due_on__lt=today)
            .select_related("copy__title", "reader", "shelf__unit").order_by("due_on", "id"))


def open_loans(shelf: Bookshelf):
    return shelf.loans.filter(returned_on__isnull=True).select_related("copy__title", "reader").order_by("due_on", "id")


def inspection_period_start(shelf: Bookshelf, on: datetime.date) -> datetime.date:
    last = shelf.inspections.filter(inspected_on__lt=on).order_by("-inspected_on").first()
    return last.inspected_on + datetime.timedelta(days=1) if last else datetime.date(on.year, 1, 1)


def period_figures(shelf: Bookshelf, start: datetime.date, end: datetime.date) -> dict:
    """Titles added and readers (loans plus on-the-spot readings) between two dates."""
    loans = shelf.loans.filter(borrowed_on__range=(start, end)).count()
    on_site = shelf.readings.filter(on__range=(start, end)).aggregate(n=Sum("readers"))["n"] or 0
    return {
        "titles_added": shelf.titles.filter(added_on__range=(start, end)).count(),
        "readers": loans + on_site,
    }


def open_follow_ups(user):
    return (scope.visible(user, FollowUp).filter(done_on__isnull=True)
            .select_related("inspection__shelf__unit").order_by("due_on", "id"))


# --- Figures over a subtree ---------------------------------------------------------------------

FIGURES = ("shelves", "active_shelves", "titles", "copies", "copies_lost", "loans", "open_loans", "overdue_loans",
           "donations", "readers", "supporters", "on_site_readings")


def _measures(today: datetime.date) -> list[tuple]:
    """(model, {figure: aggregate}) of the tables hanging on a shelf — one query grouped by shelf each.

    Each counts rows (or a column of the index that serves `shelf_id`: copy_shelf_status,
    loan_shelf_open_due), so that a vacuumed table is counted from its index alone.
    """
    return [
        (Title, {"titles": Count("*")}),
        (Copy, {
            "copies": Count("status", filter=Q(status__in=IN_STOCK_STATUSES)),
            "copies_lost": Count("status", filter=Q(status__in=[CopyStatus.MISSING, CopyStatus.DAMAGED])),
        }),
        (Loan, {
            "loans": Count("*"), "open_loans": Count("shelf_id", filter=Q(returned_on__isnull=True)),
            "overdue_loans": Count("shelf_id", filter=Q(returned_on__isnull=True, due_on__lt=today)),
        }),
        (Donation, {"donations": Count("*")}),
        (Reader, {"readers": Count("*")}),
        (Supporter, {"supporters": Count("shelf_id", filter=Q(ended_on__isnull=True))}),
        (OnSiteReading, {"on_site_readings": Sum("readers")}),
    ]


def figures_with_children(root: Unit, today: datetime.date | None = None) -> tuple[dict, dict]:
    """Shelf figures of `root`'s subtree, and of each child's subtree ({child path: figures}).

    One query finds the subtree's shelves (and under which child each lies); then one query per
    table, grouped by shelf and filtered by the shelf ids (one array on PostgreSQL), so the tree is
    read once (8 queries in all). Grouping by child path in SQL instead would join every table to
    the tree again, which costs more than counting the rows; the rows per shelf are summed here.
    """
    today = today or timezone.localdate()
    key_len = len(root.path) + Unit.steplen
    column = {figure: i for i, figure in enumerate(FIGURES)}
    subtree = Bookshelf.objects.filter(subtree_q([root], prefix="unit__"))
    sums: dict[str | None, list[int]] = {}  # child path (None: shelves of `root` itself) → figures
    key_of: dict[int, list[int]] = {}  # shelf id → the figures of its child
    for pk, status, path in subtree.values_list("id", "status", "unit__path").order_by():
        bucket = key_of[pk] = sums.setdefault(path[:key_len] if len(path) >= key_len else None, [0] * len(FIGURES))
        bucket[column["shelves"]] += 1
        bucket[column["active_shelves"]] += status == ShelfStatus.ACTIVE
    if key_of:
        ids = _shelf_in(list(key_of), subtree.values("id"))
        for model, aggregates in _measures(today):
            columns = [column[name] for name in aggregates]
            rows = model.objects.filter(ids).values("shelf_id").annotate(**aggregates).values_list("shelf_id", *aggregates)
            for shelf_id, *values in rows.order_by():
                bucket = key_of.get(shelf_id)
                if bucket is None:  # a shelf opened since the first query (the subquery reads the tree again)
                    continue
                for i, value in zip(columns, values, strict=True):
                    bucket[i] += value or 0
    totals = dict(zip(FIGURES, map(sum, zip(*sums.values(), strict=True)), strict=True)) if sums else dict.fromkeys(FIGURES, 0)
    children = {key: dict(zip(FIGURES, values, strict=True)) for key, values in sums.items() if key is not None}
    return totals, children


def subtree_figures(root: Unit, *, by_child: bool = False, today: datetime.date | None = None) -> dict:
    """Shelf figures of `root`'s subtree: {figure: n}, or {child path: {figure: n}} with `by_child`.

    A fixed number of grouped queries (8), whatever the size of the tree.
    """
    totals, children = figures_with_children(root, today)
    return children if by_child else totals


def unit_figures(user, unit: Unit) -> dict:
    """Figures of a unit the user may see (404 otherwise, through get_visible)."""
    unit = scope.get_visible(user, Unit, pk=unit.pk)
    return subtree_figures(unit)


def statistics(user, unit: Unit) -> tuple[dict, list[tuple[Unit, dict]]]:
    """A visible unit's totals and each child unit (current or historic, with figures) with its own."""
    unit = scope.get_visible(user, Unit, pk=unit.pk)
    totals, grouped = figures_with_children(unit)
    children = {child.path: child for child in unit.get_children().current()}
    historic = set(grouped) - set(children)  # dissolved or merged children that still have shelves
    if historic:
        children.update((child.path, child) for child in Unit.objects.filter(path__in=historic))
    empty = dict.fromkeys(FIGURES, 0)
    return totals, [(children[path], grouped.get(path, empty)) for path in sorted(children)]


def figures_by_child(user, unit: Unit) -> list[tuple[Unit, dict]]:
    """Each child unit (current or historic, with figures) and its subtree's figures."""
    return statistics(user, unit)[1]


def shelf_figures(shelf: Bookshelf, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    copies = shelf.copies.aggregate(
        copies=Count("id", filter=Q(status__in=IN_STOCK_STATUSES)),
        available=Count("id", filter=Q(status=CopyStatus.AVAILABLE)),
        copies_lost=Count("id", filter=Q(status__in=[CopyStatus.MISSING, CopyStatus.DAMAGED])),
    )
    loans = shelf.loans.aggregate(
        loans=Count("id"), open_loans=Count("id", filter=Q(returned_on__isnull=True)),
        overdue_loans=Count("id", filter=Q(returned_on__isnull=True, due_on__lt=today)),
    )
    return {
        **copies, **loans,
        "titles": shelf.titles.count(),
        "donations": shelf.donations.count(),
        "readers": shelf.readers.count(),
        "supporters": shelf.supporters.filter(ended_on__isnull=True).count(),
        "on_site_readings": shelf.readings.aggregate(n=Sum("readers"))["n"] or 0,
    }


# --- Campaign targets ----------------------------------------------------------------------------

def target_progress(user, unit: Unit) -> list[dict]:
    """Targets set for `unit` and its ancestors that the user sees, with what `unit`'s subtree achieved."""
    targets = list(scope.visible(user, CampaignTarget).filter(unit=unit).order_by("-year", "measure"))
    if not targets:
        return []
    years = sorted({t.year for t in targets})
    under = subtree_q([unit], prefix="unit__")
    under_shelf = subtree_q([unit], prefix="shelf__unit__")
    new = dict(Bookshelf.objects.filter(under, opened_on__year__in=years)
               .values_list("opened_on__year").annotate(n=Count("id")).order_by())
    restocked = dict(Donation.objects.filter(under_shelf, received_on__year__in=years)
                     .values_list("received_on__year").annotate(n=Count("shelf", distinct=True)).order_by())
    supporters = dict(Supporter.objects.filter(under_shelf, registered_on__year__in=years)
                      .values_list("registered_on__year").annotate(n=Count("id")).order_by())
    copies = dict(Copy.objects.filter(under_shelf, added_on__year__in=years)
                  .values_list("added_on__year").annotate(n=Count("id")).order_by())
    achieved = {TargetMeasure.NEW_SHELVES: new, TargetMeasure.RESTOCKED_SHELVES: restocked,
                TargetMeasure.SUPPORTERS: supporters, TargetMeasure.COPIES_ADDED: copies}
    rows = []
    for t in targets:
        done = achieved[t.measure].get(t.year, 0)
        rows.append({"target": t, "done": done, "percent": min(100, round(100 * done / t.target))})
    return rows


# --- A member's own view -------------------------------------------------------------------------

def my_supports(user):
    """The shelves the logged-in member has registered to support (their own records only)."""
    person = getattr(user, "person", None)
    if person is None:
        return Supporter.objects.none()
    return Supporter.objects.filter(person=person).select_related("shelf__unit").order_by("-registered_on")


def shelves_for_member(user):
    """Public shelves of the cells where the member is registered as resident, and of their own cell."""
    person = getattr(user, "person", None)
    if person is None:
        return Bookshelf.objects.none()
    from chibo.members.models import ResidenceRegistration

    residence = ResidenceRegistration.objects.filter(person=person, ended_on__isnull=True, unit=OuterRef("unit"))
    return public_shelves().filter(Q(unit=person.unit) | Exists(residence))
