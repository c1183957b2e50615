"""The staff navigation: an entry per app whose pages exist."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

ENTRIES = [
    ("core:dashboard", _("Bảng điều khiển")),
    ("me:home", _("Góc đảng viên")),
    ("orgs:tree", _("Tổ chức")),
    ("members:list", _("Đảng viên")),
    ("documents:list", _("Văn bản")),
    ("assignments:inbox", _("Nhiệm vụ")),
    ("reporting:index", _("Báo cáo số liệu")),
    ("activities:list", _("Hoạt động")),
    ("bookshelves:list", _("Tủ sách")),
    ("grading:index", _("Đánh giá, xếp loại")),
    ("honours:list", _("Điển hình")),
    ("accounts:audit_log", _("Nhật ký")),
]


def entries(user) -> list[tuple[str, str, str]]:
    """(app, url, label) of the entries `user` has use for: a member's own space needs a member record."""
    result = []
    for name, label in ENTRIES:
        if name == "me:home" and getattr(user, "person_id", None) is None:
            continue
        try:
            result.append((name.split(":")[0], reverse(name), label))
        except NoReverseMatch:
            continue
    return result
