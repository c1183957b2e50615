"""Fan-out, submissions, reviews, extensions, conflicts and reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chibo.accounts.models import AuditEvent, RoleKind
from chibo.assignments import selectors, services
from chibo.assignments.models import (
    AssigneeTask,
    Assignment,
    EventKind,
    ExtensionState,
    Notification,
    ReminderKind,
    TaskState,
)
from chibo.core.testing import make_user
from chibo.orgs.models import UnitKind

TODAY = datetime.date(2025, 9, 1)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("chibo.assignments.clock.today", lambda: TODAY)
    return TODAY


def fan_out(actor, issuer, **kw):
    kw.setdefault("title", "Xây dựng kế hoạch thực hiện")
    kw.setdefault("deadline", TODAY + datetime.timedelta(days=10))
    return services.do_fan_out_assignment(actor, issuer=issuer, **kw)


def test_fan_out_to_all_units_of_kinds_under_a_unit_creates_one_task_each(tree, province_staff, today):
    assignment = fan_out(province_staff, tree.province, under=tree.province, kinds=[UnitKind.CELL])
    units = set(AssigneeTask.objects.filter(assignment=assignment).values_list("unit_id", flat=True))
    assert units == {c.pk for c in tree.cells}
    assert assignment.assignee_count == 4
    assert AssigneeTask.objects.filter(assignment=assignment, due_on=assignment.deadline, state=TaskState.TODO).count() == 4
    assert AuditEvent.objects.filter(action="assignments.fan_out", object_id=str(assignment.pk)).count() == 1


def test_fan_out_merges_chosen_units_and_kinds_without_duplicates(tree, province_staff, today):
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a, tree.cells_a[0]],
                         under=tree.commune_a, kinds=[UnitKind.CELL])
    assert sorted(assignment.tasks.values_list("unit_id", flat=True)) == sorted(
        [tree.commune_a.pk, *(c.pk for c in tree.cells_a)])


def test_fan_out_outside_the_actors_scope_is_refused_and_writes_nothing(tree, commune_a_staff, today):
    with pytest.raises(PermissionDenied):
        fan_out(commune_a_staff, tree.commune_a, units=[tree.cells_a[0], tree.cells_b[0]])
    with pytest.raises(PermissionDenied):
        fan_out(commune_a_staff, tree.commune_a, under=tree.province, kinds=[UnitKind.CELL])
    assert not AssigneeTask.objects.exists()


def test_fan_out_rejects_past_deadline_and_empty_assignee_set_with_clear_messages(tree, province_staff, today):
    with pytest.raises(ValidationError, match="đã qua"):
        fan_out(province_staff, tree.province, deadline=TODAY - datetime.timedelta(days=1), units=[tree.commune_a])
    with pytest.raises(ValidationError, match="Không có tổ chức nào"):
        fan_out(province_staff, tree.province, under=tree.province, kinds=[UnitKind.PROVINCE])
    with pytest.raises(ValidationError, match="tên nhiệm vụ"):
        fan_out(province_staff, tree.province, title="  ", units=[tree.commune_a])


def test_fan_out_is_atomic_when_a_batch_fails(tree, province_staff, today, monkeypatch):
    calls = {"n": 0}
    original = AssigneeTask.objects.bulk_create

    def failing_bulk_create(objs, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(objs, **kw)

    monkeypatch.setattr(services, "FAN_OUT_BATCH", 2)
    monkeypatch.setattr(AssigneeTask.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(RuntimeError):
        fan_out(province_staff, tree.province, units=tree.cells)
    assert not AssigneeTask.objects.exists()
    assert not Assignment.objects.exists()


def test_fan_out_to_a_subtree_is_atomic_when_a_later_step_fails(tree, province_staff, today, monkeypatch):
    inserted = {}

    def failing_record(actor, action, obj=None, **kw):
        inserted["tasks"] = AssigneeTask.objects.count()
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record", failing_record)
    with pytest.raises(RuntimeError):
        fan_out(province_staff, tree.province, under=tree.province, kinds=[UnitKind.CELL, UnitKind.COMMUNE])
    assert inserted["tasks"] == 6  # written by the database's INSERT … SELECT, then rolled back
    assert not AssigneeTask.objects.exists()
    assert not Assignment.objects.exists()


def test_fan_out_to_a_subtree_skips_ended_units_and_the_issuer(tree, province_staff, today):
    from chibo.orgs.models import Unit

    Unit.objects.filter(pk=tree.cells_b[1].pk).update(valid_to=TODAY)
    assignment = fan_out(province_staff, tree.commune_b, units=[tree.commune_b, tree.cells_b[0]],
                         under=tree.province, kinds=[UnitKind.CELL, UnitKind.COMMUNE])
    units = sorted(assignment.tasks.values_list("unit_id", flat=True))
    assert units == sorted([tree.commune_a.pk, *(c.pk for c in tree.cells_a), tree.cells_b[0].pk])
    assert assignment.assignee_count == 4 == Assignment.objects.get(pk=assignment.pk).assignee_count
    task = assignment.tasks.get(unit=tree.cells_a[0])
    assert (task.state, task.due_on, task.version, task.submitted_at, task.attachment.name) == (
        TaskState.TODO, assignment.deadline, 0, None, "")


def test_submit_accept_records_history_and_on_time(tree, province_staff, commune_a_staff, today):
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a, tree.commune_b])
    task = assignment.tasks.get(unit=tree.commune_a)
    services.do_start_task(commune_a_staff, task)
    services.do_submit_task(commune_a_staff, task, note="Đã ban hành Kế hoạch 05-KH/ĐU")
    task.refresh_from_db()
    assert task.state == TaskState.SUBMITTED and task.submitted_on_time is True
    services.do_review_task(province_staff, task, accept=True, expected_version=task.version, comment="Tốt")
    task.refresh_from_db()
    assert task.state == TaskState.ACCEPTED and task.reviewed_at is not None
    assert list(task.events.values_list("kind", flat=True)) == [EventKind.STARTED, EventKind.SUBMITTED, EventKind.ACCEPTED]
    counts = selectors.summary(assignment)
    assert (counts["accepted"], counts["todo"], counts["on_time_rate"]) == (1, 1, 100.0)


def test_assignee_cannot_review_and_other_commune_cannot_submit(tree, province_staff, commune_a_staff,
                                                                commune_b_staff, today):
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a])
    task = assignment.tasks.get()
    with pytest.raises(PermissionDenied):
        services.do_submit_task(commune_b_staff, task, note="x")
    services.do_submit_task(commune_a_staff, task, note="x")
    task.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.do_review_task(commune_a_staff, task, accept=True, expected_version=task.version)


def test_return_needs_a_reason_and_sets_a_resubmission_deadline(tree, province_staff, commune_a_staff, today):
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a])
    task = assignment.tasks.get()
    services.do_submit_task(commune_a_staff, task, note="Bản nháp")
    task.refresh_from_db()
    with pytest.raises(ValidationError, match="lý do"):
        services.do_review_task(province_staff, task, accept=False, expected_version=task.version)
    services.do_review_task(province_staff, task, accept=False, expected_version=task.version,
                            comment="Bổ sung phân công", resubmit_by=TODAY + datetime.timedelta(days=20))
    task.refresh_from_db()
    assert task.state == TaskState.RETURNED and task.due_on == TODAY + datetime.timedelta(days=20)
    # A returned task can be submitted again.
    services.do_submit_task(commune_a_staff, task, note="Đã bổ sung")
    task.refresh_from_db()
    assert task.state == TaskState.SUBMITTED


def test_stale_review_loses_with_a_clear_message_and_history_shows_both(tree, province_staff, today):
    other_staff = make_user(tree.province, RoleKind.SECRETARY, username="bithu_tinh", first_name="Hà")
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a])
    task = assignment.tasks.get()
    services.do_submit_task(make_user(tree.commune_a), task, note="Kết quả")
    task.refresh_from_db()
    seen_version = task.version
    first = AssigneeTask.objects.get(pk=task.pk)
    second = AssigneeTask.objects.get(pk=task.pk)
    services.do_review_task(province_staff, first, accept=True, expected_version=seen_version)
    with pytest.raises(services.TransitionConflict) as lost:
        services.do_review_task(other_staff, second, accept=False, expected_version=seen_version, comment="Làm lại")
    assert "không được thực hiện" in lost.value.message and "duyệt kết quả" in lost.value.message
    task.refresh_from_db()
    assert task.state == TaskState.ACCEPTED
    kinds = list(task.events.values_list("kind", "actor__username"))
    assert kinds[-2:] == [(EventKind.ACCEPTED, "tinh"), (EventKind.CONFLICT, "bithu_tinh")]


def test_extension_granted_moves_the_deadline_once(tree, province_staff, commune_a_staff, today):
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a])
    task = assignment.tasks.get()
    with pytest.raises(ValidationError, match="sau hạn hiện tại"):
        services.do_request_extension(commune_a_staff, task, requested_due=task.due_on, reason="Bận")
    request = services.do_request_extension(commune_a_staff, task, requested_due=task.due_on + datetime.timedelta(days=5),
                                            reason="Chờ họp chi bộ")
    with pytest.raises(ValidationError, match="đang chờ"):
        services.do_request_extension(commune_a_staff, task, requested_due=task.due_on + datetime.timedelta(days=6),
                                      reason="Lần nữa")
    services.do_decide_extension(province_staff, request, grant=True)
    task.refresh_from_db()
    assert task.due_on == assignment.deadline + datetime.timedelta(days=5)
    with pytest.raises(ValidationError, match="đã được xem xét"):
        services.do_decide_extension(province_staff, request, grant=False)
    request.refresh_from_db()
    assert request.state == ExtensionState.GRANTED


def test_overdue_is_derived_from_deadline_and_not_stored(tree, province_staff, commune_a_staff, today, monkeypatch):
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a, tree.commune_b])
    services.do_submit_task(commune_a_staff, assignment.tasks.get(unit=tree.commune_a), note="x")
    later = assignment.deadline + datetime.timedelta(days=1)
    counts = selectors.summary(assignment, today=later)
    assert (counts["submitted"], counts["overdue"], counts["todo"]) == (1, 1, 0)
    assert assignment.tasks.get(unit=tree.commune_b).state == TaskState.TODO
    assert counts["on_time_rate"] == 50.0


def test_on_time_rate_counts_delivery_by_the_deadline_among_units_submitted_or_overdue(
        tree, province_staff, commune_a_staff, commune_b_staff, today):
    """On time / (submitted at least once + overdue): a return judges content, not timing."""
    cells = [*tree.cells_a, tree.commune_a, *tree.cells_b, tree.commune_b]  # six assignees
    assignment = fan_out(province_staff, tree.province, units=cells)
    tasks = {t.unit_id: t for t in assignment.tasks.all()}
    deadline = assignment.deadline
    on_time_at = timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(16)))
    late_at = on_time_at + datetime.timedelta(days=2)
    services.do_submit_task(commune_a_staff, tasks[cells[0].pk], note="Đúng hạn", now=on_time_at)
    services.do_submit_task(commune_a_staff, tasks[cells[1].pk], note="Đúng hạn, bị trả lại", now=on_time_at)
    returned = AssigneeTask.objects.get(pk=tasks[cells[1].pk].pk)
    services.do_review_task(province_staff, returned, accept=False, expected_version=returned.version,
                            comment="Bổ sung", resubmit_by=deadline + datetime.timedelta(days=10))
    services.do_submit_task(commune_b_staff, tasks[cells[3].pk], note="Nộp muộn", now=late_at)
    # Before the deadline only submissions count: two on time out of three submitted.
    before = selectors.summary(assignment, today=deadline)
    assert (before["on_time"], before["due"], before["on_time_rate"]) == (2, 3, 66.7)
    # After it, the two that never submitted are overdue and join the denominator.
    after = selectors.summary(assignment, today=deadline + datetime.timedelta(days=3))
    assert (after["overdue"], after["returned"], after["on_time"], after["due"]) == (3, 1, 2, 6)
    assert after["on_time_rate"] == 33.3
    # Once the resubmission deadline passes, the returned task is overdue and no longer on time.
    later = selectors.summary(assignment, today=deadline + datetime.timedelta(days=11))
    assert (later["overdue"], later["on_time"], later["due"], later["on_time_rate"]) == (4, 1, 6, 16.7)


def _with_emails(tree):
    make_user(tree.commune_a, RoleKind.STAFF, username="a_mail", email="a@example.vn")
    make_user(tree.commune_b, RoleKind.SECRETARY, username="b_mail", email="b@example.vn")


def test_reminders_before_deadline_and_on_overdue_are_sent_once_each(tree, province_staff, today, mailoutbox):
    _with_emails(tree)
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a, tree.commune_b],
                         deadline=TODAY + datetime.timedelta(days=3))
    assert services.do_send_reminders(today=TODAY)["sent"] == 2
    assert services.do_send_reminders(today=TODAY)["sent"] == 0
    assert services.do_send_reminders(today=TODAY + datetime.timedelta(days=1))["sent"] == 0
    assert len(mailoutbox) == 2
    assert {m.to[0] for m in mailoutbox} == {"a@example.vn", "b@example.vn"}
    assert "sắp đến hạn" in mailoutbox[0].body.lower()
    after = assignment.deadline + datetime.timedelta(days=1)
    assert services.do_send_reminders(today=after)["sent"] == 2
    assert services.do_send_reminders(today=after + datetime.timedelta(days=1))["sent"] == 0
    assert len(mailoutbox) == 4
    assert Notification.objects.filter(kind=ReminderKind.OVERDUE).count() == 2
    assert Notification.objects.filter(kind=ReminderKind.BEFORE_DEADLINE).count() == 2


def test_sweep_with_a_notice_already_inserted_by_another_worker_does_not_email_it(tree, province_staff, today,
                                                                               mailoutbox):
    _with_emails(tree)
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a, tree.commune_b],
                         deadline=TODAY + datetime.timedelta(days=1))
    task_a = assignment.tasks.get(unit=tree.commune_a)
    # Another worker inserted A's notice between this worker's candidate query and its insert.
    original = services._already

    def racing(kind):
        if kind != ReminderKind.BEFORE_DEADLINE:
            return original(kind)
        Notification.objects.get_or_create(task=task_a, kind=kind, event_date=task_a.due_on,
                                           defaults={"unit": tree.commune_a, "message": "x"})
        return original(kind) & ~original(kind)  # matches nothing: A stays a candidate

    from unittest import mock

    with mock.patch.object(services, "_already", racing):
        result = services.do_send_reminders(today=TODAY)
    assert result["sent"] == 1
    assert [m.to for m in mailoutbox] == [["b@example.vn"]]
    assert Notification.objects.filter(task=task_a).count() == 1


def test_extension_makes_a_new_before_deadline_event(tree, province_staff, commune_a_staff, today):
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a], deadline=TODAY + datetime.timedelta(days=2))
    assert services.do_send_reminders(today=TODAY)["sent"] == 1
    task = assignment.tasks.get()
    request = services.do_request_extension(commune_a_staff, task, requested_due=TODAY + datetime.timedelta(days=4),
                                            reason="Chờ họp")
    services.do_decide_extension(province_staff, request, grant=True)
    assert services.do_send_reminders(today=TODAY + datetime.timedelta(days=1))["sent"] == 1
    assert Notification.objects.filter(task=task).count() == 2


def test_completion_children_group_counts_by_branch_in_one_query(tree, province_staff, commune_a_staff, today,
                                                                 django_assert_num_queries):
    assignment = fan_out(province_staff, tree.province, under=tree.province, kinds=[UnitKind.CELL, UnitKind.COMMUNE])
    services.do_submit_task(commune_a_staff, assignment.tasks.get(unit=tree.cells_a[0]), note="x")
    with django_assert_num_queries(2):
        rows = selectors.completion_children(assignment, tree.province)
    by_unit = {r["unit"].pk: r for r in rows}
    assert set(by_unit) == {tree.commune_a.pk, tree.commune_b.pk}
    assert (by_unit[tree.commune_a.pk]["total"], by_unit[tree.commune_a.pk]["submitted"]) == (3, 1)
    assert (by_unit[tree.commune_b.pk]["total"], by_unit[tree.commune_b.pk]["submitted"]) == (3, 0)
    cells = {r["unit"].pk: r for r in selectors.completion_children(assignment, tree.commune_a)}
    assert cells[tree.cells_a[0].pk]["submitted"] == 1 and cells[tree.cells_a[1].pk]["todo"] == 1
    levels = selectors.completion_by_level(assignment, tree.province)
    assert [(lv["depth"], lv["total"]) for lv in levels] == [(3, 2), (4, 4)]


@pytest.mark.parametrize("issuer", ["province", "board"])
def test_dashboard_counts_in_one_grouped_query_match_the_separate_selectors(
        tree, province_staff, commune_a_staff, today, issuer, django_assert_max_num_queries):
    """The dashboard's `completion` equals summary + completion_children + completion_by_level, also when
    a board assigns to the communes beside it (the tree then opens on the board's parent)."""
    assignment = fan_out(province_staff, getattr(tree, issuer), under=tree.province,
                         kinds=[UnitKind.CELL, UnitKind.COMMUNE])
    services.do_submit_task(commune_a_staff, assignment.tasks.get(unit=tree.cells_a[0]), note="x")
    later = assignment.deadline + datetime.timedelta(days=1)
    with django_assert_max_num_queries(2 if issuer == "province" else 4):
        counts = selectors.completion(assignment, later)
    root = selectors.tree_root(assignment)
    assert counts["root"] == root == tree.province
    assert counts["summary"] == selectors.summary(assignment, later, root)
    assert counts["summary"]["overdue"] == 5 and counts["summary"]["on_time"] == 1
    assert counts["children"] == selectors.completion_children(assignment, root, later)
    assert counts["levels"] == selectors.completion_by_level(assignment, root, later)
    below = selectors.completion(assignment, later, tree.commune_a)
    assert [(r["unit"], r["submitted"], r["overdue"]) for r in below["children"]] == [
        (tree.cells_a[0], 1, 0), (tree.cells_a[1], 0, 1)]
    assert below["summary"]["total"] == 3


# --- Implementing documents ----------------------------------------------------------------------

@pytest.fixture
def province_plan(tree, province_staff):
    from chibo.documents.services import do_register_document

    return do_register_document(owner=tree.province, actor=province_staff, notation="20-KH/TU",
                                issued_on=datetime.date(2025, 8, 20), abstract="Kế hoạch tủ sách chi bộ")


def test_submitting_an_implementing_document_records_that_it_implements_the_source(tree, province_staff,
                                                                                   commune_a_staff, today,
                                                                                   province_plan):
    from chibo.documents.models import DocumentRelation, RelationKind
    from chibo.documents.services import do_register_document

    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a], source_document=province_plan)
    commune_plan = do_register_document(owner=tree.commune_a, actor=commune_a_staff, notation="7-KH/ĐU",
                                        issued_on=datetime.date(2025, 8, 28))
    task = services.do_submit_task(commune_a_staff, assignment.tasks.get(), implementing_document=commune_plan)
    assert task.implementing_document == commune_plan
    relation = DocumentRelation.objects.get()
    assert (relation.source, relation.target, relation.kind) == (commune_plan, province_plan, RelationKind.IMPLEMENTS)
    assert task.events.get(kind=EventKind.SUBMITTED).data == {"document": commune_plan.pk, "notation": "7-KH/ĐU"}


