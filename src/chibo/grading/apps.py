from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradingConfig(AppConfig):
    name = "chibo.grading"
    verbose_name = _("Đánh giá, xếp loại chất lượng")
