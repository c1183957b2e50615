from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import services


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class ThrottledLoginForm(AuthenticationForm):
    """The login form; after repeated failures it refuses to check passwords for a while."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "throttled": _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."),
    }

    def clean(self):
        username = (self.data.get("username") or "").strip()
        ip = client_ip(self.request) if self.request else None
        if username and services.login_blocked(username, ip):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.note_login_failure(username, ip)
            raise
        services.clear_login_failures(username)
        return cleaned
