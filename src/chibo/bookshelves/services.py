"""Writes: every change to a bookshelf is one atomic, audited `do_<verb>_<noun>` function.

Each checks that the actor manages the shelf's cell (or is the member acting for themself),
and raises `BookshelfError` with a specific Vietnamese message for bad input.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.accounts import scope
from chibo.accounts.audit import record
from chibo.members.models import MEMBER_STATUSES, Person, ResidenceRegistration
from chibo.orgs.models import Unit
from chibo.text import fold

from . import selectors
from .isbn import InvalidISBN, normalize_isbn
from .models import (
    Bookshelf,
    CampaignTarget,
    Copy,
    CopyStatus,
    Donation,
    DonorKind,
    FollowUp,
    Inspection,
    ItemKind,
    Loan,
    LoanRule,
    OnSiteReading,
    Reader,
    ReaderKind,
    ShelfPhoto,
    ShelfStatus,
    Stocktake,
    StocktakeFinding,
    Subject,
    Supporter,
    TargetMeasure,
    Title,
    title_search_key,
)

MAX_COPIES_PER_ENTRY = 500


class BookshelfError(ValueError):
    """Bad input to a bookshelf service; the message is shown to the user as is."""


def _require_manager(actor, unit: Unit) -> None:
    if not scope.can_manage(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý tủ sách của %(unit)s.") % {"unit": unit})


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


# --- Shelves -----------------------------------------------------------------------------------

SHELF_FIELDS = (
    "name", "place", "opening_hours", "custodian", "custodian_name", "opened_on", "status",
    "campaign_year", "is_public", "loan_days", "loans_per_reader", "description",
)


def do_create_shelf(actor, unit: Unit, **fields) -> Bookshelf:
    """Lập tủ sách cho một chi bộ."""
    _require_manager(actor, unit)
    if not unit.is_cell:
        raise BookshelfError(_("Tủ sách thuộc một chi bộ; “%(unit)s” không phải chi bộ.") % {"unit": unit})
    unknown = set(fields) - set(SHELF_FIELDS)
    if unknown:
        raise TypeError(f"unknown shelf fields: {sorted(unknown)}")
    if not (fields.get("name") or "").strip():
        raise BookshelfError(_("Hãy nhập tên tủ sách."))
    custodian = fields.get("custodian")
    if custodian is not None and not custodian.unit.is_in_subtree_of(unit.get_parent() or unit):
        raise BookshelfError(_("Người phụ trách phải sinh hoạt tại chi bộ hoặc đảng bộ của tủ sách."))
    with transaction.atomic():
        shelf = Bookshelf.objects.create(unit=unit, **fields)
        record(actor, "bookshelves.create_shelf", shelf, unit=unit)
    return shelf


def do_update_shelf(actor, shelf: Bookshelf, **fields) -> Bookshelf:
    """Sửa thông tin tủ sách."""
    _require_manager(actor, shelf.unit)
    unknown = set(fields) - set(SHELF_FIELDS)
    if unknown:
        raise TypeError(f"unknown shelf fields: {sorted(unknown)}")
    with transaction.atomic():
        changed = {}
        for name, value in fields.items():
            if getattr(shelf, name) != value:
                changed[name] = str(value)
                setattr(shelf, name, value)
        shelf.save()
        record(actor, "bookshelves.update_shelf", shelf, unit=shelf.unit, changed=changed)
    return shelf


def do_add_shelf_photo(actor, shelf: Bookshelf, image, caption: str = "") -> ShelfPhoto:
    """Thêm ảnh tủ sách."""
    _require_manager(actor, shelf.unit)
    with transaction.atomic():
        photo = ShelfPhoto.objects.create(shelf=shelf, image=image, caption=caption)
        record(actor, "bookshelves.add_photo", photo, unit=shelf.unit)
    return photo


def do_set_loan_rule(actor, unit: Unit, *, loan_days: int, loans_per_reader: int) -> LoanRule:
    """Đặt quy định mượn mặc định cho mọi tủ sách trong một tổ chức."""
    _require_manager(actor, unit)
    if loan_days < 1 or loan_days > 365:
        raise BookshelfError(_("Số ngày mượn phải từ 1 đến 365."))
    if loans_per_reader < 1 or loans_per_reader > 50:
        raise BookshelfError(_("Số bản mượn tối đa phải từ 1 đến 50."))
    with transaction.atomic():
        rule, _created = LoanRule.objects.update_or_create(
            unit=unit, defaults={"loan_days": loan_days, "loans_per_reader": loans_per_reader}
        )
        record(actor, "bookshelves.set_loan_rule", rule, unit=unit, loan_days=loan_days, loans_per_reader=loans_per_reader)
    return rule


# --- Catalogue ---------------------------------------------------------------------------------

def clean_title_fields(*, title: str, kind: str = ItemKind.BOOK, author: str = "", publisher: str = "",
                       year=None, isbn: str = "", subject: str = Subject.OTHER) -> dict:
    """Checked, normalised fields of a catalogue entry, or BookshelfError saying what is wrong."""
    title = " ".join((title or "").split())
    if not title:
        raise BookshelfError(_("Thiếu nhan đề."))
    if len(title) > 300:
        raise BookshelfError(_("Nhan đề dài quá 300 ký tự."))
    if kind not in ItemKind.values:
        raise BookshelfError(_("Loại ấn phẩm “%(v)s” không có trong danh mục.") % {"v": kind})
    if subject not in Subject.values:
        raise BookshelfError(_("Chủ đề “%(v)s” không có trong danh mục.") % {"v": subject})
    if year in ("", None):
        year = None
    else:
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise BookshelfError(_("Năm xuất bản “%(v)s” không phải một năm.") % {"v": year}) from None
        if not 1800 <= year <= timezone.localdate().year + 1:
            raise BookshelfError(_("Năm xuất bản %(v)s không hợp lệ.") % {"v": year})
    try:
        isbn = normalize_isbn(isbn)
    except InvalidISBN as exc:
        raise BookshelfError(str(exc)) from None
    return {
        "title": title, "kind": kind, "author": " ".join((author or "").split())[:200],
        "publisher": " ".join((publisher or "").split())[:200], "year": year, "isbn": isbn, "subject": subject,
    }


def _find_title(shelf: Bookshelf, fields: dict) -> Title | None:
    """The shelf's existing entry for the same work: same ISBN, or same title and author (folded)."""
    if fields["isbn"]:
        found = Title.objects.filter(shelf=shelf, isbn=fields["isbn"]).first()
        if found:
            return found
    key = title_search_key(fields["title"], fields["author"])
    for candidate in Title.objects.filter(shelf=shelf, search_key__startswith=fold(fields["title"])):
        if title_search_key(candidate.title, candidate.author) == key:
            return candidate
    return None


