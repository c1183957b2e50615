"""Grading round trip: self-assessment → cell proposal → superior decision, with the quota rule."""

import io
from collections import Counter

import pytest
from django.urls import reverse
from docx import Document as DocxDocument
from openpyxl import load_workbook

from chibo.accounts.models import RoleKind
from chibo.core.testing import make_person, make_user
from chibo.grading import selectors, services
from chibo.grading.models import Assessment, Grade, Stage


@pytest.fixture
def grading(tree):
    """Commune A's round: 6 members (3 per cell) plus its 2 cells; a secretary per cell, commune staff decide."""
    commune_staff = make_user(tree.commune_a, RoleKind.STAFF, username="xa_a_vp")
    secretaries = [make_user(cell, RoleKind.SECRETARY, username=f"bt{i}") for i, cell in enumerate(tree.cells_a)]
    grading_round = services.do_open_round(tree.commune_a, 2025, actor=commune_staff)
    return grading_round, commune_staff, secretaries


def test_open_round_creates_one_assessment_per_member_and_cell(tree, grading):
    grading_round, *_ = grading
    people = {p.pk for cell in tree.cells_a for p in tree.people[cell.pk]}
    assert set(Assessment.objects.filter(round=grading_round, person__isnull=False).values_list("person_id", flat=True)) == people
    assert set(Assessment.objects.filter(round=grading_round, person__isnull=True).values_list("subject_unit_id", flat=True)) == {
        c.pk for c in tree.cells_a}


def test_round_trip_self_assessment_proposal_and_decision(tree, grading):
    grading_round, commune_staff, (secretary, _other) = grading
    person = tree.people[tree.cells_a[0].pk][0]
    member_user = make_user(None, username="dv1", person=person)
    a = Assessment.objects.get(round=grading_round, person=person)
    services.do_self_assess(a, Grade.EXCELLENT, actor=member_user, comment="Hoàn thành tốt mọi nhiệm vụ")
    services.do_propose_grade(a, Grade.GOOD, actor=secretary)
    services.do_decide_grades([(a, Grade.GOOD)], actor=commune_staff, comment="Đồng ý")
    a.refresh_from_db()
    assert (a.self_grade, a.proposed_grade, a.decided_grade, a.stage) == ("excellent", "good", "good", Stage.DECIDED)
    assert [e.stage for e in a.events.all()] == [Stage.SELF_ASSESSED, Stage.PROPOSED, Stage.DECIDED]


def test_each_step_belongs_to_its_body(tree, grading):
    grading_round, commune_staff, (secretary_a0, secretary_a1) = grading
    a = Assessment.objects.get(round=grading_round, person=tree.people[tree.cells_a[0].pk][0])
    other_member = make_user(None, username="dv2", person=tree.people[tree.cells_a[0].pk][1])
    with pytest.raises(services.PermissionDenied):
        services.do_self_assess(a, Grade.GOOD, actor=other_member)
    with pytest.raises(services.PermissionDenied):
        services.do_propose_grade(a, Grade.GOOD, actor=secretary_a1)  # another cell's secretary
    with pytest.raises(services.PermissionDenied):
        services.do_decide_grades([(a, Grade.GOOD)], actor=secretary_a0)  # the cell cannot decide its own members


def test_quota_refuses_an_over_quota_decision_with_a_clear_message_and_saves_nothing(tree, grading):
    grading_round, commune_staff, _ = grading
    members = list(Assessment.objects.filter(round=grading_round, person__isnull=False).order_by("id"))
    # 5 good allow 1 excellent (20% of 5); a second excellent breaks the rule.
    services.do_decide_grades([(a, Grade.GOOD) for a in members[:5]], actor=commune_staff)
    services.do_decide_grades([(members[5], Grade.EXCELLENT)], actor=commune_staff)
    members[0].refresh_from_db()
    with pytest.raises(services.QuotaExceeded) as refused:
        services.do_decide_grades([(members[0], Grade.EXCELLENT)], actor=commune_staff)
    assert "không được quá 20% số được xếp loại Hoàn thành tốt nhiệm vụ" in refused.value.messages[0]
    members[0].refresh_from_db()
    assert members[0].decided_grade == Grade.GOOD


