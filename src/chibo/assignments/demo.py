"""Demo assignments from the seed articles, with some units done, some late.

- Seed 003: Thành ủy Cần Thơ's Kế hoạch 227-KH/TU, duties (1)–(4) each to the bodies named.
- Seed 004: Huyện ủy Bảo Thắng's interim review of Quy định 60-QĐ/TU, due in June 2023.
- Seed 000: Thành ủy Vũng Tàu's Kế hoạch 38-KH/TU to its cells; and "every subordinate
  organisation builds its plan" handed by the demo province's board to all its communes under
  the bookshelf plan the documents demo registered: the communes that issued their plan
  submitted it (some late, a few awaiting review, one returned), the rest are overdue.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from chibo.orgs.models import Unit, UnitKind

from . import services
from .models import AssigneeTask, Assignment, DeliverableKind

CAN_THO_BODIES = [
    ("ninh_kieu", "Quận ủy Ninh Kiều", UnitKind.DISTRICT, "QU"),
    ("binh_thuy", "Quận ủy Bình Thủy", UnitKind.DISTRICT, "QU"),
    ("phong_dien", "Huyện ủy Phong Điền", UnitKind.DISTRICT, "HU"),
    ("office", "Văn phòng Thành ủy Cần Thơ", UnitKind.OFFICE, "VPTU"),
    ("newspaper", "Đảng bộ Báo Cần Thơ", UnitKind.GRASSROOTS, "ĐU"),
    ("broadcaster", "Đảng bộ Đài Phát thanh và Truyền hình thành phố Cần Thơ", UnitKind.GRASSROOTS, "ĐU"),
]
RESTRUCTURED_ON = datetime.date(2025, 7, 1)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _document(ctx, actor, owner, notation, issued_on, abstract, issuer=None):
    """Register (or find) a source document; the demo goes on without it if registration fails."""
    try:
        from chibo.documents.services import do_register_document

        with transaction.atomic():
            return do_register_document(owner=owner, actor=actor, notation=notation, issued_on=issued_on,
                                        abstract=abstract, issuer=issuer or owner)
    except Exception as exc:  # noqa: BLE001 - the documents app's demo rules are its own
        ctx.log(f"    (không đăng ký được {notation}: {exc})")
        return None


def _child(parent: Unit, name: str, kind: str, code: str, **fields) -> Unit:
    existing = Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, name=name).first()
    if existing:
        return existing
    unit = parent.add_child(instance=Unit(name=name, kind=kind, code=code, **fields))
    parent.refresh_from_db()
    return unit


def _issue(actor, issued_on, **kw) -> Assignment:
    assignment = services.do_fan_out_assignment(actor, today=issued_on, **kw)
    Assignment.objects.filter(pk=assignment.pk).update(created_at=_at(issued_on, 8))
    return assignment


def _play(ctx, actor, assignment, *, done_share, late_share, returned=0, accept=True):
    """Let a share of the assignees submit on time, some late, one or more be returned; the rest stay open."""
    tasks = list(assignment.tasks.select_related("unit", "assignment__issuer").order_by("unit__path"))
    ctx.rng.shuffle(tasks)
    n_done, n_late = round(len(tasks) * done_share), round(len(tasks) * late_share)
    deadline = assignment.deadline
    issued = timezone.localdate(assignment.created_at) if assignment.created_at else deadline
    for index, task in enumerate(tasks[: n_done + n_late + returned]):
        late = n_done <= index < n_done + n_late
        span = max(1, (deadline - issued).days)
        day = deadline + datetime.timedelta(days=ctx.rng.randint(1, 6)) if late else \
            deadline - datetime.timedelta(days=ctx.rng.randint(0, span - 1 if span > 1 else 0))
        if day > ctx.today:
            day = ctx.today
        task = services.do_submit_task(actor, task, note=f"{task.unit.name} đã thực hiện; báo cáo kết quả kèm theo.",
                                       now=_at(day, 10))
        review_day = min(day + datetime.timedelta(days=ctx.rng.randint(1, 3)), ctx.today)
        if index >= n_done + n_late:
            services.do_review_task(actor, task, accept=False, expected_version=task.version, now=_at(review_day, 15),
                                    comment="Kế hoạch chưa phân công cụ thể người phụ trách; đề nghị bổ sung.",
                                    resubmit_by=max(ctx.today + datetime.timedelta(days=7), deadline))
        elif accept:
            services.do_review_task(actor, task, accept=True, expected_version=task.version, now=_at(review_day, 15))


def _play_implementing(ctx, actor, assignment) -> None:
    """Communes that issued their plan under the source submit it (on the day after issuing it,
    so some are late); most are accepted, a few wait for review, one is returned; the rest,
    with no plan yet, are overdue."""
    from chibo.documents.models import DocumentRelation, RelationKind

    issued_under = {}
    if assignment.source_document_id:
        relations = DocumentRelation.objects.filter(target_id=assignment.source_document_id,
                                                    kind=RelationKind.IMPLEMENTS).select_related("source")
        for relation in relations.order_by("source__recency", "source_id"):
            issued_under.setdefault(relation.source.owner_id, relation.source)
    tasks = [t for t in assignment.tasks.select_related("unit", "assignment__issuer").order_by("unit__path")
             if t.unit_id in issued_under]
    for index, task in enumerate(tasks):
        document = issued_under[task.unit_id]
        day = min((document.issued_on or ctx.today) + datetime.timedelta(days=1), ctx.today)
        task = services.do_submit_task(actor, task, implementing_document=document, now=_at(day, 10),
                                       note=f"{task.unit.name} đã ban hành Kế hoạch số {document.notation}.")
        if index % 9 == 4:
            continue  # waiting for the issuer's review
        review_day = min(day + datetime.timedelta(days=ctx.rng.randint(1, 3)), ctx.today)
        if index == 1:
            services.do_review_task(actor, task, accept=False, expected_version=task.version, now=_at(review_day, 15),
                                    comment="Kế hoạch chưa phân công cụ thể người phụ trách; đề nghị bổ sung.",
                                    resubmit_by=ctx.today + datetime.timedelta(days=7))
        else:
            services.do_review_task(actor, task, accept=True, expected_version=task.version, now=_at(review_day, 15))


def load(ctx) -> None:
    units, lists = ctx.units, ctx.lists
    actor = ctx.users.get("admin")
    if actor is None:
        from chibo.accounts.models import User

        actor = User.objects.create_superuser("demo_nhiemvu", password=None)

    # Seed 003 — Cần Thơ, Kế hoạch 227-KH/TU (27/08/2020), the 90th anniversary of mass mobilisation work.
    can_tho = units.get("can_tho")
    if can_tho is not None:
        issued = datetime.date(2020, 8, 27)
        bodies = {}
        for key, name, kind, code in CAN_THO_BODIES:
            dissolved = RESTRUCTURED_ON if kind == UnitKind.DISTRICT else None
            bodies[key] = _child(can_tho, name, kind, code, valid_to=dissolved)
        mobilisation = units.get("can_tho_mobilisation_board") or _child(
            can_tho, "Ban Dân vận Thành ủy Cần Thơ", UnitKind.MOBILISATION_BOARD, "BDVTU")
        plan = _document(ctx, actor, can_tho, "227-KH/TU", issued,
                         "Kế hoạch tổ chức các hoạt động chào mừng kỷ niệm 90 năm Ngày truyền thống công tác "
                         "Dân vận của Đảng (15/10/1930 - 15/10/2020)")
        deadline = datetime.date(2020, 10, 10)
        duties = [
            ("(1) Xây dựng kế hoạch tuyên truyền, tổ chức hoạt động kỷ niệm 90 năm Ngày truyền thống công tác Dân vận",
             "Các quận ủy, huyện ủy, các ban xây dựng Đảng, ban cán sự đảng, đảng đoàn và đảng ủy trực thuộc Thành ủy "
             "chủ động xây dựng kế hoạch cụ thể, hiệu quả, tiết kiệm, phù hợp với điều kiện thực tế.",
             DeliverableKind.IMPLEMENTING_DOCUMENT,
             [bodies["ninh_kieu"], bodies["binh_thuy"], bodies["phong_dien"], bodies["newspaper"], bodies["broadcaster"]]),
            ("(2) Thẩm định nội dung, chương trình, kinh phí tổ chức các hoạt động kỷ niệm",
             "Văn phòng Thành ủy phối hợp với Ban Dân vận Thành ủy và các cơ quan có liên quan thẩm định, bảo đảm "
             "chặt chẽ, đúng quy định.", DeliverableKind.WRITTEN_ANSWER, [bodies["office"]]),
            ("(3) Xây dựng chuyên trang, chuyên mục tuyên truyền; biểu dương điển hình “Dân vận khéo”",
             "Báo Cần Thơ, Đài Phát thanh và Truyền hình thành phố tăng cường tin bài tuyên truyền; phát hiện, "
             "biểu dương các tập thể, cá nhân, mô hình “Dân vận khéo”.", DeliverableKind.PERIODIC_REPORT,
             [bodies["newspaper"], bodies["broadcaster"]]),
            ("(4) Tham mưu chuẩn bị các phần việc theo phân công",
             "Ban Dân vận Thành ủy bám sát chỉ đạo, hướng dẫn của Ban Dân vận Trung ương, chủ trì, phối hợp Văn phòng "
             "Thành ủy và các cơ quan, đơn vị có liên quan.", DeliverableKind.ACTIVITY, [mobilisation]),
        ]
        for title, description, deliverable, assignees in duties:
            assignment = _issue(actor, issued, issuer=can_tho, title=title, description=description,
                                deliverable=deliverable, deadline=deadline, source_document=plan, units=assignees)
            _play(ctx, actor, assignment, done_share=0.6, late_share=0.4)

    # Seed 004 — Bảo Thắng: interim review of Quy định 60-QĐ/TU, to finish in June 2023.
    bao_thang = units.get("bao_thang")
    if bao_thang is not None:
        issued = datetime.date(2023, 4, 3)
        # The regulation of the province committee Bảo Thắng belonged to (the one seed 004's paste found).
        regulation = _document(ctx, actor, bao_thang.get_parent() or bao_thang, "60-QĐ/TU", datetime.date(2020, 11, 24),
                               "Quy định về công tác tuyên vận")
        review = _issue(actor, issued, issuer=bao_thang, source_document=regulation,
                        title="Sơ kết 3 năm thực hiện Quy định số 60-QĐ/TU ngày 24/11/2020 về công tác tuyên vận",
                        description="Ban tuyên vận tham mưu cho Đảng ủy xã, thị trấn tổ chức đánh giá, sơ kết; "
                                    "hoàn thành việc sơ kết trong tháng 6 năm 2023.",
                        deliverable=DeliverableKind.PERIODIC_REPORT, deadline=datetime.date(2023, 6, 30),
                        under=bao_thang, kinds=[UnitKind.COMMUNE])
        _play(ctx, actor, review, done_share=0.7, late_share=0.15)

    # Seed 000 — Thành ủy Vũng Tàu's Kế hoạch 38-KH/TU carried out by its cells.
    vung_tau = units.get("vung_tau_city")
    if vung_tau is not None:
        issued = datetime.date(2021, 3, 1)
        plan38 = _document(ctx, actor, vung_tau, "38-KH/TU", issued,
                           "Kế hoạch thực hiện Kế hoạch số 11-KH/BTGTU về xây dựng, phát triển tủ sách chi bộ")
        cells = [u for u in (units.get("rach_dua_kp4_cell"),) if u is not None]
        cells += list(Unit.objects.filter(path__startswith=vung_tau.path, kind=UnitKind.CELL).exclude(
            pk__in=[c.pk for c in cells]).order_by("path")[:5])
        if cells:
            shelves = _issue(actor, issued, issuer=vung_tau, source_document=plan38, units=cells,
                             title="Xây dựng, phát triển tủ sách chi bộ theo Kế hoạch 38-KH/TU",
                             deliverable=DeliverableKind.WRITTEN_ANSWER, deadline=datetime.date(2021, 4, 30))
            _play(ctx, actor, shelves, done_share=0.5, late_share=0.5)

    # The demo province today: every commune builds its plan carrying out the board's bookshelf plan.
    province = units.get("province")
    communes = lists.get("communes") or []
    if province is not None and communes:
        board = units.get("province_board") or province
        source = lists.get("documents_plan")  # the plan the documents demo registered, with communes' plans under it
        if source is None:
            source = _document(ctx, actor, board, f"11-KH/{board.code or 'TU'}", ctx.today - datetime.timedelta(days=45),
                               "Kế hoạch xây dựng, phát triển tủ sách chi bộ và nâng cao văn hóa đọc")
        issued = (source.issued_on if source is not None and source.issued_on else ctx.today - datetime.timedelta(days=45))
        issued = min(issued + datetime.timedelta(days=2), ctx.today)
        plan = _issue(actor, issued, issuer=board, source_document=source, under=province, kinds=[UnitKind.COMMUNE],
                      title="Xây dựng kế hoạch thực hiện của cấp ủy xã, phường",
                      description="Mỗi tổ chức đảng trực thuộc xây dựng kế hoạch thực hiện, gửi về Ban Tuyên giáo và "
                                  "Dân vận Tỉnh ủy.",
                      deliverable=DeliverableKind.IMPLEMENTING_DOCUMENT,
                      deadline=max(issued + datetime.timedelta(days=25), ctx.today - datetime.timedelta(days=20)),
                      remind_days_before=3)
        _play_implementing(ctx, actor, plan)
        services.do_send_reminders(today=ctx.today)
        # A task due soon in the first commune's cells, for the cell secretary's inbox.
        first = communes[0]
        _issue(actor, ctx.today - datetime.timedelta(days=3), issuer=first, under=first, kinds=[UnitKind.CELL],
               title="Rà soát, bổ sung sách cho tủ sách chi bộ", deliverable=DeliverableKind.WRITTEN_ANSWER,
               deadline=ctx.today + datetime.timedelta(days=2))
    ctx.log(f"    {Assignment.objects.count()} nhiệm vụ, {AssigneeTask.objects.count()} việc được giao")
