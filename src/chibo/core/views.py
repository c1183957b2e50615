"""The dashboard and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from chibo.accounts import scope
from chibo.core import navigation
from chibo.core.dashboard import dashboard_panels
from chibo.orgs.selectors import children_with_counts, subtree_stats


@login_required
def dashboard(request):
    """Bảng điều khiển: the user's highest unit, its figures and what each app reports.

    A member with no office role opens on their own space (Góc đảng viên) instead.
    """
    if navigation.member_only(request.user):
        return redirect("me:home")
    unit = scope.home_unit(request.user)
    context = {"unit": unit}
    if unit is not None:
        context |= {
            "stats": subtree_stats(unit),
            "children": children_with_counts(request.user, unit)[:50],
            "panels": dashboard_panels(request, unit),
        }
    return render(request, "core/dashboard.html", context)


@require_GET
def healthz(request):
    """For the load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if request.GET.get("format") == "json":
        return JsonResponse({"status": "ok"})
    return HttpResponse("ok", content_type="text/plain")
