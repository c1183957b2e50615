from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "chibo.reporting"
    verbose_name = _("Báo cáo số liệu")

    def ready(self):
        from django.apps import apps

        from . import computed

        computed.autodiscover(
            config.name.split(".", 1)[1] for config in apps.get_app_configs() if config.name.startswith("chibo.")
        )
