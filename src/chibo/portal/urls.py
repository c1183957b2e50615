"""The public portal's routes, Wagtail's admin and document serving, then Wagtail pages last.

The portal's own routes are namespaced "portal", page serving included ("portal:page", through
the page cache), so that the route check sees it. Wagtail's URL names stay un-namespaced, as
Wagtail reverses them by their plain names ("wagtail_serve" builds the same URLs).
"""

from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from . import feeds, pagecache, views

portal_patterns = [
    path("tim-kiem/", views.search, name="search"),
    path("rss/<int:home_id>/", feeds.SiteFeed(), name="rss_site"),
    path("rss/chuyen-muc/<int:category_id>/", feeds.CategoryFeed(), name="rss_category"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("luot-xem/<int:page_id>/", views.view_beacon, name="view_beacon"),
    path("van-ban-cong-khai/<int:pk>/", views.public_document, name="document"),
    path("van-ban-cong-khai/tep/<int:pk>/", views.public_document_file, name="document_file"),
]
page_patterns = [
    re_path(serve_pattern, pagecache.serve, name="page"),
]

urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include((portal_patterns + page_patterns, "portal"))),
    path("", include(wagtail_urls)),
]