def test_quota_is_checked_on_a_whole_batch(tree, grading):
    grading_round, commune_staff, _ = grading
    members = list(Assessment.objects.filter(round=grading_round, person__isnull=False))
    with pytest.raises(services.QuotaExceeded):
        services.do_decide_grades([(a, Grade.EXCELLENT) for a in members], actor=commune_staff)
    assert not Assessment.objects.exclude(decided_grade="").exists()


def test_concurrent_edit_is_refused_clearly(tree, grading):
    grading_round, commune_staff, (secretary, _) = grading
    a = Assessment.objects.get(round=grading_round, person=tree.people[tree.cells_a[0].pk][0])
    stale_version = a.version
    services.do_propose_grade(a, Grade.GOOD, actor=secretary, expected_version=stale_version)
    with pytest.raises(services.StaleAssessment):
        services.do_propose_grade(a, Grade.COMPLETE, actor=secretary, expected_version=stale_version)


def test_summary_table_matches_an_independent_count(tree, grading):
    grading_round, commune_staff, _ = grading
    for cell in tree.cells_a:
        for _person in tree.people[cell.pk][1:]:
            make_person(cell)  # members added after opening are not graded in this round
    grades = [Grade.GOOD, Grade.GOOD, Grade.COMPLETE, Grade.GOOD, Grade.INCOMPLETE]
    members = list(Assessment.objects.filter(round=grading_round, person__isnull=False).order_by("id"))
    services.do_decide_grades(list(zip(members, grades, strict=False)), actor=commune_staff)
    rows = selectors.summary_by_child(commune_staff, grading_round, tree.commune_a)
    expected = {}
    for a in Assessment.objects.filter(round=grading_round, person__isnull=False):
        expected.setdefault(a.unit_id, Counter())[a.decided_grade or "undecided"] += 1
    for row in rows:
        counts = expected[row["unit"].pk]
        assert row["total"] == sum(counts.values())
        assert row["undecided"] == counts["undecided"]
        for grade in Grade.values:
            assert row[grade] == counts[grade]
    assert selectors.totals(rows)["good"] == 3


@pytest.mark.scope_covers("grading:index", "grading:round", "grading:assessment")
def test_pages_are_scoped(tree, grading, commune_b_staff, client_as):
    grading_round, commune_staff, (secretary, _) = grading
    a = Assessment.objects.get(round=grading_round, person=tree.people[tree.cells_a[0].pk][0])
    assert client_as(commune_staff).get(reverse("grading:round", args=[grading_round.pk])).status_code == 200
    assert client_as(commune_b_staff).get(reverse("grading:round", args=[grading_round.pk])).status_code == 404
    assert client_as(commune_b_staff).get(reverse("grading:assessment", args=[a.pk])).status_code == 404
    assert "2025" not in client_as(commune_b_staff).get(reverse("grading:index")).text
    # A cell secretary sees the round, but only their own cell's rows.
    page = client_as(secretary).get(reverse("grading:round", args=[grading_round.pk]))
    assert page.status_code == 200
    assert page.context["member_totals"]["total"] == 3
    assert client_as(secretary).get(reverse("grading:assessment", args=[a.pk])).status_code == 200


