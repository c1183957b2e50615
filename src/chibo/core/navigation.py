"""The navigation: an entry per app whose pages exist; a member without an office role gets their own."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from chibo.accounts import scope
from chibo.accounts.models import RoleKind

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
MEMBER_ENTRIES = [
    ("me:home", _("Góc đảng viên")),
    ("activities:mine", _("Giấy mời của tôi")),
    ("bookshelves:mine", _("Tủ sách nơi cư trú")),
    ("grading:index", _("Đánh giá, xếp loại")),
]


def member_only(user) -> bool:
    """A party member whose only roles are membership: no office, editing or reading role anywhere."""
    if user.is_superuser or getattr(user, "person_id", None) is None:
        return False
    roles = scope.role_units(user)
    return bool(roles) and roles == scope.role_units(user, [RoleKind.MEMBER])


def entries(user) -> list[tuple[str, str, str]]:
    """(app, url, label) of the entries `user` has use for: a member's own space needs a member record."""
    result = []
    for name, label in MEMBER_ENTRIES if member_only(user) else ENTRIES:
        if name == "me:home" and getattr(user, "person_id", None) is None:
            continue
        try:
            result.append((name.split(":")[0], reverse(name), label))
        except NoReverseMatch:
            continue
    return result
