"""Exemplary models: the staff register and the public pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.accounts import scope
from chibo.orgs.models import Unit
from chibo.portal.selectors import site_home_for

from . import selectors, services
from .forms import ExemplaryModelForm, PhotoForm
from .models import ExemplaryModel


@login_required
def model_list(request):
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.visible_models(request.user, query), 50).get_page(request.GET.get("page"))
    home = scope.home_unit(request.user)
    return render(request, "honours/list.html", {"page": page, "query": query, "home": home,
                                                  "can_add": home is not None and scope.can_manage(request.user, home)})


@login_required
def model_create(request, unit_pk: int):
    unit = scope.get_visible(request.user, Unit, pk=unit_pk)
    if not scope.can_manage(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận điển hình cho tổ chức này."))
    form = ExemplaryModelForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        model = services.do_record_exemplary_model(unit, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Đã ghi nhận điển hình “%(name)s”.") % {"name": model.name})
        return redirect("honours:detail", pk=model.pk)
    return render(request, "honours/form.html", {"form": form, "unit": unit})


@login_required
def model_detail(request, pk: int):
    model = scope.get_visible(request.user, ExemplaryModel.objects.select_related("unit", "decision_document"),
                               include_public=False, pk=pk)
    return render(request, "honours/detail.html", {"m": model, "photos": model.photos.all(),
                                                    "can_manage": scope.can_manage(request.user, model.unit)})


@login_required
def photo_add(request, pk: int):
    """Thêm ảnh: for those who manage the model's unit."""
    model = scope.get_visible(request.user, ExemplaryModel.objects.select_related("unit"), include_public=False, pk=pk)
    if not scope.can_manage(request.user, model.unit):
        raise PermissionDenied(_("Bạn không có quyền thêm ảnh cho điển hình này."))
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.do_add_exemplary_photo(model, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Đã thêm ảnh."))
        return redirect("honours:detail", pk=model.pk)
    return render(request, "honours/photo_form.html", {"form": form, "m": model})


@login_required
@require_POST
def model_publish(request, pk: int):
    model = scope.get_visible(request.user, ExemplaryModel, include_public=False, pk=pk)
    services.do_set_published(model, request.POST.get("published") == "1", actor=request.user)
    return redirect("honours:detail", pk=pk)


def public_list(request, unit_pk: int):
    """Điển hình của một cấp ủy trên cổng thông tin: only published models."""
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.public_models(unit, query), 20).get_page(request.GET.get("page"))
    return render(request, "honours/public_list.html", {
        "unit": unit, "page": page, "query": query, "home": site_home_for(unit),
    })


def public_detail(request, pk: int):
    """One published model, on the site of its committee; its decision is linked only when public."""
    model = scope.get_visible(None, ExemplaryModel.objects.select_related("unit"), pk=pk)
    home = site_home_for(model.unit)
    return render(request, "honours/public_detail.html", {
        "m": model, "home": home, "list_unit": home.unit if home is not None else model.unit,
        "decision": selectors.public_decision(model), "photos": model.photos.all(),
    })
