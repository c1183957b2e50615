"""RSS feeds: one per site, one per category."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from chibo.accounts import scope

from .models import NEWEST_FIRST, ArticlePage, CategoryPage, HomePage

ITEMS = 30


class _ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def item_title(self, item: ArticlePage):
        return item.title

    def item_description(self, item: ArticlePage):
        # Plain text cut at a word: a cut through the body's HTML would hand readers broken markup.
        return item.summary or Truncator(strip_tags(item.safe_body)).words(80)

    def item_link(self, item: ArticlePage):
        return item.get_url(request=self.request)

    def item_pubdate(self, item: ArticlePage):
        return item.shown_at

    def item_author_name(self, item: ArticlePage):
        return item.author or None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def _live(self, qs):
        # Feeds are public: read as anyone would, whoever asks.
        return scope.visible(AnonymousUser(), qs).live()


class SiteFeed(_ArticleFeed):
    def get_object(self, request, home_id):
        return get_object_or_404(scope.visible(AnonymousUser(), HomePage).live(), pk=home_id)

    def title(self, obj: HomePage):
        return obj.title

    def link(self, obj: HomePage):
        return obj.get_url(request=self.request)

    def description(self, obj: HomePage):
        return obj.tagline or obj.title

    def items(self, obj: HomePage):
        return self._live(ArticlePage.objects.descendant_of(obj)).order_by(*NEWEST_FIRST)[:ITEMS]


class CategoryFeed(_ArticleFeed):
    def get_object(self, request, category_id):
        category = get_object_or_404(CategoryPage.objects.live(), pk=category_id)
        if not scope.visible(AnonymousUser(), HomePage).live().ancestor_of(category).exists():
            from django.http import Http404

            raise Http404
        return category

    def title(self, obj: CategoryPage):
        return f"{obj.get_parent().title} · {obj.title}"

    def link(self, obj: CategoryPage):
        return obj.get_url(request=self.request)

    def description(self, obj: CategoryPage):
        return obj.intro or obj.title

    def items(self, obj: CategoryPage):
        return self._live(ArticlePage.objects.child_of(obj)).order_by(*NEWEST_FIRST)[:ITEMS]
