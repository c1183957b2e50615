from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from . import scope
from .forms import ThrottledLoginForm
from .models import MANAGING_ROLES, AuditEvent


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def audit_log(request):
    """Nhật ký thay đổi: who changed what and when, in the units the user manages."""
    events = scope.visible(request.user, AuditEvent, kinds=MANAGING_ROLES, include_public=False)
    query = request.GET.get("q", "").strip()
    if query:
        events = events.filter(Q(action__icontains=query) | Q(summary__icontains=query))
    page = Paginator(events.select_related("actor", "unit"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"page": page, "query": query})
