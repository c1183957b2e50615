from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuditEvent, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(User)
class ChiboUserAdmin(UserAdmin):
    inlines = [RoleInline]
    raw_id_fields = ["person"]
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ["person"]}),)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "unit", "summary"]
    list_filter = ["action"]
    raw_id_fields = ["actor", "unit"]


def _superusers_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


# Django admin is for superusers only; staff work happens in the staff pages.
admin.site.has_permission = _superusers_only