def _add_copies(shelf: Bookshelf, title: Title, count: int, *, on: datetime.date, donation=None) -> list[Copy]:
    # The shelf row is locked by the caller, so copy numbers are handed out one writer at a time.
    start = (Copy.objects.filter(shelf=shelf).aggregate(m=Max("number"))["m"] or 0) + 1
    return Copy.objects.bulk_create([
        Copy(shelf=shelf, title=title, number=start + i, added_on=on, donation=donation) for i in range(count)
    ])


def _lock(shelf: Bookshelf) -> Bookshelf:
    return Bookshelf.objects.select_for_update().get(pk=shelf.pk)


def _check_copies(copies) -> int:
    try:
        copies = int(copies)
    except (TypeError, ValueError):
        raise BookshelfError(_("Số bản “%(v)s” không phải số nguyên.") % {"v": copies}) from None
    if not 1 <= copies <= MAX_COPIES_PER_ENTRY:
        raise BookshelfError(_("Số bản phải từ 1 đến %(n)s.") % {"n": MAX_COPIES_PER_ENTRY})
    return copies


def _catalogue(shelf: Bookshelf, fields: dict, copies: int, on: datetime.date, donation=None) -> tuple[Title, list[Copy], bool]:
    title = _find_title(shelf, fields)
    created = title is None
    if created:
        title = Title.objects.create(shelf=shelf, added_on=on, **fields)
    return title, _add_copies(shelf, title, copies, on=on, donation=donation), created


