"""Member list, member page and the Excel import: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import importing, selectors
from .forms import ImportForm
from .models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def member_list(request):
    query = request.GET.get("q", "").strip()
    people = selectors.search_people(request.user, query) if query else selectors.visible_people(request.user).select_related("unit")
    page = Paginator(people.order_by("name_folded", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "members/list.html", {"page": page, "query": query})


@login_required
def member_detail(request, pk: int):
    person = scope.get_visible(request.user, Person.objects.select_related("unit"), pk=pk)
    return render(request, "members/detail.html", {
        "person": person,
        "positions": person.positions.select_related("unit"),
        "residences": person.residence_registrations.select_related("unit"),
        "ancestors": [a for a in person.unit.ancestors() if scope.can_see_unit(request.user, a)],
    })


@login_required
def import_template(request):
    response = HttpResponse(importing.workbook_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-to-chuc-dang-vien.xlsx"'
    return response


@login_required
def import_workbook(request, unit_pk: int):
    """Nhập tổ chức và đảng viên từ Excel vào một tổ chức trong phạm vi quản lý."""
    unit = scope.get_visible(request.user, Unit, pk=unit_pk)
    if not scope.can_manage(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền nhập dữ liệu cho tổ chức này."))
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            report = importing.import_workbook(data, root=unit, actor=request.user, dry_run=form.cleaned_data["dry_run"])
        except importing.ImportFailed as failed:
            report = failed.report
            messages.error(request, _("Không nhập được: có lỗi hoặc bản ghi trùng. Chưa có dữ liệu nào được lưu."))
        else:
            verb = _("Kiểm tra xong (chưa lưu)") if form.cleaned_data["dry_run"] else _("Đã nhập")
            messages.success(request, _("%(verb)s: %(u)s tổ chức, %(p)s người.") % {
                "verb": verb, "u": report.units_created, "p": report.people_created})
    return render(request, "members/import.html", {"unit": unit, "form": form, "report": report})
