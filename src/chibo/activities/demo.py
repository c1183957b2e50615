"""Demo activities: seed 001's seminar as it was recorded, and a year of monthly cell meetings."""

import datetime

from chibo.members.models import MEMBER_STATUSES, Person, PersonStatus

from . import services
from .models import ActivityKind, AttendanceStatus, AttendeeCategory

SEMINAR_TOPIC = "Vai trò của Đảng viên trong công tác vận động quần chúng"
SEMINAR_CARRIES_OUT = (
    "Chỉ thị số 03-CT/TW ngày 14/05/2011 của Bộ Chính trị; Kế hoạch số 13-KH/TU ngày 23/8/2011 của Thành ủy; "
    "Kế hoạch số 19-KH/ĐUS ngày 23/9/2011 của Đảng ủy khối; Công văn số 201-CV/TU ngày 10/10/2011 của Thành ủy"
)
SEMINAR_GUESTS = [
    ("Trần Văn Kinh", "Chi bộ Quản lý kinh tế xây dựng"),
    ("Lê Thị Nhà", "Chi bộ Quản lý nhà và công sở"),
    ("Phạm Văn Đoàn", "Công đoàn Sở Xây dựng"),
]
SEMINAR_CHAIR = "Nguyễn Thanh Hải"
SEMINAR_MEMBERS, SEMINAR_SYMPATHISERS, SEMINAR_CONTRIBUTIONS = 12, 4, 21
FILLER_NAMES = ["Võ Minh Tâm", "Đặng Thị Thu", "Huỳnh Văn Phúc", "Ngô Thị Mai", "Bùi Quốc Việt", "Phan Thị Lệ",
                "Đỗ Văn Nam", "Hồ Thị Yến", "Dương Văn Khải", "Lý Thị Ngân", "Trương Văn Lâm", "Mai Thị Hạnh"]


def _actor(ctx):
    from chibo.accounts.models import User

    actor = ctx.users.get("admin")
    if actor is None:
        actor = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if actor is None:
        actor = User.objects.create(username="demo_hoatdong", is_superuser=True, is_active=True)
        ctx.users["admin"] = actor
    return actor


def _ensure_people(cell, status, count, names, *, first=None):
    people = list(Person.objects.filter(unit=cell, status=status).order_by("id"))
    if first and not any(p.full_name == first for p in people):
        people.insert(0, Person.objects.create(unit=cell, full_name=first, status=status,
                                               joined_on=datetime.date(1998, 5, 19), full_member_on=datetime.date(1999, 5, 19)))
    for name in names[: max(0, count - len(people))]:
        people.append(Person.objects.create(unit=cell, full_name=name, status=status))
    return people


