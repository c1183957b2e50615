from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookshelvesConfig(AppConfig):
    name = "chibo.bookshelves"
    verbose_name = _("Tủ sách chi bộ")

    def ready(self):
        from . import signals  # noqa: F401