def do_add_title(actor, shelf: Bookshelf, *, copies: int = 1, on: datetime.date | None = None, **fields) -> Title:
    """Nhập một đầu sách (và số bản) vào danh mục; an existing entry for the same work gains copies."""
    _require_manager(actor, shelf.unit)
    fields = clean_title_fields(**fields)
    copies = _check_copies(copies)
    on = _today(on)
    with transaction.atomic():
        shelf = _lock(shelf)
        title, new_copies, created = _catalogue(shelf, fields, copies, on)
        record(actor, "bookshelves.add_title", title, unit=shelf.unit, copies=len(new_copies), new=created)
    return title


# --- Supporters and donations ------------------------------------------------------------------

def _person_of(actor) -> Person | None:
    return getattr(actor, "person", None) if getattr(actor, "is_authenticated", False) else None


def do_register_supporter(actor, shelf: Bookshelf, person: Person, *, pledge: str = "",
                          on: datetime.date | None = None) -> Supporter:
    """Đảng viên đăng ký tham gia xây dựng tủ sách chi bộ nơi cư trú.

    The member may register themself (from the shelf's public page) or the cell may register
    them. A member of another cell is also registered with the shelf's cell as their place of
    residence (members.ResidenceRegistration), unless already registered there.
    """
    own = _person_of(actor)
    if not (own is not None and own.pk == person.pk) and not scope.can_manage(actor, shelf.unit):
        raise PermissionDenied(_("Chỉ đảng viên đó hoặc chi bộ quản lý tủ sách mới đăng ký được."))
    if person.status not in MEMBER_STATUSES:
        raise BookshelfError(_("Chỉ đảng viên mới đăng ký tham gia xây dựng tủ sách chi bộ."))
    if shelf.status == ShelfStatus.CLOSED:
        raise BookshelfError(_("Tủ sách này đã giải thể."))
    on = _today(on)
    with transaction.atomic():
        if Supporter.objects.filter(shelf=shelf, person=person, ended_on__isnull=True).exists():
            raise BookshelfError(_("%(p)s đã đăng ký tham gia tủ sách này.") % {"p": person})
        residence = None
        if person.unit_id != shelf.unit_id:
            residence = ResidenceRegistration.objects.filter(person=person, unit=shelf.unit, ended_on__isnull=True).first()
            if residence is None:
                residence = ResidenceRegistration.objects.create(
                    person=person, unit=shelf.unit, registered_on=on,
                    note=_("Đăng ký tham gia xây dựng tủ sách chi bộ nơi cư trú"),
                )
                record(actor, "members.register_residence", residence, unit=shelf.unit)
        supporter = Supporter.objects.create(shelf=shelf, person=person, residence=residence, registered_on=on, pledge=pledge[:255])
        record(actor, "bookshelves.register_supporter", supporter, unit=shelf.unit, person=person.pk)
    return supporter


def do_end_support(actor, supporter: Supporter, on: datetime.date | None = None) -> Supporter:
    own = _person_of(actor)
    if not (own is not None and own.pk == supporter.person_id) and not scope.can_manage(actor, supporter.shelf.unit):
        raise PermissionDenied(_("Bạn không có quyền kết thúc đăng ký này."))
    with transaction.atomic():
        supporter.ended_on = _today(on)
        supporter.save(update_fields=["ended_on"])
        record(actor, "bookshelves.end_support", supporter, unit=supporter.shelf.unit)
    return supporter


