"""Builders for portal tests: committee sites and articles on the small test tree."""

import datetime
from zoneinfo import ZoneInfo

from chibo.portal import services
from chibo.portal.importing import ParsedArticle

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def make_site(unit, **fields):
    return services.do_create_site(unit, **fields)


def make_article(home, title="Bài thử", body="Nội dung bài viết thử.", *, publish=True, when=None,
                 author="Phóng viên Thử", category="Tin tức", view_count=None):
    parsed = ParsedArticle(
        title=title, body_paragraphs=[body], author=author, view_count=view_count,
        published_at=when or datetime.datetime(2024, 3, 1, 8, 30, tzinfo=LOCAL),
    )
    article, _ = services.do_import_article(home, parsed, category=category, publish=publish)
    return article