def test_a_new_implementing_document_is_registered_with_the_submission_and_only_with_it(tree, province_staff,
                                                                                        commune_a_staff, today,
                                                                                        province_plan):
    from chibo.documents.models import Document, DocumentRelation

    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a], source_document=province_plan)
    task = assignment.tasks.get()
    stale = task.version
    services.do_start_task(commune_a_staff, task)
    # Submitting from a page read before the task was started: refused, and the document is not registered.
    with pytest.raises(services.TransitionConflict):
        services.do_submit_task(commune_a_staff, task, expected_version=stale,
                                new_document={"notation": "7-KH/ĐU", "issued_on": datetime.date(2025, 8, 28)})
    assert not Document.objects.filter(owner=tree.commune_a).exists()
    assert task.events.filter(kind=EventKind.CONFLICT).count() == 1  # the refused attempt stays in the history

    task = services.do_submit_task(commune_a_staff, task, new_document={
        "notation": "7-KH/ĐU", "issued_on": datetime.date(2025, 8, 28), "abstract": "Kế hoạch thực hiện"})
    document = Document.objects.get(owner=tree.commune_a)
    assert (document.notation, document.issuer, document.issued_on) == ("7-KH/ĐU", tree.commune_a,
                                                                         datetime.date(2025, 8, 28))
    assert task.state == TaskState.SUBMITTED and task.implementing_document == document
    assert DocumentRelation.objects.get().target == province_plan


