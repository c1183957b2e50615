"""Shelf figures offered to reporting as computed indicators (chỉ tiêu tính tự động).

Each function answers for every requested unit's subtree in one query (one filtered aggregate
per unit), read from the same tables as the bookshelf pages.
"""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from chibo.orgs.models import subtree_q
from chibo.reporting import computed

from .models import (
    Bookshelf,
    Copy,
    CopyStatus,
    Donation,
    Loan,
    OnSiteReading,
    Reader,
    ShelfStatus,
    Supporter,
    Title,
)


def _per_unit(model, units, prefix: str, where: Q, aggregate=Count, field: str = "pk") -> dict[int, int]:
    if not units:
        return {}
    aggregates = {f"u{u.pk}": aggregate(field, filter=subtree_q([u], prefix=prefix)) for u in units}
    row = model.objects.filter(where).filter(subtree_q(units, prefix=prefix)).aggregate(**aggregates)
    return {u.pk: row[f"u{u.pk}"] or 0 for u in units}


def _open_on(end) -> Q:
    return (Q(opened_on__isnull=True) | Q(opened_on__lte=end)) & ~Q(status=ShelfStatus.CLOSED)


def shelves(units, period):
    """Tủ sách hoạt động đến cuối kỳ."""
    return _per_unit(Bookshelf, units, "unit__", _open_on(period.end))


def new_shelves(units, period):
    """Tủ sách khai trương trong kỳ."""
    return _per_unit(Bookshelf, units, "unit__", Q(opened_on__range=(period.start, period.end)))


def titles(units, period):
    return _per_unit(Title, units, "shelf__unit__", Q(added_on__lte=period.end))


def copies(units, period):
    return _per_unit(Copy, units, "shelf__unit__",
                     Q(added_on__lte=period.end, status__in=[CopyStatus.AVAILABLE, CopyStatus.ON_LOAN]))


def loans(units, period):
    return _per_unit(Loan, units, "shelf__unit__", Q(borrowed_on__range=(period.start, period.end)))


def on_site_readings(units, period):
    return _per_unit(OnSiteReading, units, "shelf__unit__", Q(on__range=(period.start, period.end)), Sum, "readers")


def donations(units, period):
    return _per_unit(Donation, units, "shelf__unit__", Q(received_on__range=(period.start, period.end)))


def readers(units, period):
    return _per_unit(Reader, units, "shelf__unit__", Q(registered_on__lte=period.end))


def supporters(units, period):
    active = Q(registered_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
    return _per_unit(Supporter, units, "shelf__unit__", active)


computed.register("bookshelves.shelves", _("Số tủ sách chi bộ đang hoạt động"), shelves)
computed.register("bookshelves.new_shelves", _("Số tủ sách xây mới trong kỳ"), new_shelves)
computed.register("bookshelves.titles", _("Số đầu sách trong tủ sách chi bộ"), titles)
computed.register("bookshelves.copies", _("Số bản sách trong tủ sách chi bộ"), copies)
computed.register("bookshelves.loans", _("Lượt mượn sách trong kỳ"), loans)
computed.register("bookshelves.on_site_readings", _("Lượt đọc sách tại chỗ trong kỳ"), on_site_readings)
computed.register("bookshelves.donations", _("Lượt tặng sách trong kỳ"), donations)
computed.register("bookshelves.readers", _("Số bạn đọc tủ sách chi bộ"), readers)
computed.register("bookshelves.supporters", _("Đảng viên tham gia xây dựng tủ sách"), supporters)
