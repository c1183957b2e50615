"""The public news portal: one Wagtail site per party committee.

Page tree: the portal index (the default site, "/") lists the committee sites; each committee's
`HomePage` (tied to its `orgs.Unit`, with its own Wagtail `Site`) holds `CategoryPage`s
("Thông tin hoạt động", "Tin tức"), which hold `ArticlePage`s. Editors' rights follow their
roles in the organisation tree (see `chibo.portal.permissions`).

View counts live outside the page rows (`PageViewCount`): publishing a revision rewrites every
page field, and a count stored there would be rolled back to the revision's value.
"""

import nh3
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from chibo.text import fold

ARTICLES_PER_PAGE = 10
# Newest first by the date the article gives; one without a date goes last, on every database.
NEWEST_FIRST = (F("published_at").desc(nulls_last=True), F("first_published_at").desc(nulls_last=True), "-pk")

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th",
    "td", "hr", "span", "div", "code", "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "p": {"class"},
    "span": {"class"},
    "div": {"class"},
    "figure": {"class"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def sanitize_html(html: str) -> str:
    """Body HTML with scripts, event handlers, styles and foreign URL schemes removed."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


class PortalIndexPage(Page):
    """Cổng thông tin: the root page listing every committee's site."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.HomePage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("trang cổng thông tin")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sites"] = (
            HomePage.objects.live().child_of(self).select_related("unit").order_by("unit__path")
        )
        return context


class HomePage(Page):
    """Trang chủ cổng thông tin của một cấp ủy: one committee's news site."""

    unit = models.OneToOneField(
        "orgs.Unit", verbose_name=_("cấp ủy"), on_delete=models.PROTECT, related_name="portal_home",
    )
    tagline = models.CharField(_("khẩu hiệu"), max_length=255, blank=True)
    contact = models.TextField(_("địa chỉ liên hệ"), blank=True)
    editors_group = models.ForeignKey(
        "auth.Group", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+",
    )
    board_group = models.ForeignKey(
        "auth.Group", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+",
    )

    scope_unit_field = "unit"
    parent_page_types = ["portal.PortalIndexPage"]
    subpage_types = ["portal.CategoryPage"]
    content_panels = Page.content_panels + [FieldPanel("tagline"), FieldPanel("contact")]

    class Meta:
        verbose_name = _("trang chủ cấp ủy")

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(live=True)

    def categories(self):
        return CategoryPage.objects.live().child_of(self).order_by("path")

    def latest_articles(self, limit: int = 10):
        return (
            ArticlePage.objects.live().descendant_of(self)
            .order_by(*NEWEST_FIRST)[:limit]
        )

    @cached_property
    def public_sections(self) -> list[tuple[str, str]]:
        """(label, url) of the committee's public pages beyond the news, for the site's menu:
        its cells' bookshelves and its exemplary models, when it has any to show."""
        from django.urls import reverse

        from chibo.bookshelves.selectors import public_shelves_under
        from chibo.honours.selectors import public_models

        sections = []
        if public_shelves_under(self.unit).exists():
            sections.append((_("Tủ sách chi bộ"), reverse("bookshelves:public_unit", args=[self.unit_id])))
        if public_models(self.unit).exists():
            sections.append((_("Điển hình “Dân vận khéo”"), reverse("honours:public_list", args=[self.unit_id])))
        return sections

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home"] = self
        context["articles"] = self.latest_articles()
        return context