def record_seed_001(ctx, cell):
    """Seed 001: Chi bộ Văn phòng Sở Xây dựng's seminar of 27/10/2011, 12 members, 4 sympathisers, 3 guests."""
    actor = _actor(ctx)
    members = _ensure_people(cell, PersonStatus.FULL, SEMINAR_MEMBERS, FILLER_NAMES, first=SEMINAR_CHAIR)
    chair = next(p for p in members if p.full_name == SEMINAR_CHAIR)
    _ensure_people(cell, PersonStatus.SYMPATHISER, SEMINAR_SYMPATHISERS, [f"Quần chúng {n}" for n in range(1, 5)])
    activity = services.do_create_activity(
        actor, cell, kind=ActivityKind.SEMINAR, topic=SEMINAR_TOPIC, on=datetime.date(2011, 10, 27),
        starts_at=datetime.time(8, 0), ends_at=datetime.time(10, 15), place="Hội trường Sở Xây dựng", chair=chair,
        carries_out=SEMINAR_CARRIES_OUT,
        agenda="1. Công tác vận động quần chúng của đảng viên là gì?\n"
               "2. Vì sao đảng viên chi bộ Văn phòng Sở phải làm công tác vận động quần chúng?\n"
               "3. Làm thế nào để đảng viên làm tốt công tác vận động quần chúng?",
    )
    for name, organisation in SEMINAR_GUESTS:
        services.do_add_attendee(actor, activity, guest_name=name, guest_organisation=organisation,
                                 category=AttendeeCategory.GUEST)
    rows = list(activity.attendance.select_related("person").order_by("id"))
    member_rows = sorted((r for r in rows if r.category == AttendeeCategory.MEMBER),
                         key=lambda r: (r.person_id != chair.pk, r.pk))
    sympathiser_rows = [r for r in rows if r.category == AttendeeCategory.SYMPATHISER]
    guest_rows = [r for r in rows if r.category == AttendeeCategory.GUEST]
    present_members = member_rows[:SEMINAR_MEMBERS]
    # 21 contributions: members of the cell and two of the guests.
    contributions = {r.pk: 0 for r in rows}
    for r in guest_rows[:2]:
        contributions[r.pk] = 1
    remaining = SEMINAR_CONTRIBUTIONS - 2
    for index in range(remaining):
        contributions[present_members[index % len(present_members)].pk] += 1
    marks = {}
    for r in rows:
        present = r in present_members or r in sympathiser_rows[:SEMINAR_SYMPATHISERS] or r in guest_rows
        marks[r.pk] = (AttendanceStatus.PRESENT if present else AttendanceStatus.EXCUSED, contributions[r.pk] if present else 0)
    services.do_record_roll_call(actor, activity, marks)
    services.do_record_minutes(
        actor, activity, recorder=present_members[1].person,
        contents="Tọa đàm diễn ra trong không khí sôi nổi, thoải mái, có nhiều ý kiến phát biểu trao đổi, tranh luận "
                 "xoay quanh các nội dung: công tác vận động quần chúng của đảng viên là gì; vì sao đảng viên chi bộ "
                 "Văn phòng Sở phải làm công tác vận động quần chúng; làm thế nào để đảng viên làm tốt công tác "
                 "vận động quần chúng.",
        conclusions="Chi bộ đã thảo luận và làm rõ nhiều vấn đề, giúp đảng viên cũng như CBCC Văn phòng nhận thức sâu "
                    "hơn về công tác dân vận; quyết tâm hoàn thành tốt hơn nữa nhiệm vụ chung của Văn phòng Sở.",
    )
    ctx.units.setdefault("seed_001_cell", cell)
    ctx.lists["seed_001_activity"] = [activity]
    return activity


def monthly_meetings(ctx, cells, *, months: int = 12):
    """A year of monthly meetings with attendance; a few cells miss a month, as in life."""
    actor = _actor(ctx)
    rng = ctx.rng
    first_month = (ctx.today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    made = 0
    for cell in cells:
        series = services.do_schedule_monthly_meetings(
            actor, cell, title="Sinh hoạt chi bộ thường kỳ", day_of_month=rng.choice([3, 5, 10, 15]),
            start_time=datetime.time(rng.choice([8, 14, 19]), 30 if rng.random() < 0.5 else 0),
            starts_on=first_month, months=months, place=f"Nhà văn hoá {cell.place or cell.name}",
        )
        for activity in series.activities.order_by("on"):
            made += 1
            if activity.on >= ctx.today or rng.random() < 0.05:
                continue  # upcoming, or not held that month
            marks = {}
            for row in activity.attendance.all():
                roll = rng.random()
                member = row.category == AttendeeCategory.MEMBER
                status = (AttendanceStatus.PRESENT if roll < (0.9 if member else 0.6)
                          else AttendanceStatus.EXCUSED if roll < 0.97 else AttendanceStatus.UNEXCUSED)
                marks[row.pk] = (status, rng.choice([0, 0, 1, 1, 2]) if status == AttendanceStatus.PRESENT else 0)
            services.do_record_roll_call(actor, activity, marks)
            services.do_record_minutes(actor, activity, contents="Đánh giá kết quả tháng, triển khai nhiệm vụ tháng tới.",
                                       ends_at=datetime.time(min(activity.starts_at.hour + 2, 23), 0))
    return made


def load(ctx) -> None:
    cell = ctx.units.get("so_xay_dung_cell")
    if cell is not None:
        record_seed_001(ctx, cell)
        ctx.log(f"    hoạt động: tọa đàm seed 001 tại {cell.name}")
    candidates = ctx.lists.get("cells", [])[:200]
    with_members = set(Person.objects.filter(unit__in=candidates, status__in=MEMBER_STATUSES).values_list("unit_id", flat=True))
    cells = [c for c in candidates if c.pk in with_members]
    if cells:
        made = monthly_meetings(ctx, cells[:24])
        ctx.log(f"    hoạt động: {made} buổi sinh hoạt thường kỳ của {min(len(cells), 24)} chi bộ")