def test_a_new_implementing_document_of_another_unit_is_refused(tree, province_staff, commune_a_staff, today):
    from chibo.documents.models import Document

    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a])
    with pytest.raises(ValidationError, match="không phải văn bản triển khai"):
        services.do_submit_task(commune_a_staff, assignment.tasks.get(), new_document={"notation": "5-KH/TU"})
    assert not Document.objects.exists() and assignment.tasks.get().state == TaskState.TODO


def test_history_lines_say_the_deadlines_they_set(tree, province_staff, commune_a_staff, today):
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_a])
    task = assignment.tasks.get()
    request = services.do_request_extension(commune_a_staff, task, requested_due=datetime.date(2025, 9, 20),
                                            reason="Chờ hội nghị")
    services.do_decide_extension(province_staff, request, grant=True)
    task.refresh_from_db()
    services.do_submit_task(commune_a_staff, task, note="Kết quả")
    services.do_review_task(province_staff, task, accept=False, expected_version=task.version, comment="Bổ sung",
                            resubmit_by=datetime.date(2025, 9, 30))
    details = [e.details for e in task.events.order_by("id")]
    assert details == ["Đề nghị gia hạn đến 20/09/2025", "Hạn mới: 20/09/2025 (trước đó 11/09/2025)", "",
                       "Hạn nộp lại: 30/09/2025"]


def test_the_completion_tree_opens_only_units_with_tasks_below_them(tree, province_staff, today):
    # Commune A's cells (with or without commune A itself) have tasks; of commune B, only the commune.
    assignment = fan_out(province_staff, tree.province, units=[tree.commune_b],
                         under=tree.commune_a, kinds=[UnitKind.COMMUNE, UnitKind.CELL])
    extra = fan_out(province_staff, tree.province, units=[tree.commune_a, tree.commune_b, *tree.cells_a])
    for a in (assignment, extra):
        rows = {r["unit"]: r["has_below"] for r in selectors.completion(a, TODAY)["children"]}
        assert rows == {tree.commune_a: True, tree.commune_b: False}, a
        assert {r["unit"]: r["has_below"] for r in selectors.completion_children(a, tree.province, TODAY)} == rows
    assert [lv["label"] for lv in selectors.completion(extra, TODAY)["levels"]] == ["Trực thuộc trực tiếp",
                                                                                   "Cấp dưới thứ 2"]