def do_record_donation(actor, shelf: Bookshelf, *, donor_kind: str, items: list[dict], donor_person: Person | None = None,
                       donor_name: str = "", received_on: datetime.date | None = None, note: str = "") -> Donation:
    """Ghi nhận sách được tặng: each item is a catalogue entry's fields plus "copies".

    Every item is checked first; one bad item and nothing is recorded (the error names the item).
    """
    _require_manager(actor, shelf.unit)
    if donor_kind not in DonorKind.values:
        raise BookshelfError(_("Hãy chọn người tặng là ai."))
    if donor_kind in (DonorKind.MEMBER, DonorKind.RESIDENT_MEMBER):
        if donor_person is None:
            raise BookshelfError(_("Hãy chọn đảng viên tặng sách."))
        donor_name = donor_person.full_name
    donor_name = " ".join((donor_name or "").split())
    if not donor_name:
        raise BookshelfError(_("Hãy nhập tên người hoặc tổ chức tặng sách."))
    if not items:
        raise BookshelfError(_("Hãy nhập ít nhất một đầu sách được tặng."))
    cleaned = []
    for index, item in enumerate(items, start=1):
        item = dict(item)
        copies = item.pop("copies", 1)
        try:
            cleaned.append((clean_title_fields(**item), _check_copies(copies)))
        except BookshelfError as exc:
            raise BookshelfError(_("Đầu sách thứ %(n)s: %(e)s") % {"n": index, "e": exc}) from None
    on = _today(received_on)
    with transaction.atomic():
        shelf = _lock(shelf)
        number = (Donation.objects.filter(shelf=shelf).aggregate(m=Max("receipt_number"))["m"] or 0) + 1
        donation = Donation.objects.create(
            shelf=shelf, donor_kind=donor_kind, donor_person=donor_person, donor_name=donor_name,
            received_on=on, note=note[:255], receipt_number=number,
        )
        total = 0
        for fields, copies in cleaned:
            _title, new_copies, _created = _catalogue(shelf, fields, copies, on, donation=donation)
            total += len(new_copies)
        record(actor, "bookshelves.record_donation", donation, unit=shelf.unit, titles=len(cleaned), copies=total)
    return donation


# --- Readers, loans, reading on the spot --------------------------------------------------------

def do_register_reader(actor, shelf: Bookshelf, *, name: str = "", kind: str = ReaderKind.CITIZEN,
                       person: Person | None = None, contact: str = "", on: datetime.date | None = None) -> Reader:
    """Đăng ký bạn đọc (chỉ họ tên và cách liên hệ)."""
    _require_manager(actor, shelf.unit)
    if person is not None:
        kind, name = ReaderKind.MEMBER, person.full_name
        if Reader.objects.filter(shelf=shelf, person=person).exists():
            raise BookshelfError(_("%(p)s đã là bạn đọc của tủ sách này.") % {"p": person})
    name = " ".join((name or "").split())
    if not name:
        raise BookshelfError(_("Hãy nhập họ và tên bạn đọc."))
    if kind not in ReaderKind.values:
        raise BookshelfError(_("Đối tượng bạn đọc không hợp lệ."))
    with transaction.atomic():
        reader = Reader.objects.create(shelf=shelf, kind=kind, person=person, name=name[:150], contact=contact[:150],
                                       registered_on=_today(on))
        record(actor, "bookshelves.register_reader", reader, unit=shelf.unit)
    return reader


def do_lend_copy(actor, copy: Copy, reader: Reader, on: datetime.date | None = None) -> Loan:
    """Cho mượn một bản sách theo quy định mượn của tủ sách."""
    shelf = copy.shelf
    _require_manager(actor, shelf.unit)
    if reader.shelf_id != shelf.pk:
        raise BookshelfError(_("Bạn đọc %(r)s chưa đăng ký ở tủ sách này.") % {"r": reader})
    on = _today(on)
    loan_days, per_reader = selectors.loan_rule(shelf)
    with transaction.atomic():
        copy = Copy.objects.select_for_update().get(pk=copy.pk)
        if copy.status != CopyStatus.AVAILABLE:
            raise BookshelfError(_("Bản %(c)s không có trên giá (%(s)s).") % {"c": copy.code, "s": copy.get_status_display()})
        open_loans = Loan.objects.filter(reader=reader, returned_on__isnull=True).count()
        if open_loans >= per_reader:
            raise BookshelfError(_("%(r)s đang mượn %(n)s bản, đã đủ mức tối đa %(m)s bản.") % {
                "r": reader, "n": open_loans, "m": per_reader})
        try:
            with transaction.atomic():
                loan = Loan.objects.create(shelf=shelf, copy=copy, reader=reader, borrowed_on=on,
                                           due_on=on + datetime.timedelta(days=loan_days))
        except IntegrityError:
            raise BookshelfError(_("Bản %(c)s đang được mượn.") % {"c": copy.code}) from None
        copy.status = CopyStatus.ON_LOAN
        copy.save(update_fields=["status"])
        record(actor, "bookshelves.lend_copy", loan, unit=shelf.unit, copy=copy.code, due=loan.due_on.isoformat())
    return loan


