"""JSON API of bookshelves: shelves, catalogue search, figures and loans, all through the scope helper."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import selectors, services
from .models import Bookshelf, Copy, Loan, Reader

router = Router()


class ShelfOut(Schema):
    id: int
    name: str
    unit_id: int
    place: str
    opening_hours: str
    status: str
    opened_on: datetime.date | None
    campaign_year: int | None
    is_public: bool


class TitleOut(Schema):
    id: int
    shelf_id: int
    kind: str
    title: str
    author: str
    publisher: str
    year: int | None
    isbn: str
    subject: str


class FiguresOut(Schema):
    unit_id: int
    shelves: int
    active_shelves: int
    titles: int
    copies: int
    copies_lost: int
    loans: int
    open_loans: int
    overdue_loans: int
    donations: int
    readers: int
    supporters: int
    on_site_readings: int


class LoanOut(Schema):
    id: int
    shelf_id: int
    copy_code: str
    title: str
    reader_id: int
    borrowed_on: datetime.date
    due_on: datetime.date
    returned_on: datetime.date | None

    @staticmethod
    def resolve_copy_code(obj):
        return obj.copy.code

    @staticmethod
    def resolve_title(obj):
        return obj.copy.title.title


class LoanIn(Schema):
    copy_number: int
    reader_id: int
    borrowed_on: datetime.date | None = None


class ErrorOut(Schema):
    detail: str


@router.get("/shelves", response=list[ShelfOut], url_name="bookshelves_shelves")
def list_shelves(request, unit: int | None = None, limit: int = 100, offset: int = 0):
    limit = max(1, min(limit, 500))
    shelves = selectors.visible_shelves(request.user)
    if unit is not None:
        root = scope.get_visible(request.user, Unit, pk=unit)
        shelves = shelves.filter(unit__path__startswith=root.path)
    return list(shelves.order_by("id")[offset : offset + limit])


@router.get("/shelves/{shelf_id}", response=ShelfOut, url_name="bookshelves_shelf")
def get_shelf(request, shelf_id: int):
    return selectors.get_shelf(request.user, shelf_id)


@router.get("/titles", response=list[TitleOut], url_name="bookshelves_titles")
def search_titles(request, q: str = "", shelf: int | None = None, subject: str = "", limit: int = 50):
    """Catalogue search (diacritic-insensitive), bounded to `limit` (at most 200) results."""
    limit = max(1, min(limit, 200))
    target = selectors.get_shelf(request.user, shelf) if shelf is not None else None
    return list(selectors.search_catalogue(request.user, q, shelf=target, subject=subject, limit=limit))


@router.get("/figures/{unit_id}", response=FiguresOut, url_name="bookshelves_figures")
def unit_figures(request, unit_id: int):
    unit = scope.get_visible(request.user, Unit, pk=unit_id)
    return {"unit_id": unit.pk, **selectors.unit_figures(request.user, unit)}


@router.get("/loans/overdue", response=list[LoanOut], url_name="bookshelves_overdue")
def overdue_loans(request, limit: int = 100, offset: int = 0):
    limit = max(1, min(limit, 500))
    return list(selectors.overdue_loans(request.user)[offset : offset + limit])


@router.post("/shelves/{shelf_id}/loans", response={201: LoanOut, 400: ErrorOut}, url_name="bookshelves_lend")
def lend(request, shelf_id: int, payload: LoanIn):
    shelf = selectors.get_shelf(request.user, shelf_id, Bookshelf.objects.select_related("unit"))
    if not scope.can_manage(request.user, shelf.unit):
        raise HttpError(403, _("Bạn không có quyền quản lý tủ sách này."))
    copy = Copy.objects.select_related("shelf__unit").filter(shelf=shelf, number=payload.copy_number).first()
    reader = Reader.objects.filter(shelf=shelf, pk=payload.reader_id).first()
    if copy is None or reader is None:
        return Status(400, {"detail": _("Không có bản sách hoặc bạn đọc này trong tủ sách.")})
    try:
        loan = services.do_lend_copy(request.user, copy, reader, on=payload.borrowed_on)
    except services.BookshelfError as exc:
        return Status(400, {"detail": str(exc)})
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    return Status(201, loan)


@router.post("/loans/{loan_id}/return", response={200: LoanOut, 400: ErrorOut}, url_name="bookshelves_return")
def return_loan(request, loan_id: int):
    loan = scope.get_visible(request.user, Loan.objects.select_related("shelf__unit", "copy__title"), pk=loan_id)
    if not scope.can_manage(request.user, loan.shelf.unit):
        raise HttpError(403, _("Bạn không có quyền quản lý tủ sách này."))
    try:
        return Status(200, services.do_return_loan(request.user, loan))
    except services.BookshelfError as exc:
        return Status(400, {"detail": str(exc)})
