"""Tree browser, unit search and unit pages: thin views over selectors and the scope helper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.accounts import scope
from chibo.members.selectors import people_of_unit, staff_of_unit

from . import forms, selectors, services
from .models import Unit


@login_required
def tree(request):
    """Cây tổ chức: the roots of the user's scope, expandable; a search box over names."""
    query = request.GET.get("q", "").strip()
    roots = scope.role_units(request.user) or list(Unit.get_root_nodes())[:1]
    context = {"query": query, "roots": roots}
    if len(roots) == 1:  # one root: open it, so the first click goes somewhere
        context["open_pk"] = roots[0].pk
        context["open_children"] = selectors.children_with_counts(request.user, roots[0])
    if query:
        context["results"] = selectors.search_units(request.user, query)
    template = "orgs/_search_results.html" if request.htmx and query else "orgs/tree.html"
    return render(request, template, context)


@login_required
def children(request, pk: int):
    """The children of one unit, as a fragment for the tree browser."""
    unit = scope.get_visible(request.user, Unit, pk=pk)
    return render(request, "orgs/_children.html", {"unit": unit, "children": selectors.children_with_counts(request.user, unit)})


@login_required
def unit_detail(request, pk: int):
    unit = scope.get_visible(request.user, Unit, pk=pk)
    ancestors = [a for a in unit.ancestors() if scope.can_see_unit(request.user, a)]
    people = Paginator(people_of_unit(request.user, unit), 50).get_page(request.GET.get("page"))
    return render(request, "orgs/unit_detail.html", {
        "unit": unit,
        "ancestors": ancestors,
        "children": selectors.children_with_counts(request.user, unit),
        "people": people,
        "staff": staff_of_unit(request.user, unit),
        "stats": selectors.subtree_stats(unit),
        "events": unit.events.select_related("old_parent", "new_parent", "successor"),
        "can_manage": scope.can_manage(request.user, unit),
    })


CHANGES = {
    "add_child": (forms.ChildUnitForm, gettext_lazy("Thêm tổ chức trực thuộc")),
    "rename": (forms.RenameForm, gettext_lazy("Đổi tên")),
    "move": (forms.MoveForm, gettext_lazy("Chuyển trực thuộc")),
    "merge": (forms.MergeForm, gettext_lazy("Hợp nhất vào tổ chức khác")),
    "dissolve": (forms.DissolveForm, gettext_lazy("Giải thể, kết thúc hoạt động")),
}


def _apply(change: str, unit: Unit, data: dict, actor) -> Unit:
    if change == "add_child":
        return services.do_create_unit(unit, actor=actor, **data)
    if change == "rename":
        return services.do_rename_unit(unit, actor=actor, **data)
    if change == "move":
        return services.do_move_unit(unit, data["target"], on=data["on"], note=data["note"], actor=actor)
    if change == "merge":
        return services.do_merge_units([unit], data["target"], on=data["on"], note=data["note"], actor=actor)
    return services.do_dissolve_unit(unit, on=data["on"], children_to=data["target"], note=data["note"], actor=actor)


@login_required
def unit_change(request, pk: int, change: str):
    """One change to the tree, through the orgs services (history kept, audited)."""
    unit = scope.get_visible(request.user, Unit, pk=pk)
    if not scope.can_manage(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền thay đổi tổ chức này."))
    form_class, title = CHANGES[change]
    kwargs = {} if form_class in (forms.ChildUnitForm, forms.RenameForm) else {"user": request.user}
    initial = {"name": unit.name, "short_name": unit.short_name, "code": unit.code} if change == "rename" else None
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            result = _apply(change, unit, form.cleaned_data, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu: %(what)s.") % {"what": title})
            return redirect("orgs:unit", pk=result.pk if change == "add_child" else unit.pk)
    return render(request, "orgs/unit_change.html", {"unit": unit, "form": form, "title": title, "change": change})
