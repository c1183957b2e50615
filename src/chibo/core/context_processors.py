from django.conf import settings

from chibo.accounts import scope
from chibo.core import navigation


def chibo(request):
    user = getattr(request, "user", None)
    return {
        "site_name": "Chi bộ số",
        "home_unit": scope.home_unit(user) if user is not None and user.is_authenticated else None,
        "nav_entries": navigation.entries(user) if user is not None and user.is_authenticated else [],
        "internet_facing": settings.CHIBO_NETWORK != "internal",
    }
