"""The demo's assignments: the seed articles' duties, and the province plan some communes carried out."""

import datetime
import random

from chibo.assignments import demo
from chibo.assignments.models import AssigneeTask, Assignment, Notification, ReminderKind, TaskState
from chibo.core.demo import DemoContext
from chibo.core.testing import make_unit, make_user
from chibo.documents import demo as documents_demo
from chibo.documents.models import Document
from chibo.documents.selectors import cascade
from chibo.documents.tests.conftest import seed_units  # noqa: F401 - the fixture
from chibo.orgs.models import UnitKind

TODAY = datetime.date(2025, 12, 1)


def test_demo_hands_down_the_seed_duties_and_the_plan_some_communes_carried_out(seed_units, tree,  # noqa: F811
                                                                                 monkeypatch):
    monkeypatch.setattr("chibo.assignments.clock.today", lambda: TODAY)
    for name in ("Đảng ủy xã Phong Niên", "Đảng ủy thị trấn Phố Lu"):
        make_unit(seed_units.bao_thang, name, UnitKind.COMMUNE, code="ĐU")
    commune_c = make_unit(tree.province, "Đảng ủy xã Gia Phú", UnitKind.COMMUNE, code="ĐU")
    admin = make_user(None, is_superuser=True, username="demo_admin")
    ctx = DemoContext(seed=2025, rng=random.Random(2025), today=TODAY, log=lambda *a: None)
    ctx.users["admin"] = admin
    ctx.units.update(vung_tau_city=seed_units.vung_tau, so_xay_dung_cell=seed_units.so_xd_cell,
                     hoa_binh_board=seed_units.hoa_binh_board, can_tho=seed_units.can_tho,
                     bao_thang=seed_units.bao_thang, province=tree.province, province_board=tree.board)
    ctx.lists["communes"] = [tree.commune_a, tree.commune_b, commune_c]
    documents_demo.load(ctx)
    demo.load(ctx)

    # Seed 003: duties (1)-(4) of Kế hoạch 227-KH/TU, each to the bodies the plan names.
    duties = Assignment.objects.filter(issuer=seed_units.can_tho).order_by("title")
    assert [a.title[:3] for a in duties] == ["(1)", "(2)", "(3)", "(4)"]
    assert {a.source_document.notation for a in duties} == {"227-KH/TU"}
    assignees = {a.title[:3]: sorted(a.tasks.values_list("unit__name", flat=True)) for a in duties}
    assert assignees["(2)"] == ["Văn phòng Thành ủy Cần Thơ"]
    assert assignees["(4)"] == ["Ban Dân vận Thành ủy Cần Thơ"]
    # Seed 004: the interim review of Quy định 60-QĐ/TU, due in June 2023, on the one registered 60-QĐ/TU.
    review = Assignment.objects.get(issuer=seed_units.bao_thang)
    assert review.deadline == datetime.date(2023, 6, 30) and review.assignee_count == 2
    assert Document.objects.filter(notation="60-QĐ/TU").count() == 1
    assert review.source_document.issuer == seed_units.lao_cai

    # Seed 000 in the demo province: the communes that issued their plan under the board's plan submitted it.
    plan = ctx.lists["documents_plan"]
    assignment = Assignment.objects.get(issuer=tree.board, source_document=plan)
    tasks = {t.unit: t for t in AssigneeTask.objects.filter(assignment=assignment)}
    result = {p.unit: p for p in cascade(admin, plan).units}
    for commune in (tree.commune_a, tree.commune_b):  # both carried it out (see the documents demo's test)
        assert tasks[commune].implementing_document == result[commune].documents[0]
        assert tasks[commune].state in (TaskState.ACCEPTED, TaskState.RETURNED, TaskState.SUBMITTED)
        assert result[commune].task_state == tasks[commune].state_on(TODAY)
    assert tasks[tree.commune_b].state == TaskState.RETURNED
    assert not result[commune_c].issued and result[commune_c].overdue and result[commune_c].deadline < TODAY
    assert list(Notification.objects.filter(task=tasks[commune_c]).values_list("kind", flat=True)) == [
        ReminderKind.OVERDUE]
