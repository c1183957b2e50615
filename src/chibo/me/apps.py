from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeConfig(AppConfig):
    """Góc đảng viên: a member's own space on the phone."""

    name = "chibo.me"
    label = "me"
    verbose_name = _("Góc đảng viên")
