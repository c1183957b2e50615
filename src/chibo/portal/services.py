"""Writes of the portal: sites, categories and articles. Atomic and audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from chibo.accounts import scope
from chibo.accounts.audit import record
from chibo.orgs.models import Unit
from chibo.text import fold

from . import permissions
from .importing import ParsedArticle
from .models import (
    ArticleAttachment,
    ArticlePage,
    CategoryPage,
    HomePage,
    PortalIndexPage,
    sanitize_html,
    site_domain,
)

DEFAULT_CATEGORIES = ("Thông tin hoạt động", "Tin tức")
MAX_SLUG = 80


def _require(actor, unit: Unit, kinds=permissions.EDITOR_ROLES + permissions.BOARD_ROLES) -> None:
    """Writes by a person must be within their scope; actor None is the system (commands, demo)."""
    if actor is not None and not scope.can_manage(actor, unit, kinds=kinds):
        raise PermissionDenied(_("Bạn không có quyền biên tập cổng thông tin của %(unit)s.") % {"unit": unit})


def _slug(text: str, parent: Page, *, reserved_check: bool = False) -> str:
    base = slugify(fold(text))
    if len(base) > MAX_SLUG:
        # Cut at a word boundary: "...xay-dung-tu-sach", not "...xay-dung-t".
        base = base[: MAX_SLUG + 1].rsplit("-", 1)[0]
    base = base.strip("-") or "trang"
    slug, n = base, 1
    while True:
        taken = parent.get_children().filter(slug=slug).exists()
        if not taken and reserved_check:
            try:
                taken = resolve(f"/{slug}/").view_name != "portal:page"
            except Resolver404:
                taken = False
        if not taken:
            return slug
        n += 1
        slug = f"{base[: MAX_SLUG - 4]}-{n}"


def _ensure_wagtail_roots() -> Page:
    """Wagtail's root page, root collection and default locale (made by its migrations; a flushed
    database lacks them), created when missing; returns the root page."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))
    return root


