"""Support for the bookshelf where a member lives, as evidence for the yearly grading."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Donation, Supporter


def for_people(person_ids, year: int) -> dict[int, list[tuple[str, str]]]:
    """Shelves a member supported during the year and the gifts they made to them."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    result: dict[int, list[tuple[str, str]]] = {}
    supports = (
        Supporter.objects.filter(person_id__in=person_ids, registered_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("person_id", "shelf__name")
    )
    for person_id, shelf in supports:
        result.setdefault(person_id, []).append((_("Tham gia tủ sách nơi cư trú"), shelf))
    gifts: dict[int, int] = {}
    for person_id in Donation.objects.filter(donor_person_id__in=person_ids, received_on__range=(start, end)) \
            .values_list("donor_person_id", flat=True):
        gifts[person_id] = gifts.get(person_id, 0) + 1
    for person_id, count in gifts.items():
        result.setdefault(person_id, []).append((_("Lần tặng sách cho tủ sách"), str(count)))
    return result