def do_return_loan(actor, loan: Loan, on: datetime.date | None = None, *, damaged: bool = False) -> Loan:
    """Nhận trả sách."""
    _require_manager(actor, loan.shelf.unit)
    on = _today(on)
    with transaction.atomic():
        loan = Loan.objects.select_for_update().select_related("copy").get(pk=loan.pk)
        if loan.returned_on is not None:
            raise BookshelfError(_("Lượt mượn này đã trả ngày %(d)s.") % {"d": loan.returned_on.strftime("%d/%m/%Y")})
        if on < loan.borrowed_on:
            raise BookshelfError(_("Ngày trả không thể trước ngày mượn."))
        loan.returned_on = on
        loan.save(update_fields=["returned_on"])
        loan.copy.status = CopyStatus.DAMAGED if damaged else CopyStatus.AVAILABLE
        loan.copy.save(update_fields=["status"])
        record(actor, "bookshelves.return_loan", loan, unit=loan.shelf.unit, late=on > loan.due_on, damaged=damaged)
    return loan


def do_record_reading(actor, shelf: Bookshelf, *, readers: int, on: datetime.date | None = None, note: str = "") -> OnSiteReading:
    """Ghi số lượt đọc tại chỗ trong một ngày."""
    _require_manager(actor, shelf.unit)
    if readers is None or readers < 1:
        raise BookshelfError(_("Số lượt đọc tại chỗ phải lớn hơn 0."))
    on = _today(on)
    if on > timezone.localdate():
        raise BookshelfError(_("Không ghi lượt đọc cho ngày chưa tới."))
    with transaction.atomic():
        reading = OnSiteReading.objects.create(shelf=shelf, on=on, readers=readers, note=note[:255])
        record(actor, "bookshelves.record_reading", reading, unit=shelf.unit, readers=readers)
    return reading


# --- Stocktake and inspections -----------------------------------------------------------------