class CategoryPage(Page):
    """Chuyên mục tin: a category of one site ("Thông tin hoạt động", "Tin tức")."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ArticlePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("chuyên mục")

    @property
    def latest_articles(self):
        return (
            ArticlePage.objects.live().child_of(self)
            .order_by(*NEWEST_FIRST)[:5]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            ArticlePage.objects.live().child_of(self)
            .order_by(*NEWEST_FIRST)
        )
        context["page_obj"] = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("trang"))
        context["home"] = self.get_parent().specific
        return context


class ArticlePage(RoutablePageMixin, Page):
    """Bài viết: one news article, with its date and time, author, source and view count."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("cấp ủy"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="portal_articles",
    )
    published_at = models.DateTimeField(_("ngày giờ đăng"), null=True, blank=True)
    author = models.CharField(_("tác giả"), max_length=255, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = RichTextField(_("nội dung"), blank=True)
    imported_view_count = models.PositiveIntegerField(
        _("lượt xem trước khi chuyển sang"), default=0,
        help_text=_("Số lượt xem ghi trên trang gốc khi bài được nhập."),
    )
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    import_checksum = models.CharField(max_length=64, blank=True, editable=False)
    origin = models.CharField(max_length=120, blank=True, editable=False)
    search_folded = models.TextField(blank=True, editable=False)

    scope_unit_field = "unit"
    exclude_fields_in_copy = ["import_key", "import_checksum", "origin"]
    parent_page_types = ["portal.CategoryPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("published_at"), FieldPanel("author"), FieldPanel("source"),
             FieldPanel("imported_view_count")],
            heading=_("Thông tin bài"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("images", label=_("Ảnh")),
        InlinePanel("attachments", label=_("Tệp đính kèm")),
    ]
    search_fields = Page.search_fields + [index.SearchField("body"), index.SearchField("author")]

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="portal_article_import_key",
            ),
        ]
        indexes = [models.Index(fields=["unit", "published_at"], name="portal_article_unit_date")]

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(live=True)

    def save(self, *args, **kwargs):
        # Derived keys, kept with the row like Unit.name_folded: the search key and the site's unit.
        self.search_folded = fold(f"{self.title} {self.author} {strip_tags(self.body or '')}")
        if self.unit_id is None and self.path:
            home = HomePage.objects.filter(path__in=[self.path[:i] for i in range(4, len(self.path), 4)]).first()
            if home is not None:
                self.unit_id = home.unit_id
        super().save(*args, **kwargs)

    @property
    def safe_body(self) -> str:
        from wagtail.rich_text import expand_db_html

        return sanitize_html(expand_db_html(self.body or ""))

    @property
    def shown_at(self):
        """The date and time the article carries. An imported article whose page gave none shows
        none: the moment it was imported is not when it was written."""
        if self.published_at is not None or self.import_key:
            return self.published_at
        return self.first_published_at

    def home(self) -> "HomePage | None":
        return HomePage.objects.ancestor_of(self).first()

    def view_count(self) -> int:
        from .viewcounts import current_count

        return current_count(self)

    def related_articles(self, limit: int = 5):
        return (
            ArticlePage.objects.live().sibling_of(self, inclusive=False)
            .order_by(*NEWEST_FIRST)[:limit]
        )

    def linked_documents(self) -> list:
        from .linking import public_documents_mentioned

        return public_documents_mentioned(f"{self.summary}\n{strip_tags(self.body or '')}", self.unit)

    def attachment_rows(self) -> list[tuple["ArticleAttachment", object]]:
        """Each attachment with, when it has no file yet, the public document its label names."""
        from .linking import document_named

        return [(item, None if item.document_id else document_named(item.title, self.unit))
                for item in self.attachments.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent()
        context["category"] = parent.specific if parent else None
        context["home"] = self.home()
        context["related"] = self.related_articles()
        context["documents"] = self.linked_documents()
        context["attachment_rows"] = self.attachment_rows()
        context["share_url"] = self.full_url or ""
        return context

    @path("in/", name="print")
    def print_view(self, request):
        return self.render(request, template="portal/article_print.html")


class ArticleImage(Orderable):
    """Ảnh của bài viết."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(get_image_model_string(), on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("chú thích"), max_length=500, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class ArticleAttachment(Orderable):
    """Tệp đính kèm để tải về (kế hoạch, hướng dẫn…)."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("tên tệp"), max_length=255)
    document = models.ForeignKey(
        get_document_model_string(), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("document")]


class PageViewCount(models.Model):
    """Lượt xem đã ghi: views counted here, flushed from the shared cache."""

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="+")
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(count__gte=0), name="portal_views_not_negative")]

    def __str__(self) -> str:
        return f"{self.page_id}: {self.count}"


def site_domain() -> str:
    """The domain under which each committee's site gets its own host name."""
    return getattr(settings, "CHIBO_PORTAL_DOMAIN", "localhost")
