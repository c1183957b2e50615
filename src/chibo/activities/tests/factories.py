"""Builders for the activities tests."""

import datetime

from chibo.activities import services
from chibo.activities.models import ActivityKind
from chibo.core.testing import make_person
from chibo.members.models import PersonStatus


def regular_meeting(actor, cell, on=datetime.date(2025, 3, 5), **fields):
    fields.setdefault("starts_at", datetime.time(14, 0))
    return services.do_create_activity(actor, cell, kind=ActivityKind.REGULAR, topic=fields.pop("topic", "Sinh hoạt tháng"),
                                       on=on, **fields)


def sympathiser(cell, name="Trần Thị Cảm"):
    return make_person(cell, name, status=PersonStatus.SYMPATHISER, joined_on=None)
