"""Today's date for deadlines, in the product's timezone (one place, so tests can move time)."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()
