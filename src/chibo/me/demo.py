"""Demo of the member's space: the demo member's cell meets today, with documents sent ahead.

The demo member (`demo_dangvien`) lands on a populated home: today's meeting of their cell with
its agenda, two documents to read (one already read by a fellow member, as the secretary's view
shows), the cell's open tasks, their attendance this year and the bookshelf where they live.
"""

import datetime

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from chibo.activities import services as activity_services
from chibo.activities.models import Activity, ActivityKind, ActivityStatus, AttachmentKind
from chibo.bookshelves import services as shelf_services
from chibo.bookshelves.models import Bookshelf, ShelfStatus
from chibo.members.models import MEMBER_STATUSES, Person

from .models import ReadReceipt

AGENDA = (
    "1. Thông báo tình hình thời sự, nhiệm vụ của địa phương.\n"
    "2. Đánh giá kết quả thực hiện nhiệm vụ tháng trước.\n"
    "3. Sinh hoạt chuyên đề: nâng cao chất lượng sinh hoạt chi bộ.\n"
    "4. Triển khai nhiệm vụ tháng tới; phân công đảng viên."
)
READINGS = [
    ("Đề cương sinh hoạt chuyên đề tháng", "de-cuong-sinh-hoat.txt",
     "ĐỀ CƯƠNG SINH HOẠT CHUYÊN ĐỀ\n\nNâng cao chất lượng sinh hoạt chi bộ\n\n"
     "I. Mục đích, yêu cầu\n1. Đảng viên nắm vững nội dung sinh hoạt chi bộ theo hướng dẫn của cấp trên.\n"
     "2. Mỗi đảng viên chuẩn bị ý kiến phát biểu về việc thực hiện nhiệm vụ được phân công.\n\n"
     "II. Nội dung thảo luận\n1. Những việc chi bộ đã làm tốt, những việc còn hạn chế.\n"
     "2. Giải pháp nâng cao tính lãnh đạo, tính giáo dục, tính chiến đấu của chi bộ.\n"
     "3. Trách nhiệm nêu gương của đảng viên nơi cư trú.\n"),
    ("Hướng dẫn đánh giá, xếp loại chất lượng đảng viên cuối năm", "huong-dan-danh-gia.txt",
     "HƯỚNG DẪN (trích)\n\nĐánh giá, xếp loại chất lượng đảng viên hằng năm theo bốn mức: "
     "Hoàn thành xuất sắc nhiệm vụ; Hoàn thành tốt nhiệm vụ; Hoàn thành nhiệm vụ; Không hoàn thành nhiệm vụ.\n"
     "Đảng viên tự đánh giá, chi bộ đề xuất, cấp ủy cấp trên quyết định.\n"),
]


def _meeting_today(ctx, cell, actor) -> Activity:
    """The cell's meeting today (made if the activities demo has none), so the demo can check in."""
    today = ctx.today
    activity = (
        Activity.objects.filter(unit=cell, on__gte=today, status=ActivityStatus.PLANNED)
        .order_by("on", "starts_at").first()
    )
    if activity is None or activity.on != today:
        activity = activity_services.do_create_activity(
            actor, cell, kind=ActivityKind.THEMATIC, topic="Sinh hoạt chuyên đề: nâng cao chất lượng sinh hoạt chi bộ",
            on=today, starts_at=datetime.time(19, 30), ends_at=datetime.time(21, 0),
            place=f"Nhà văn hoá {cell.place or cell.name}", agenda=AGENDA,
        )
    elif not activity.agenda:
        activity_services.do_update_activity(actor, activity, agenda=AGENDA)
    return activity


def load(ctx) -> None:
    member = ctx.users.get("member")
    actor = ctx.users.get("cell_secretary") or ctx.users.get("admin")
    person = getattr(member, "person", None)
    if person is None or actor is None:
        return
    cell = person.unit
    activity = _meeting_today(ctx, cell, actor)
    readings = [
        activity_services.do_attach_file(actor, activity, ContentFile(text.encode(), name=filename),
                                         kind=AttachmentKind.READING, title=title)
        for title, filename, text in READINGS
    ]
    # Fellow members (without accounts in the demo) who have already read the first document:
    # receipts written directly, as the member's own service needs the member's login.
    fellows = Person.objects.filter(unit=cell, status__in=MEMBER_STATUSES).exclude(pk=person.pk).order_by("id")[:3]
    ReadReceipt.objects.bulk_create(
        ReadReceipt(person=p, attachment=readings[0], read_at=timezone.now() - datetime.timedelta(hours=5 + i))
        for i, p in enumerate(fellows)
    )
    shelf = (
        Bookshelf.objects.filter(Q(unit=cell), ~Q(status=ShelfStatus.CLOSED)).order_by("id").first()
        or shelf_services.do_create_shelf(
            actor, cell, name=f"Tủ sách {cell.name}", place=f"Nhà văn hoá {cell.place or cell.name}",
            opening_hours="Tối thứ Bảy, sáng Chủ nhật", campaign_year=ctx.today.year,
        )
    )
    # The bookshelves demo has the member support the shelf where they live; else their cell's own.
    if not person.shelf_supports.filter(ended_on__isnull=True).exists():
        shelf_services.do_register_supporter(member, shelf, person, pledge="Tặng sách, trực tủ sách sáng Chủ nhật",
                                             on=ctx.today - datetime.timedelta(days=40))
    ctx.log(f"    góc đảng viên: {activity.topic} ({activity.on:%d/%m/%Y}), {len(readings)} tài liệu gửi trước")