@pytest.mark.scope_covers("grading:export_xlsx", "grading:export_docx")
def test_exports_count_only_what_the_user_sees(tree, grading, commune_b_staff, client_as):
    grading_round, commune_staff, _ = grading
    xlsx = client_as(commune_staff).get(reverse("grading:export_xlsx", args=[grading_round.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == [3, 3, 6]
    docx = client_as(commune_staff).get(reverse("grading:export_docx", args=[grading_round.pk]))
    tables = DocxDocument(io.BytesIO(docx.content)).tables
    assert tables[1].rows[-1].cells[1].text == "6"
    assert client_as(commune_b_staff).get(reverse("grading:export_xlsx", args=[grading_round.pk])).status_code == 404


@pytest.mark.scope_covers("grading:accept_proposals")
def test_accept_proposals_checks_quota_and_scope(tree, grading, commune_b_staff, client_as):
    grading_round, commune_staff, (secretary, _) = grading
    cell = tree.cells_a[0]
    for a in Assessment.objects.filter(round=grading_round, unit=cell, person__isnull=False):
        services.do_propose_grade(a, Grade.EXCELLENT, actor=secretary)
    url = reverse("grading:accept_proposals", args=[grading_round.pk, cell.pk])
    response = client_as(commune_staff).post(url, follow=True)
    assert "Vượt tỷ lệ" in response.text
    assert not Assessment.objects.exclude(decided_grade="").exists()
    assert client_as(commune_b_staff).post(url).status_code == 404


@pytest.mark.scope_covers("api:grading_rounds", "api:grading_summary", "api:grading_assessments", "api:grading_assessment")
def test_api_is_scoped(tree, grading, commune_b_staff, client_as):
    grading_round, commune_staff, _ = grading
    assert [r["id"] for r in client_as(commune_staff).get("/api/grading/rounds").json()] == [grading_round.pk]
    assert client_as(commune_b_staff).get("/api/grading/rounds").json() == []
    summary = client_as(commune_staff).get(f"/api/grading/rounds/{grading_round.pk}/summary").json()
    assert sum(r["total"] for r in summary) == 6
    assert client_as(commune_b_staff).get(f"/api/grading/rounds/{grading_round.pk}/summary").status_code == 404
    assert len(client_as(commune_staff).get(f"/api/grading/rounds/{grading_round.pk}/assessments").json()) == 8
    a = Assessment.objects.filter(round=grading_round).first()
    assert client_as(commune_b_staff).get(f"/api/grading/assessments/{a.pk}").status_code == 404


def test_evidence_beside_each_decision_comes_from_meetings_and_assignments(tree, grading):
    import datetime

    from django.utils import timezone

    from chibo.activities.models import (
        Activity,
        ActivityKind,
        ActivityStatus,
        Attendance,
        AttendanceStatus,
        AttendeeCategory,
    )
    from chibo.assignments.models import AssigneeTask, Assignment, TaskState
    from chibo.grading import evidence

    grading_round, *_ = grading
    cell = tree.cells_a[0]
    member = tree.people[cell.pk][0]
    for month, status in ((1, AttendanceStatus.PRESENT), (2, AttendanceStatus.PRESENT), (3, AttendanceStatus.EXCUSED)):
        meeting = Activity.objects.create(unit=cell, kind=ActivityKind.REGULAR, topic="Sinh hoạt thường kỳ",
                                          on=datetime.date(2025, month, 5), status=ActivityStatus.HELD)
        Attendance.objects.create(activity=meeting, person=member, category=AttendeeCategory.MEMBER, status=status,
                                  contributions=2 if status == AttendanceStatus.PRESENT else 0)
    assignment = Assignment.objects.create(issuer=tree.commune_a, title="Xây dựng kế hoạch thực hiện",
                                           deadline=datetime.date(2025, 6, 30))
    AssigneeTask.objects.create(assignment=assignment, unit=cell, due_on=datetime.date(2025, 6, 30),
                                state=TaskState.ACCEPTED,
                                submitted_at=timezone.make_aware(datetime.datetime(2025, 6, 20, 9)))
    AssigneeTask.objects.create(assignment=assignment, unit=tree.cells_a[1], due_on=datetime.date(2025, 6, 30))

    assessments = list(Assessment.objects.filter(round=grading_round).filter(
        person__in=[member, tree.people[cell.pk][1]]) | Assessment.objects.filter(
        round=grading_round, subject_unit__in=tree.cells_a))
    lines = evidence.for_assessments(assessments, 2025)
    by_subject = {a.person_id or a.subject_unit_id: dict(lines[a.pk]) for a in assessments}
    assert by_subject[member.pk]["Dự sinh hoạt chi bộ"] == "2/3 buổi"
    assert by_subject[member.pk]["Ý kiến phát biểu"] == "4"
    assert list(by_subject[tree.people[cell.pk][1].pk]) == ["Minh chứng"]
    assert by_subject[cell.pk]["Tháng có sinh hoạt thường kỳ"] == "3/12"
    assert by_subject[cell.pk]["Nhiệm vụ đúng hạn"] == "1/1"
    assert by_subject[tree.cells_a[1].pk]["Nhiệm vụ đúng hạn"] == "0/1"
    assert by_subject[tree.cells_a[1].pk]["Nhiệm vụ quá hạn"] == "1"


def test_quota_refusal_names_the_body_whose_count_it_breaks(tree, grading):
    grading_round, commune_staff, _ = grading
    members = list(Assessment.objects.filter(round=grading_round, person__isnull=False).order_by("id"))
    with pytest.raises(services.QuotaExceeded) as refused:
        services.do_decide_grades([(members[0], Grade.EXCELLENT)], actor=commune_staff)
    message = refused.value.messages[0]
    assert message.startswith(f"Đảng viên thuộc {tree.commune_a.name}: Vượt tỷ lệ")
    assert "(1) không được quá 20% số được xếp loại Hoàn thành tốt nhiệm vụ (0), tức tối đa 0" in message
    assert "Chưa lưu quyết định nào" in message


def test_decide_as_proposed_is_offered_only_to_who_may_decide(tree, grading, client_as):
    grading_round, commune_staff, (secretary, _) = grading
    cell = tree.cells_a[0]
    for a in Assessment.objects.filter(round=grading_round, unit=cell, person__isnull=False):
        services.do_propose_grade(a, Grade.GOOD, actor=secretary)
    round_url = reverse("grading:round", args=[grading_round.pk])
    rows = {r["unit"].pk: r["to_decide"] for r in client_as(commune_staff).get(round_url).context["members"]}
    assert rows == {cell.pk: 3, tree.cells_a[1].pk: 0}
    assert "Quyết định theo đề xuất (3 phiếu)" in client_as(commune_staff).get(round_url).text
    # The cell proposes; it cannot decide its own members, and is not offered the button.
    assert "Quyết định theo đề xuất" not in client_as(secretary).get(round_url).text
    response = client_as(secretary).post(reverse("grading:accept_proposals", args=[grading_round.pk, cell.pk]), follow=True)
    assert "không có phiếu nào đã có đề xuất đang chờ bạn quyết định" in response.text
    assert not Assessment.objects.exclude(decided_grade="").exists()
    response = client_as(commune_staff).post(reverse("grading:accept_proposals", args=[grading_round.pk, cell.pk]),
                                             follow=True)
    assert "Đã quyết định 3 phiếu theo đề xuất" in response.text
    assert Assessment.objects.filter(unit=cell, decided_grade=Grade.GOOD).count() == 3


def test_member_finds_their_own_sheet_and_the_cell_page_lists_sheets_with_evidence(tree, grading, client_as):
    grading_round, commune_staff, (secretary, _) = grading
    cell = tree.cells_a[0]
    person = tree.people[cell.pk][0]
    member = make_user(cell, RoleKind.MEMBER, username="dv_phieu", person=person)
    mine = Assessment.objects.get(round=grading_round, person=person)
    services.do_self_assess(mine, Grade.GOOD, actor=member)
    services.do_propose_grade(mine, Grade.GOOD, actor=secretary)
    services.do_decide_grades([(mine, Grade.GOOD)], actor=commune_staff)

    sheet_url = reverse("grading:assessment", args=[mine.pk])
    assert sheet_url in client_as(member).get(reverse("grading:index")).text
    page = client_as(member).get(reverse("grading:round", args=[grading_round.pk]))
    assert page.context["mine"] == mine and sheet_url in page.text

    # The cell's page: every sheet of the cell, members by name then the cell, each with its evidence.
    cell_page = client_as(commune_staff).get(reverse("grading:round", args=[grading_round.pk]), {"unit": cell.pk})
    sheets = cell_page.context["sheets"]
    assert [a.person_id for a, _lines in sheets] == [
        *[p.pk for p in sorted(tree.people[cell.pk], key=lambda p: (p.name_folded, p.pk))], None]
    assert all(lines for _a, lines in sheets)
    # Work waiting elsewhere in the commune is not listed on this cell's page.
    other = Assessment.objects.get(round=grading_round, person=tree.people[tree.cells_a[1].pk][0])
    assert other not in cell_page.context["awaiting"]
    assert other in client_as(commune_staff).get(reverse("grading:round", args=[grading_round.pk])).context["awaiting"]


def test_demo_grades_the_year_whose_meetings_it_holds():
    import datetime

    from chibo.grading.demo import grading_year

    assert grading_year(datetime.date(2026, 12, 7)) == 2026
    assert grading_year(datetime.date(2027, 3, 1)) == 2026