def do_record_stocktake(actor, shelf: Bookshelf, *, missing: list[int] = (), damaged: list[int] = (),
                        held_on: datetime.date | None = None, note: str = "") -> Stocktake:
    """Kiểm kê: copies not on loan are on the shelf, except those listed missing or damaged (by number)."""
    _require_manager(actor, shelf.unit)
    missing, damaged = set(missing), set(damaged)
    both = missing & damaged
    if both:
        raise BookshelfError(_("Bản số %(n)s vừa ghi thất lạc vừa ghi hư hỏng.") % {"n": ", ".join(map(str, sorted(both)))})
    with transaction.atomic():
        shelf = _lock(shelf)
        in_stock = Copy.objects.filter(shelf=shelf, status__in=[CopyStatus.AVAILABLE, CopyStatus.ON_LOAN])
        by_number = dict(in_stock.filter(number__in=missing | damaged).values_list("number", "id"))
        unknown = sorted((missing | damaged) - set(by_number))
        if unknown:
            raise BookshelfError(_("Không có bản số %(n)s trong sổ (hoặc bản đã ghi thất lạc, hư hỏng từ trước).") % {
                "n": ", ".join(map(str, unknown))})
        on_loan_ids = set(in_stock.filter(status=CopyStatus.ON_LOAN).values_list("id", flat=True))
        lent_flagged = [n for n in missing | damaged if by_number[n] in on_loan_ids]
        if lent_flagged:
            raise BookshelfError(_("Bản số %(n)s đang cho mượn; hãy nhận trả trước.") % {
                "n": ", ".join(map(str, sorted(lent_flagged)))})
        expected = in_stock.count()
        stocktake = Stocktake.objects.create(
            shelf=shelf, held_on=_today(held_on), expected=expected, on_loan=len(on_loan_ids),
            present=expected - len(on_loan_ids) - len(missing) - len(damaged), missing=len(missing), damaged=len(damaged),
            note=note, recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        StocktakeFinding.objects.bulk_create(
            [StocktakeFinding(stocktake=stocktake, copy_id=by_number[n], finding=CopyStatus.MISSING) for n in missing]
            + [StocktakeFinding(stocktake=stocktake, copy_id=by_number[n], finding=CopyStatus.DAMAGED) for n in damaged]
        )
        Copy.objects.filter(shelf=shelf, number__in=missing).update(status=CopyStatus.MISSING)
        Copy.objects.filter(shelf=shelf, number__in=damaged).update(status=CopyStatus.DAMAGED)
        record(actor, "bookshelves.record_stocktake", stocktake, unit=shelf.unit, missing=len(missing), damaged=len(damaged))
    return stocktake


def do_record_inspection(actor, shelf: Bookshelf, *, inspecting_unit: Unit, condition: str,
                         inspected_on: datetime.date | None = None, problems: str = "", conclusion: str = "",
                         follow_ups: list[tuple[str, datetime.date]] = ()) -> Inspection:
    """Cấp trên kiểm tra tủ sách: the checklist, figures since the last inspection, follow-up tasks."""
    if inspecting_unit.pk == shelf.unit_id or not shelf.unit.is_in_subtree_of(inspecting_unit):
        raise BookshelfError(_("Đơn vị kiểm tra phải là cấp trên của %(u)s.") % {"u": shelf.unit})
    _require_manager(actor, inspecting_unit)
    from .models import Condition

    if condition not in Condition.values:
        raise BookshelfError(_("Hãy chọn tình trạng tủ sách."))
    on = _today(inspected_on)
    follow_ups = [(" ".join(d.split()), due) for d, due in follow_ups if d and d.strip()]
    for description, due in follow_ups:
        if due is None or due < on:
            raise BookshelfError(_("Việc “%(d)s” cần hạn hoàn thành từ ngày kiểm tra trở đi.") % {"d": description})
    start = selectors.inspection_period_start(shelf, on)
    figures = selectors.period_figures(shelf, start, on)
    with transaction.atomic():
        inspection = Inspection.objects.create(
            shelf=shelf, inspecting_unit=inspecting_unit, inspected_on=on, period_start=start, condition=condition,
            titles_added=figures["titles_added"], readers_in_period=figures["readers"], problems=problems,
            conclusion=conclusion, recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        FollowUp.objects.bulk_create(
            [FollowUp(inspection=inspection, description=d[:300], due_on=due) for d, due in follow_ups]
        )
        record(actor, "bookshelves.record_inspection", inspection, unit=shelf.unit,
               inspecting_unit=inspecting_unit.pk, follow_ups=len(follow_ups))
    return inspection


def do_complete_follow_up(actor, follow_up: FollowUp, on: datetime.date | None = None) -> FollowUp:
    """The cell reports a follow-up task done."""
    shelf = follow_up.inspection.shelf
    _require_manager(actor, shelf.unit)
    if follow_up.done_on is not None:
        raise BookshelfError(_("Việc này đã hoàn thành."))
    with transaction.atomic():
        follow_up.done_on = _today(on)
        follow_up.save(update_fields=["done_on"])
        record(actor, "bookshelves.complete_follow_up", follow_up, unit=shelf.unit)
    return follow_up


# --- Campaign targets --------------------------------------------------------------------------

def do_set_target(actor, unit: Unit, *, year: int, measure: str, target: int, note: str = "") -> CampaignTarget:
    """Đặt chỉ tiêu phong trào tủ sách cho một tổ chức (cả cấp dưới)."""
    _require_manager(actor, unit)
    if measure not in TargetMeasure.values:
        raise BookshelfError(_("Chỉ tiêu không có trong danh mục."))
    if not 1990 <= int(year) <= 2100:
        raise BookshelfError(_("Năm %(y)s không hợp lệ.") % {"y": year})
    if int(target) < 1:
        raise BookshelfError(_("Mức phấn đấu phải lớn hơn 0."))
    with transaction.atomic():
        item, _created = CampaignTarget.objects.update_or_create(
            unit=unit, year=year, measure=measure, defaults={"target": target, "note": note[:255]}
        )
        record(actor, "bookshelves.set_target", item, unit=unit, year=year, measure=measure, target=target)
    return item
