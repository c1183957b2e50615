"""Computed indicators for the reporting module: attendance at meetings, counted by the check-in.

Registered on import (the reporting app imports `chibo.<app>.reporting`); the figures come from
`selectors.regular_meeting_figures` and `selectors.held_activity_figures`, the same source as the
activities pages, so a report shows what the roll call recorded, never a second typing.

The attendance rate is a ratio computed over each unit's whole subtree: give its indicator an
aggregation that does not add ratios up (average, or none) in a report form.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from chibo.reporting import computed

from .selectors import held_activity_figures, regular_meeting_figures


def attendance_rate(units, period) -> dict[int, Decimal]:
    """Tỷ lệ đảng viên dự sinh hoạt chi bộ thường kỳ (%), over the period, per subtree."""
    figures = regular_meeting_figures(units, period.start, period.end)
    return {
        pk: (Decimal(f["present"] * 100) / Decimal(f["expected"])).quantize(Decimal("0.1"), ROUND_HALF_UP)
        for pk, f in figures.items() if f["expected"]
    }


def regular_meetings(units, period) -> dict[int, int]:
    """Số buổi sinh hoạt chi bộ thường kỳ đã tổ chức."""
    return {pk: f["meetings"] for pk, f in regular_meeting_figures(units, period.start, period.end).items()}


def members_attending(units, period) -> dict[int, int]:
    """Lượt đảng viên dự sinh hoạt thường kỳ."""
    return {pk: f["present"] for pk, f in regular_meeting_figures(units, period.start, period.end).items()}


def _held(name):
    def figure(units, period) -> dict[int, int]:
        return {pk: f[name] for pk, f in held_activity_figures(units, period.start, period.end).items()}

    figure.__doc__ = f"Activities of every kind held in the period: {name}, per subtree."
    return figure


computed.register("activities.attendance_rate", _("Tỷ lệ đảng viên dự sinh hoạt thường kỳ (%)"), attendance_rate)
computed.register("activities.regular_meetings", _("Số buổi sinh hoạt chi bộ thường kỳ"), regular_meetings)
computed.register("activities.members_attending", _("Lượt đảng viên dự sinh hoạt thường kỳ"), members_attending)
computed.register("activities.held", _("Số hoạt động đã tổ chức (mọi loại)"), _held("activities"))
computed.register("activities.members_present", _("Lượt đảng viên tham dự hoạt động"), _held("members_present"))
computed.register("activities.sympathisers_present", _("Lượt cảm tình đảng, quần chúng tham dự hoạt động"),
                  _held("sympathisers_present"))
computed.register("activities.guests_present", _("Lượt khách mời tham dự hoạt động"), _held("guests_present"))
computed.register("activities.contributions", _("Số lượt ý kiến phát biểu tại các hoạt động"), _held("contributions"))
