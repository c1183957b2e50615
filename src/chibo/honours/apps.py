from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "chibo.honours"
    verbose_name = _("Điển hình, mô hình")
