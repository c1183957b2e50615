"""URL map. Each app with a `urls.py` is mounted under its own prefix and namespace."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

# Staff apps mounted at /<prefix>/, namespaced by app label. The portal serves the rest.
STAFF_APPS = {
    "accounts": "tai-khoan/",
    "orgs": "to-chuc/",
    "members": "dang-vien/",
    "documents": "van-ban/",
    "assignments": "nhiem-vu/",
    "reporting": "bao-cao/",
    "activities": "hoat-dong/",
    "bookshelves": "tu-sach/",
    "grading": "danh-gia/",
    "honours": "dien-hinh/",
    "me": "cua-toi/",
}

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("chibo.api.urls")),
    path("", include("chibo.core.urls")),
]
for app, prefix in STAFF_APPS.items():
    if find_spec(f"chibo.{app}.urls"):
        urlpatterns.append(path(prefix, include(import_module(f"chibo.{app}.urls"))))

if find_spec("chibo.portal.urls"):
    urlpatterns.append(path("", include("chibo.portal.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
