"""JSON API of the portal: sites and articles, every answer limited to the caller's scope."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from chibo.accounts import scope

from . import selectors, services
from .models import ArticlePage

router = Router()


class SiteOut(Schema):
    id: int
    title: str
    unit_id: int
    unit_name: str
    live: bool
    url_path: str

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name


class ArticleOut(Schema):
    id: int
    title: str
    live: bool
    unit_id: int | None
    published_at: datetime.datetime | None
    author: str
    source: str
    views: int
    url_path: str

    @staticmethod
    def resolve_views(obj: ArticlePage) -> int:
        return obj.view_count()


class PublishIn(Schema):
    go_live_at: datetime.datetime | None = None


@router.get("/sites", response=list[SiteOut], url_name="portal_sites")
def list_sites(request):
    """Committee sites: every live one, and those in the caller's scope."""
    return list(selectors.visible_sites(request.user)[:500])


@router.get("/articles", response=list[ArticleOut], url_name="portal_articles")
def list_articles(request, q: str = "", site: int | None = None, drafts: bool = False, limit: int = 50):
    """Articles: published ones (a folded-word search with `q`), or with `drafts` the caller's drafts."""
    limit = max(1, min(limit, 200))
    if drafts:
        qs = scope.visible(request.user, ArticlePage, include_public=False).filter(live=False)
        if site is not None:
            qs = qs.filter(unit__portal_home__pk=site)
        return list(qs.order_by("-latest_revision_created_at", "-pk")[:limit])
    home = None
    if site is not None:
        home = scope.get_visible(request.user, selectors.visible_sites(request.user), pk=site)
    qs = selectors.search_articles(request.user, q, home) if q else selectors.published_articles(request.user, home)
    return list(qs[:limit])


@router.get("/articles/{article_id}", response=ArticleOut, url_name="portal_article")
def get_article(request, article_id: int):
    return scope.get_visible(request.user, ArticlePage, pk=article_id)


@router.post("/articles/{article_id}/publish", response=ArticleOut, url_name="portal_article_publish")
def publish_article(request, article_id: int, payload: PublishIn):
    """Publish (or schedule) an article: the site's editorial board only."""
    article = scope.get_visible(request.user, ArticlePage, pk=article_id)
    try:
        return services.do_publish_article(article, actor=request.user, go_live_at=payload.go_live_at)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("Không có quyền.")) from exc