@transaction.atomic
def do_ensure_portal_index(title: str = "Cổng thông tin các cấp ủy") -> PortalIndexPage:
    """The portal index under Wagtail's root, served as the default site ("/")."""
    index = PortalIndexPage.objects.first()
    if index is None:
        root = _ensure_wagtail_roots()
        index = root.add_child(instance=PortalIndexPage(title=title, slug="cong-thong-tin"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=index, is_default_site=True,
                            site_name=title)
    elif site.root_page_id != index.pk:
        site.root_page = index
        site.site_name = title
        site.save()
    return index


@transaction.atomic
def do_create_site(unit: Unit, *, actor=None, title: str = "", tagline: str = "",
                   hostname: str = "", categories=DEFAULT_CATEGORIES) -> HomePage:
    """Open a committee's news site: its home page, its own host, categories, editors and workflow."""
    _require(actor, unit, kinds=permissions.BOARD_ROLES)
    if HomePage.objects.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s đã có cổng thông tin.") % {"unit": unit})
    index = do_ensure_portal_index()
    title = title or unit.name
    home = index.add_child(instance=HomePage(
        title=title, slug=_slug(unit.short_name or unit.name, index, reserved_check=True),
        unit=unit, tagline=tagline,
    ))
    Site.objects.create(
        hostname=hostname or f"{home.slug}.{site_domain()}", port=80, root_page=home, site_name=title,
    )
    for name in categories:
        home.add_child(instance=CategoryPage(title=name, slug=_slug(name, home), show_in_menus=True))
    permissions.set_up_site_permissions(home)
    permissions.sync_site(home)
    record(actor, "portal.site_created", home, unit=unit, title=title)
    return home


def site_for_unit(unit: Unit) -> HomePage | None:
    """The site of a unit, or of its nearest ancestor that has one."""
    paths = unit.ancestor_paths() + [unit.path]
    return HomePage.objects.filter(unit__path__in=paths).select_related("unit").order_by("-unit__depth").first()


@transaction.atomic
def do_get_category(home: HomePage, title: str, *, actor=None) -> CategoryPage:
    """The site's category of that name (diacritics and case aside), created when missing."""
    _require(actor, home.unit)
    return _category(home, title, actor)


def _category(home: HomePage, title: str, actor=None) -> CategoryPage:
    key = fold(title)
    for category in CategoryPage.objects.child_of(home):
        if fold(category.title) == key:
            return category
    category = home.add_child(instance=CategoryPage(title=title, slug=_slug(title, home), show_in_menus=True))
    record(actor, "portal.category_created", category, unit=home.unit, title=title)
    return category


def _publish(page: ArticlePage, actor) -> None:
    revision = page.save_revision(user=actor if getattr(actor, "pk", None) else None, log_action=True)
    revision.publish(user=actor if getattr(actor, "pk", None) else None)


@transaction.atomic
def do_import_article(home: HomePage, parsed: ParsedArticle, *, actor=None, category: str = "",
                      publish: bool = True) -> tuple[ArticlePage, bool]:
    """Create the article, or update the one imported before from the same page; (article, created)."""
    _require(actor, home.unit)
    article = ArticlePage.objects.filter(import_key=parsed.import_key).first()
    created = article is None
    body = sanitize_html(parsed.body_html)
    if created:
        parent = do_get_category(home, category or parsed.category or DEFAULT_CATEGORIES[1], actor=actor)
        article = ArticlePage(title=parsed.title, slug=_slug(parsed.title, parent), live=False,
                              import_key=parsed.import_key, unit=home.unit)
        article.body = body
        parent.add_child(instance=article)
    else:
        article = article.get_latest_revision_as_object()
    article.title = parsed.title
    article.body = body
    article.published_at = parsed.published_at
    article.first_published_at = parsed.published_at or article.first_published_at
    article.author = parsed.author
    article.source = parsed.source
    article.imported_view_count = parsed.view_count or 0
    article.import_checksum = parsed.checksum
    article.attachments = [ArticleAttachment(title=name, sort_order=i) for i, name in enumerate(parsed.attachments)]
    article.save()
    if publish:
        _publish(article, actor)
    else:
        article.save_revision(user=actor if getattr(actor, "pk", None) else None)
    record(actor, "portal.article_imported", article, unit=home.unit, created=created,
           import_key=parsed.import_key, checksum=parsed.checksum)
    return ArticlePage.objects.get(pk=article.pk), created


@transaction.atomic
def do_draft_article_from(source, *, site_unit: Unit, title: str, body_html: str, actor) -> ArticlePage:
    """Draft a news article from a record (an activity…) on the unit's site or its nearest ancestor's.

    The draft is submitted to the site's review workflow (its editorial board approves and
    publishes); a second call for the same record updates the draft while it is unpublished.
    """
    home = site_for_unit(site_unit)
    if home is None:
        raise ValidationError(_("%(unit)s và các cấp trên chưa có cổng thông tin.") % {"unit": site_unit})
    # The author manages the record's unit; the site's board reviews the draft before it is published.
    _require(actor, site_unit)
    if not title.strip():
        raise ValidationError(_("Bài viết cần có tiêu đề."))
    origin = f"{source._meta.label_lower}:{source.pk}" if source is not None else ""
    article = ArticlePage.objects.filter(origin=origin, unit=home.unit).first() if origin else None
    if article is not None and article.live:
        article = None
    if article is None:
        parent = _category(home, DEFAULT_CATEGORIES[0], actor)
        article = ArticlePage(title=title, slug=_slug(title, parent), live=False, origin=origin, unit=home.unit,
                              published_at=timezone.now())
        article.body = sanitize_html(body_html)
        parent.add_child(instance=article)
        action = "portal.article_drafted"
    else:
        article.title = title
        action = "portal.article_redrafted"
    article.body = sanitize_html(body_html)
    article.save()
    article.save_revision(user=actor if getattr(actor, "pk", None) else None)
    workflow = article.get_workflow()
    if workflow is not None and getattr(actor, "pk", None) and not article.workflow_in_progress:
        workflow.start(article, actor)
    record(actor, action, article, unit=home.unit, origin=origin)
    return ArticlePage.objects.get(pk=article.pk)


@transaction.atomic
def do_publish_article(article: ArticlePage, *, actor, go_live_at: datetime.datetime | None = None) -> ArticlePage:
    """Publish the latest revision now, or schedule it (the editorial board's decision)."""
    _require(actor, article.unit, kinds=permissions.BOARD_ROLES)
    page = article.get_latest_revision_as_object()
    page.go_live_at = go_live_at
    revision = page.save_revision(user=actor if getattr(actor, "pk", None) else None)
    revision.publish(user=actor if getattr(actor, "pk", None) else None)
    record(actor, "portal.article_scheduled" if go_live_at and go_live_at > timezone.now() else "portal.article_published",
           article, unit=article.unit, go_live_at=go_live_at.isoformat() if go_live_at else None)
    return ArticlePage.objects.get(pk=article.pk)


@transaction.atomic
def do_unpublish_article(article: ArticlePage, *, actor) -> ArticlePage:
    _require(actor, article.unit, kinds=permissions.BOARD_ROLES)
    article.unpublish(user=actor if getattr(actor, "pk", None) else None)
    record(actor, "portal.article_unpublished", article, unit=article.unit)
    return ArticlePage.objects.get(pk=article.pk)
