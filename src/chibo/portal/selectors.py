"""Reads of the portal. Every queryset starts from the scope helper."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
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
    """Published articles whose title, author or body contain every word typed, diacritics aside."""
    words = fold(text).split()
    qs = published_articles(user, home)
    if not words:
        return qs.none()
    condition = Q()
    for word in words[:12]:
        condition &= Q(search_folded__contains=word)
    return qs.filter(condition)


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
