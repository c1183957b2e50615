"""Bookshelf pages: thin views — parse, call a selector or service, render.

Every record is fetched through the scope helper (404 outside the user's subtrees) and every
write is refused (403) unless the user manages the shelf's cell. The public pages (`public_*`)
show only shelves marked public and their catalogue, never readers or loans.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.accounts import scope
from chibo.accounts.models import MANAGING_ROLES
from chibo.members.models import MEMBER_STATUSES, Person
from chibo.orgs.models import Unit

from . import exports, forms, importing, labels, selectors, services
from .models import Bookshelf, Copy, Donation, FollowUp, Loan, LoanRule, ShelfStatus, Subject

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _shelf(request, pk: int, *, manage: bool = False) -> Bookshelf:
    shelf = selectors.get_shelf(request.user, pk, Bookshelf.objects.select_related("unit"))
    if manage and not scope.can_manage(request.user, shelf.unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý tủ sách này."))
    return shelf


def _form_page(request, form, *, title: str, shelf=None, submit: str = "", multipart: bool = False, intro: str = ""):
    return render(request, "bookshelves/form.html", {
        "form": form, "title": title, "shelf": shelf, "submit": submit or _("Lưu"), "multipart": multipart, "intro": intro,
    })


def _run(request, call, success: str):
    """Call a service; on BookshelfError show the message and return None."""
    try:
        result = call()
    except services.BookshelfError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, success)
    return result


def _home(request) -> Unit | None:
    unit_pk = request.GET.get("unit")
    if unit_pk:
        return scope.get_visible(request.user, Unit, pk=unit_pk)
    return scope.home_unit(request.user)


# --- Lists, figures, search ------------------------------------------------------------------------

@login_required
def shelf_list(request):
    unit = _home(request)
    shelves = selectors.visible_shelves(request.user)
    if unit is not None:
        shelves = shelves.filter(unit__path__startswith=unit.path)
    status = request.GET.get("status", "")
    if status in ShelfStatus.values:
        shelves = shelves.filter(status=status)
    page = Paginator(shelves.order_by("unit__path", "name", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "bookshelves/list.html", {
        "unit": unit, "page": page, "status": status, "statuses": ShelfStatus.choices,
        "figures": selectors.subtree_figures(unit) if unit else None,
        "targets": selectors.target_progress(request.user, unit) if unit else [],
        "can_create": selectors.managed_cells(request.user).exists(),
    })


@login_required
def statistics(request, unit_pk: int):
    unit = scope.get_visible(request.user, Unit, pk=unit_pk)
    figures, rows = selectors.statistics(request.user, unit)
    return render(request, "bookshelves/statistics.html", {
        "unit": unit, "figures": figures, "rows": rows,
        "ancestors": [a for a in unit.ancestors() if scope.can_see_unit(request.user, a)],
    })


@login_required
def statistics_export(request, unit_pk: int):
    unit = scope.get_visible(request.user, Unit, pk=unit_pk)
    response = HttpResponse(exports.statistics_workbook(request.user, unit), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="thong-ke-tu-sach-{unit.pk}.xlsx"'
    return response


@login_required
def catalogue_search(request):
    query = request.GET.get("q", "").strip()
    subject = request.GET.get("subject", "")
    subject = subject if subject in Subject.values else ""
    titles = selectors.search_catalogue(request.user, query, subject=subject) if (query or subject) else []
    return render(request, "bookshelves/search.html", {
        "query": query, "subject": subject, "subjects": Subject.choices, "titles": titles,
        "limit": selectors.SEARCH_LIMIT,
    })


@login_required
def overdue(request):
    loans = selectors.overdue_loans(request.user)
    page = Paginator(loans, 100).get_page(request.GET.get("page"))
    return render(request, "bookshelves/overdue.html", {"page": page,
                                                         "follow_ups": selectors.open_follow_ups(request.user)[:100]})


# --- One shelf ---------------------------------------------------------------------------------------

@login_required
def shelf_detail(request, pk: int):
    shelf = _shelf(request, pk)
    query = request.GET.get("q", "").strip()
    titles = selectors.with_copy_counts(selectors.search_catalogue(request.user, query, shelf=shelf, limit=200))
    loan_days, per_reader = selectors.loan_rule(shelf)
    return render(request, "bookshelves/detail.html", {
        "shelf": shelf, "query": query, "titles": titles,
        "figures": selectors.shelf_figures(shelf),
        "can_manage": scope.can_manage(request.user, shelf.unit),
        "can_inspect": any(scope.can_manage(request.user, a) for a in shelf.unit.ancestors()),
        "loan_days": loan_days, "loans_per_reader": per_reader,
        "supporters": shelf.supporters.filter(ended_on__isnull=True).select_related("person__unit"),
        "donations": shelf.donations.all()[:20],
        "open_loans": selectors.open_loans(shelf)[:50],
        "readers": shelf.readers.all()[:50],
        "readings": shelf.readings.all()[:10],
        "stocktakes": shelf.stocktakes.all()[:5],
        "inspections": shelf.inspections.select_related("inspecting_unit").prefetch_related("follow_ups")[:10],
        "photos": shelf.photos.all(),
        "today": timezone.localdate(),
    })


@login_required
def shelf_create(request):
    cells = selectors.managed_cells(request.user)
    unit_pk = request.GET.get("unit") or request.POST.get("unit")
    if not unit_pk:
        if not cells.exists():
            raise PermissionDenied(_("Bạn không quản lý chi bộ nào."))
        chooser = forms.CellChoiceForm(request.GET or None, cells=cells)
        return _form_page(request, chooser, title=_("Lập tủ sách: chọn chi bộ"), submit=_("Tiếp tục"))
    try:
        unit = cells.get(pk=unit_pk)
    except (Unit.DoesNotExist, ValueError):
        raise Http404 from None
    form = forms.ShelfForm(request.POST or None, unit=unit, initial={"name": _("Tủ sách %(u)s") % {"u": unit.name}})
    if request.method == "POST" and form.is_valid():
        shelf = _run(request, lambda: services.do_create_shelf(request.user, unit, **form.cleaned_data),
                     _("Đã lập tủ sách."))
        if shelf:
            return redirect("bookshelves:detail", shelf.pk)
    form.fields["unit"] = forms.forms.IntegerField(widget=forms.forms.HiddenInput, initial=unit.pk)
    return _form_page(request, form, title=_("Lập tủ sách cho %(u)s") % {"u": unit.name})


@login_required
def shelf_edit(request, pk: int):
    shelf = _shelf(request, pk, manage=True)
    form = forms.ShelfForm(request.POST or None, instance=shelf, unit=shelf.unit)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        shelf.refresh_from_db()
        if _run(request, lambda: services.do_update_shelf(request.user, shelf, **data), _("Đã lưu.")):
            return redirect("bookshelves:detail", shelf.pk)
    return _form_page(request, form, title=_("Sửa thông tin tủ sách"), shelf=shelf)


@login_required
def photo_add(request, pk: int):
    shelf = _shelf(request, pk, manage=True)
    form = forms.PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.do_add_shelf_photo(request.user, shelf, **form.cleaned_data), _("Đã thêm ảnh.")):
            return redirect("bookshelves:detail", shelf.pk)
    return _form_page(request, form, title=_("Thêm ảnh tủ sách"), shelf=shelf, multipart=True)


@login_required
def title_add(request, pk: int):
    shelf = _shelf(request, pk, manage=True)
    form = forms.TitleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.do_add_title(request.user, shelf, **form.cleaned_data), _("Đã nhập vào danh mục.")):
            return redirect("bookshelves:detail", shelf.pk)
    return _form_page(request, form, title=_("Nhập đầu sách"), shelf=shelf)


@login_required
def import_template(request):
    response = HttpResponse(importing.template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-muc-tu-sach.xlsx"'
    return response


@login_required
def catalogue_import(request, pk: int):
    shelf = _shelf(request, pk, manage=True)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = importing.import_catalogue(request.user, shelf, form.cleaned_data["file"].read())
        except importing.ImportFailed as failed:
            report = failed.report
            messages.error(request, _("Không nhập được: %(n)s dòng có lỗi. Chưa có dòng nào được lưu.") % {"n": len(report.errors)})
        else:
            messages.success(request, _("Đã nhập %(t)s đầu sách mới, %(c)s bản sách.") % {
                "t": report.titles_created, "c": report.copies_created})
    return render(request, "bookshelves/import.html", {"shelf": shelf, "form": form, "report": report})


@login_required
def catalogue_export(request, pk: int):
    shelf = _shelf(request, pk)
    response = HttpResponse(exports.catalogue_workbook(shelf), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="danh-muc-tu-sach-{shelf.pk}.xlsx"'
    return response


@login_required
def copy_labels(request, pk: int):
    shelf = _shelf(request, pk)
    copies = shelf.copies.select_related("title").filter(status__in=["available", "on_loan"]).order_by("number")
    title_pk = request.GET.get("title")
    if title_pk and title_pk.isdigit():
        copies = copies.filter(title_id=title_pk)
    first, last = request.GET.get("from", ""), request.GET.get("to", "")
    if first.isdigit():
        copies = copies.filter(number__gte=int(first))
    if last.isdigit():
        copies = copies.filter(number__lte=int(last))
    copies = list(copies[:400])
    base = request.build_absolute_uri(reverse("bookshelves:loan_add", args=[shelf.pk]))
    return render(request, "bookshelves/labels.html", {
        "shelf": shelf, "labels": [(c, labels.qr_svg(f"{base}?ban={c.number}")) for c in copies],
    })


# --- Donations and supporters -----------------------------------------------------------------------

def _donor_people(shelf: Bookshelf):
    supporters = shelf.supporters.filter(ended_on__isnull=True).values("person_id")
    return Person.objects.filter(Q(unit=shelf.unit, status__in=MEMBER_STATUSES) | Q(pk__in=supporters)).order_by("name_folded")


@login_required
def donation_add(request, pk: int):
    shelf = _shelf(request, pk, manage=True)
    form = forms.DonationForm(request.POST or None, people=_donor_people(shelf))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        donation = _run(request, lambda: services.do_record_donation(
            request.user, shelf, donor_kind=data["donor_kind"], donor_person=data["donor_person"],
            donor_name=data["donor_name"], received_on=data["received_on"], note=data["note"], items=data["items"],
        ), _("Đã ghi nhận sách được tặng."))
        if donation:
            return redirect("bookshelves:receipt", donation.pk)
    return _form_page(request, form, title=_("Ghi nhận sách được tặng"), shelf=shelf)


@login_required
def receipt(request, pk: int):
    donation = scope.get_visible(request.user, Donation.objects.select_related("shelf__unit"), pk=pk)
    titles = (donation.copies.values("title__title", "title__author").order_by("title__search_key", "title__title")
              .annotate(n=Count("id")))
    return render(request, "bookshelves/receipt.html", {"donation": donation, "shelf": donation.shelf, "titles": titles})


# --- Readers, loans, reading on the spot ------------------------------------------------------------

@login_required
def reader_add(request, pk: int):
    shelf = _shelf(request, pk, manage=True)
    form = forms.ReaderForm(request.POST or None, people=_donor_people(shelf))
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.do_register_reader(request.user, shelf, **form.cleaned_data), _("Đã đăng ký bạn đọc.")):
            return redirect("bookshelves:detail", shelf.pk)
    return _form_page(request, form, title=_("Đăng ký bạn đọc"), shelf=shelf)


@login_required
def loan_add(request, pk: int):
    shelf = _shelf(request, pk, manage=True)
    initial = {"copy_number": request.GET.get("ban")} if request.GET.get("ban", "").isdigit() else {}
    form = forms.LoanForm(request.POST or None, readers=shelf.readers.all(), initial=initial)
    if request.method == "POST" and form.is_valid():
        copy = Copy.objects.select_related("shelf__unit").filter(shelf=shelf, number=form.cleaned_data["copy_number"]).first()
        if copy is None:
            messages.error(request, _("Tủ sách không có bản số %(n)s.") % {"n": form.cleaned_data["copy_number"]})
        elif _run(request, lambda: services.do_lend_copy(request.user, copy, form.cleaned_data["reader"],
                                                         on=form.cleaned_data["borrowed_on"]), _("Đã cho mượn.")):
            return redirect("bookshelves:detail", shelf.pk)
    return _form_page(request, form, title=_("Cho mượn sách"), shelf=shelf)


@login_required
def loan_return(request, pk: int):
    loan = scope.get_visible(request.user, Loan.objects.select_related("shelf__unit", "copy__title", "reader"), pk=pk)
    if not scope.can_manage(request.user, loan.shelf.unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý tủ sách này."))
    form = forms.ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.do_return_loan(request.user, loan, form.cleaned_data["returned_on"],
                                                         damaged=form.cleaned_data["damaged"]), _("Đã nhận trả sách.")):
            return redirect("bookshelves:detail", loan.shelf_id)
    intro = _("%(t)s (bản %(c)s), %(r)s mượn ngày %(d)s.") % {
        "t": loan.copy.title, "c": loan.copy.code, "r": loan.reader, "d": loan.borrowed_on.strftime("%d/%m/%Y")}
    return _form_page(request, form, title=_("Nhận trả sách"), shelf=loan.shelf, intro=intro)


@login_required
def reading_add(request, pk: int):
    shelf = _shelf(request, pk, manage=True)
    form = forms.ReadingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.do_record_reading(request.user, shelf, **form.cleaned_data), _("Đã ghi lượt đọc.")):
            return redirect("bookshelves:detail", shelf.pk)
    return _form_page(request, form, title=_("Ghi lượt đọc tại chỗ"), shelf=shelf)


# --- Stocktake, inspection, follow-ups ----------------------------------------------------------------

@login_required
def stocktake(request, pk: int):
    shelf = _shelf(request, pk, manage=True)
    form = forms.StocktakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.do_record_stocktake(request.user, shelf, **form.cleaned_data), _("Đã ghi kết quả kiểm kê.")):
            return redirect("bookshelves:detail", shelf.pk)
    return _form_page(request, form, title=_("Kiểm kê tủ sách"), shelf=shelf,
                      intro=_("Các bản không ghi thất lạc hay hư hỏng được tính là có trên giá (trừ bản đang cho mượn)."))


@login_required
def inspection_add(request, pk: int):
    shelf = _shelf(request, pk)
    units = Unit.objects.filter(path__in=shelf.unit.ancestor_paths())
    units = units.filter(pk__in=[u.pk for u in units if scope.can_manage(request.user, u)])
    if not units.exists():
        raise PermissionDenied(_("Chỉ cấp ủy cấp trên của chi bộ mới kiểm tra tủ sách."))
    form = forms.InspectionForm(request.POST or None, units=units, initial={"inspecting_unit": units.order_by("-depth").first()})
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.do_record_inspection(request.user, shelf, **form.cleaned_data), _("Đã ghi kết quả kiểm tra.")):
            return redirect("bookshelves:detail", shelf.pk)
    return _form_page(request, form, title=_("Kiểm tra, khảo sát tủ sách"), shelf=shelf)


@login_required
@require_POST
def follow_up_done(request, pk: int):
    follow_up = scope.get_visible(request.user, FollowUp.objects.select_related("inspection__shelf__unit"), pk=pk)
    if not scope.can_manage(request.user, follow_up.inspection.shelf.unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý tủ sách này."))
    _run(request, lambda: services.do_complete_follow_up(request.user, follow_up), _("Đã ghi hoàn thành."))
    return redirect("bookshelves:detail", follow_up.inspection.shelf_id)


# --- Unit settings: targets and the loan rule ------------------------------------------------------

@login_required
def targets(request, unit_pk: int):
    unit = scope.get_visible(request.user, Unit, pk=unit_pk)
    can_manage = scope.can_manage(request.user, unit)
    form = forms.TargetForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Bạn không có quyền đặt chỉ tiêu cho tổ chức này."))
        if form.is_valid() and _run(request, lambda: services.do_set_target(request.user, unit, **form.cleaned_data),
                                    _("Đã lưu chỉ tiêu.")):
            return redirect("bookshelves:targets", unit.pk)
    return render(request, "bookshelves/targets.html", {
        "unit": unit, "form": form if can_manage else None, "rows": selectors.target_progress(request.user, unit),
    })


@login_required
def loan_rule(request, unit_pk: int):
    unit = scope.get_visible(request.user, Unit, pk=unit_pk)
    if not scope.can_manage(request.user, unit, MANAGING_ROLES):
        raise PermissionDenied(_("Bạn không có quyền đặt quy định mượn cho tổ chức này."))
    rule = LoanRule.objects.filter(unit=unit).first()
    initial = {"loan_days": rule.loan_days, "loans_per_reader": rule.loans_per_reader} if rule else {
        "loan_days": 14, "loans_per_reader": 2}
    form = forms.LoanRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.do_set_loan_rule(request.user, unit, **form.cleaned_data), _("Đã lưu quy định mượn.")):
            return redirect("bookshelves:list")
    return _form_page(request, form, title=_("Quy định mượn sách mặc định của %(u)s") % {"u": unit.name},
                      intro=_("Áp dụng cho mọi tủ sách trong tổ chức, trừ tủ sách có quy định riêng."))


# --- A member's own pages and the public pages -----------------------------------------------------

@login_required
def mine(request):
    return render(request, "bookshelves/mine.html", {
        "supports": selectors.my_supports(request.user),
        "shelves": selectors.shelves_for_member(request.user),
        "person": getattr(request.user, "person", None),
    })


def _public_shelf(pk: int) -> Bookshelf:
    try:
        return selectors.public_shelves().get(pk=pk)
    except Bookshelf.DoesNotExist:
        raise Http404 from None


def public_shelf(request, pk: int):
    """Trang công khai của tủ sách, on its committee's portal: where and when it is open and its
    searchable catalogue. Never readers, loans, donors or supporters."""
    shelf = _public_shelf(pk)
    query = request.GET.get("q", "").strip()
    titles = selectors.with_copy_counts(selectors.search_catalogue(None, query, shelf=shelf, limit=100, public=True))
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    supporting = person is not None and shelf.supporters.filter(person=person, ended_on__isnull=True).exists()
    return render(request, "bookshelves/public.html", {
        "shelf": shelf, "catalogue_query": query, "titles": titles, "photos": shelf.photos.all(),
        "person": person, "supporting": supporting, "support_form": forms.SupportForm(),
        "title_count": shelf.titles.count(), "home": selectors.portal_home(shelf.unit),
    })


def public_unit_shelves(request, unit_pk: int):
    """Tủ sách chi bộ of a committee, on its portal: public shelves of its subtree (404 if none)."""
    unit = Unit.objects.filter(pk=unit_pk).first()
    shelves = selectors.public_shelves_under(unit) if unit is not None else Bookshelf.objects.none()
    page = Paginator(shelves, 100).get_page(request.GET.get("page"))
    if not page.object_list:
        raise Http404
    return render(request, "bookshelves/public_list.html", {
        "unit": unit, "page": page, "home": selectors.portal_home(unit),
    })


@login_required
@require_POST
def public_support(request, pk: int):
    """A logged-in member registers to support this (public) shelf, usually where they live."""
    shelf = _public_shelf(pk)
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Tài khoản của bạn chưa gắn với hồ sơ đảng viên."))
    form = forms.SupportForm(request.POST)
    pledge = form.cleaned_data["pledge"] if form.is_valid() else ""
    _run(request, lambda: services.do_register_supporter(request.user, shelf, person, pledge=pledge),
         _("Cảm ơn đồng chí đã đăng ký tham gia xây dựng tủ sách."))
    return redirect("bookshelves:public", shelf.pk)
