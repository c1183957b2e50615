"""Reads of the portal. Every queryset starts from the scope helper."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.html import strip_tags

from chibo.accounts import scope
from chibo.text import fold

from .models import NEWEST_FIRST, ArticlePage, HomePage


def visible_articles(user) -> QuerySet:
    """Articles the user may read: every published one, and drafts within their scope."""
    return scope.visible(user, ArticlePage).select_related("unit")


def published_articles(user, home: HomePage | None = None) -> QuerySet:
    """Published articles (what the public site shows), of one site when given."""
    qs = visible_articles(user).live()
    if home is not None:
        qs = qs.descendant_of(home)
    return qs.order_by(*NEWEST_FIRST)


def search_articles(user, text: str, home: HomePage | None = None) -> QuerySet:
    """Published articles whose title, author or body contain every word typed, diacritics aside.

    Vietnamese words are made of common syllables ("tủ sách chi bộ": tu, sach, chi, bo), found
    apart in most long articles; those holding the words as typed, side by side, come first.
    """
    words = fold(text).split()
    qs = published_articles(user, home)
    if not words:
        return qs.none()
    condition = Q()
    for word in words[:12]:
        condition &= Q(search_folded__contains=word)
    qs = qs.filter(condition)
    if len(words) > 1:
        phrase = " ".join(words[:12])
        qs = qs.annotate(phrase_first=Case(When(search_folded__contains=phrase, then=Value(0)), default=Value(1)))
        qs = qs.order_by("phrase_first", *NEWEST_FIRST)
    return qs


def _live_home_on(paths: list[str]) -> HomePage | None:
    return (HomePage.objects.live().filter(unit__path__in=paths).select_related("unit")
            .order_by("-unit__depth").first())


def site_home_for(unit) -> HomePage | None:
    """The live committee site on which a unit's public pages (bookshelves, exemplary models) sit.

    The site of the unit or of its nearest ancestor. A unit moved in a restructuring (the 2025
    mergers) whose new line has no site yet keeps the site of the line it came from: a ward once
    under Thành ủy Vũng Tàu stays on that city's site until Hồ Chí Minh City opens one.
    """
    if unit is None:
        return None
    from chibo.orgs.models import UnitEvent, UnitEventKind

    line = [*unit.ancestor_paths(), unit.path]
    home = _live_home_on(line)
    if home is not None:
        return home
    moves = (UnitEvent.objects.filter(kind=UnitEventKind.MOVED, unit__path__in=line, old_parent__isnull=False)
             .select_related("old_parent").order_by("-on", "-id"))
    for move in moves:
        home = _live_home_on([*move.old_parent.ancestor_paths(), move.old_parent.path])
        if home is not None:
            return home
    return None


def units_shown_on(unit) -> list:
    """The units whose public pages a committee's site lists: the committee itself, and the units
    that moved out of its subtree in a restructuring (their records stay on the site they had)."""
    from chibo.orgs.models import Unit, UnitEvent, UnitEventKind, subtree_q

    moved = (UnitEvent.objects.filter(subtree_q([unit], prefix="old_parent__"), kind=UnitEventKind.MOVED)
             .exclude(subtree_q([unit], prefix="unit__")).values_list("unit_id", flat=True))
    return [unit, *Unit.objects.filter(pk__in=list(moved)).order_by("path")]


def visible_sites(user) -> QuerySet:
    return scope.visible(user, HomePage).select_related("unit").order_by("unit__path")


def public_documents():
    """Documents anyone may read (issued, public, not graded), as the public site shows them."""
    from chibo.documents.models import Document

    return scope.visible(AnonymousUser(), Document)


def get_public_document(pk: int):
    return scope.get_visible(AnonymousUser(), public_documents().select_related("issuer", "owner"), pk=pk)


def get_public_attachment(pk: int):
    """A file of a public document, or 404."""
    from django.http import Http404

    from chibo.documents.models import Attachment

    attachment = Attachment.objects.filter(document__in=public_documents(), pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def articles_mentioning(document, limit: int = 10) -> list[ArticlePage]:
    """Published articles that cite the document (by its notation, as `chibo.text` reads it)."""
    from .linking import cited_keys

    candidates = published_articles(AnonymousUser()).filter(search_folded__contains=fold(document.notation))
    return [
        a for a in candidates[: limit * 3]
        if document.notation_key in cited_keys(f"{a.title}\n{a.summary}\n{strip_tags(a.body or '')}")
    ][:limit]
