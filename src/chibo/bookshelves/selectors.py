"""Reads: every queryset starts from the scope helper; figures are grouped queries over a subtree."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Lower
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


SHELF_SCAN_LIMIT = 300  # shelves: up to this many, their titles are read by shelf, not through the trigram index


def search_catalogue(user, text: str, *, shelf: Bookshelf | None = None, subject: str = "", limit: int = SEARCH_LIMIT,
                     public: bool = False):
    """Titles matching every word of `text` (diacritics, case and tone placement ignored).

    In one shelf: its matching titles by title. Across the user's shelves the result is bounded
    without ranking everything: the first `limit` matches found, newest first — a common word
    must not make the database sort every match in the country. A small scope (a commune, a
    cell) reads its own shelves' titles; a large one goes through the trigram index, with the
    scope applied as a list of shelf ids rather than a join per matching row.
    """
    words = list(dict.fromkeys(fold(text).split()))[:8]
    shelves = scope.visible(AnonymousUser() if public else user, Bookshelf, include_public=public)
    if shelf is not None:
        qs = Title.objects.filter(shelf__in=shelves.filter(pk=shelf.pk))
        by_shelf = True
    elif scope.scope_q(AnonymousUser() if public else user, Bookshelf, include_public=public) is None:
        qs, by_shelf = Title.objects.all(), False
    else:
        ids = list(shelves.values_list("id", flat=True).order_by())
        qs, by_shelf = Title.objects.filter(shelf_id__in=ids), len(ids) <= SHELF_SCAN_LIMIT
    if by_shelf:
        # LOWER() of the (already lower-case) key keeps the planner off the trigram index, whose
        # estimates for common words are far too low: a shelf's own titles are few.
        qs = qs.annotate(key=Lower("search_key"))
    for word in words:
        qs = qs.filter(**{"key__contains" if by_shelf else "search_key__contains": word})
    if subject:
        qs = qs.filter(subject=subject)
    if shelf is not None:
        return qs.order_by(*CATALOGUE_ORDER)[:limit]
    found = list(qs.order_by().values_list("id", flat=True)[:limit])
    return Title.objects.filter(pk__in=found).select_related("shelf").order_by("-id")


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


IN_LIST_LIMIT = 5000  # shelves: above this, tables are filtered by a subquery rather than a list of ids


def _measures(today: datetime.date) -> list[tuple]:
    """(model, {figure: aggregate}) of the tables hanging on a shelf — one query grouped by shelf each."""
    return [
        (Title, {"titles": Count("id")}),
        (Copy, {
            "copies": Count("id", filter=Q(status__in=IN_STOCK_STATUSES)),
            "copies_lost": Count("id", filter=Q(status__in=[CopyStatus.MISSING, CopyStatus.DAMAGED])),
        }),
        (Loan, {
            "loans": Count("id"), "open_loans": Count("id", filter=Q(returned_on__isnull=True)),
            "overdue_loans": Count("id", filter=Q(returned_on__isnull=True, due_on__lt=today)),
        }),
        (Donation, {"donations": Count("id")}),
        (Reader, {"readers": Count("id")}),
        (Supporter, {"supporters": Count("id", filter=Q(ended_on__isnull=True))}),
        (OnSiteReading, {"on_site_readings": Sum("readers")}),
    ]


def figures_with_children(root: Unit, today: datetime.date | None = None) -> tuple[dict, dict]:
    """Shelf figures of `root`'s subtree, and of each child's subtree ({child path: figures}).

    One query finds the subtree's shelves (and under which child each lies); then one query per
    table, grouped by shelf and filtered by shelf id, so the tree is read once (8 queries in all).
    """
    today = today or timezone.localdate()
    key_len = len(root.path) + Unit.steplen
    subtree = Bookshelf.objects.filter(subtree_q([root], prefix="unit__"))
    totals, children, key_of = dict.fromkeys(FIGURES, 0), {}, {}
    for pk, status, path in subtree.values_list("id", "status", "unit__path").order_by():
        key = path[:key_len] if len(path) >= key_len else None
        key_of[pk] = key
        buckets = [totals] if key is None else [totals, children.setdefault(key, dict.fromkeys(FIGURES, 0))]
        for bucket in buckets:
            bucket["shelves"] += 1
            bucket["active_shelves"] += status == ShelfStatus.ACTIVE
    if not key_of:
        return totals, children
    ids = list(key_of) if len(key_of) <= IN_LIST_LIMIT else subtree.values("id")
    for model, aggregates in _measures(today):
        for row in model.objects.filter(shelf_id__in=ids).values("shelf_id").annotate(**aggregates).order_by():
            key = key_of.get(row.pop("shelf_id"), None)
            for figure, value in row.items():
                totals[figure] += value or 0
                if key is not None:
                    children[key][figure] += value or 0
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
    children = Unit.objects.filter(path__in=list(grouped)) | unit.get_children().current()
    empty = dict.fromkeys(FIGURES, 0)
    return totals, [(child, grouped.get(child.path, empty)) for child in children.order_by("path")]


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
