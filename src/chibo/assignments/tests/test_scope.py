"""Every page and API operation of assignments shows and changes only what the user's scope holds."""

import datetime

import pytest
from django.urls import reverse

from chibo.accounts.models import RoleKind
from chibo.assignments import services
from chibo.assignments.models import AssigneeTask, Assignment, ExtensionState, Notification, TaskState
from chibo.core.testing import make_user
from chibo.orgs.models import UnitKind

TODAY = datetime.date(2025, 9, 1)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("chibo.assignments.clock.today", lambda: TODAY)
    return TODAY


@pytest.fixture
def plan(tree, province_staff, today):
    """The province hands a plan to both communes."""
    return services.do_fan_out_assignment(
        province_staff, issuer=tree.province, title="Xây dựng kế hoạch thực hiện Kế hoạch 11-KH/BTGTU",
        deadline=TODAY + datetime.timedelta(days=10), under=tree.province, kinds=[UnitKind.COMMUNE],
    )


@pytest.fixture
def commune_plan(tree, commune_a_staff, today):
    """Commune A hands a task to its cells."""
    return services.do_fan_out_assignment(
        commune_a_staff, issuer=tree.commune_a, title="Rà soát tủ sách chi bộ",
        deadline=TODAY + datetime.timedelta(days=5), under=tree.commune_a, kinds=[UnitKind.CELL],
    )


def task_of(plan, unit):
    return AssigneeTask.objects.get(assignment=plan, unit=unit)


@pytest.mark.scope_covers("assignments:inbox")
def test_inbox_lists_only_the_users_units_tasks(tree, plan, commune_a_staff, commune_b_staff, client_as):
    page = client_as(commune_a_staff).get(reverse("assignments:inbox"))
    assert page.status_code == 200
    units = {t.unit_id for t in page.context["page"].object_list}
    assert units == {tree.commune_a.pk}
    assert {t.unit_id for t in client_as(commune_b_staff).get(reverse("assignments:inbox")).context["page"]} == {
        tree.commune_b.pk}
    secretary = make_user(tree.cells_a[0], RoleKind.SECRETARY)
    assert not client_as(secretary).get(reverse("assignments:inbox")).context["page"].object_list


@pytest.mark.scope_covers("assignments:issued", "assignments:detail")
def test_issued_list_and_dashboard_are_for_the_issuers_scope(tree, plan, commune_plan, province_staff,
                                                              commune_a_staff, commune_b_staff, client_as):
    titles = [a.title for a in client_as(commune_b_staff).get(reverse("assignments:issued")).context["page"]]
    assert titles == []
    titles = [a.title for a in client_as(commune_a_staff).get(reverse("assignments:issued")).context["page"]]
    assert titles == ["Rà soát tủ sách chi bộ"]
    assert len(client_as(province_staff).get(reverse("assignments:issued")).context["page"].object_list) == 2
    url = reverse("assignments:detail", args=[plan.pk])
    page = client_as(province_staff).get(url)
    assert page.status_code == 200 and page.context["summary"]["total"] == 2
    assert client_as(commune_a_staff).get(url).status_code == 404
    assert client_as(commune_b_staff).get(reverse("assignments:detail", args=[commune_plan.pk])).status_code == 404


@pytest.mark.scope_covers("assignments:tree_node")
def test_tree_fragment_only_for_the_issuers_scope_and_inside_the_tree(tree, commune_plan, province_staff,
                                                                     commune_a_staff, commune_b_staff, client_as):
    url = reverse("assignments:tree_node", args=[commune_plan.pk, tree.commune_a.pk])
    page = client_as(commune_a_staff).get(url)
    assert page.status_code == 200 and "Chi bộ thôn 1" in page.text
    assert client_as(province_staff).get(url).status_code == 200
    assert client_as(commune_b_staff).get(url).status_code == 404
    outside = reverse("assignments:tree_node", args=[commune_plan.pk, tree.commune_b.pk])
    assert client_as(commune_a_staff).get(outside).status_code == 404


@pytest.mark.scope_covers("assignments:create")
def test_create_offers_and_accepts_only_units_in_scope(tree, commune_a_staff, client_as, today):
    client = client_as(commune_a_staff)
    form = client.get(reverse("assignments:create")).context["form"]
    assert set(form.fields["issuer"].queryset) == {tree.commune_a}
    assert set(form.fields["units"].queryset) == set(tree.cells_a)
    response = client.post(reverse("assignments:create"), {
        "issuer": tree.commune_a.pk, "title": "Kiểm tra", "deliverable": "answer", "deadline": "30/09/2025",
        "remind_days_before": 3, "units": [tree.cells_b[0].pk],
    })
    assert response.status_code == 200 and not AssigneeTask.objects.exists()
    response = client.post(reverse("assignments:create"), {
        "issuer": tree.commune_a.pk, "title": "Kiểm tra", "deliverable": "answer", "deadline": "30/09/2025",
        "remind_days_before": 3, "units": [c.pk for c in tree.cells_a],
    })
    assert response.status_code == 302
    assert set(AssigneeTask.objects.values_list("unit_id", flat=True)) == {c.pk for c in tree.cells_a}
    assert AssigneeTask.objects.first().due_on == datetime.date(2025, 9, 30)


def test_create_explains_an_unreadable_deadline(tree, commune_a_staff, client_as, today):
    response = client_as(commune_a_staff).post(reverse("assignments:create"), {
        "issuer": tree.commune_a.pk, "title": "Kiểm tra", "deliverable": "answer", "deadline": "ba mươi",
        "remind_days_before": 3, "under": tree.commune_a.pk, "kinds": [UnitKind.CELL],
    })
    assert "ba mươi" in response.context["form"].errors["deadline"][0]


@pytest.mark.scope_covers("assignments:export")
def test_excel_export_only_for_the_issuers_scope(tree, plan, province_staff, commune_a_staff, client_as):
    import io

    from openpyxl import load_workbook

    response = client_as(province_staff).get(reverse("assignments:export", args=[plan.pk]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    names = [row[0] for row in wb.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert names == ["Đảng ủy xã Hoà Bình", "Đảng ủy phường Rạch Dừa"]
    assert client_as(commune_a_staff).get(reverse("assignments:export", args=[plan.pk])).status_code == 404


@pytest.mark.scope_covers("assignments:task")
def test_task_page_for_assignee_and_issuer_only_and_submission_in_scope(tree, plan, province_staff, commune_a_staff,
                                                                        commune_b_staff, client_as):
    task = task_of(plan, tree.commune_a)
    url = reverse("assignments:task", args=[task.pk])
    assert client_as(commune_a_staff).get(url).status_code == 200
    assert client_as(province_staff).get(url).status_code == 200
    assert client_as(commune_b_staff).get(url).status_code == 404
    assert client_as(commune_b_staff).post(url, {"action": "submit", "note": "x"}).status_code == 404
    response = client_as(commune_a_staff).post(url, {"action": "submit", "note": "Đã ban hành kế hoạch",
                                                     "version": task.version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.SUBMITTED


@pytest.mark.scope_covers("assignments:task_review")
def test_review_only_by_the_issuers_scope(tree, plan, province_staff, commune_a_staff, client_as):
    task = task_of(plan, tree.commune_a)
    services.do_submit_task(commune_a_staff, task, note="x")
    task.refresh_from_db()
    url = reverse("assignments:task_review", args=[task.pk])
    assert client_as(commune_a_staff).post(url, {"decision": "accept", "version": task.version}).status_code == 403
    outsider = make_user(tree.commune_b, RoleKind.STAFF)
    assert client_as(outsider).post(url, {"decision": "accept", "version": task.version}).status_code == 404
    assert client_as(province_staff).post(url, {"decision": "accept", "version": task.version}).status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.ACCEPTED


def test_stale_review_form_shows_the_conflict_message(tree, plan, province_staff, commune_a_staff, client_as):
    task = task_of(plan, tree.commune_a)
    services.do_submit_task(commune_a_staff, task, note="x")
    task.refresh_from_db()
    url = reverse("assignments:task_review", args=[task.pk])
    client_as(province_staff).post(url, {"decision": "accept", "version": task.version})
    other = make_user(tree.province, RoleKind.STAFF, username="tinh2")
    response = client_as(other).post(url, {"decision": "return", "version": task.version, "comment": "Sửa"},
                                     follow=True)
    text = response.content.decode()
    assert "không được thực hiện" in text and "Duyệt kết quả".lower() in text.lower()
    task.refresh_from_db()
    assert task.state == TaskState.ACCEPTED


@pytest.mark.scope_covers("assignments:extension_decide")
def test_extension_decision_only_by_the_issuers_scope(tree, plan, province_staff, commune_a_staff, client_as):
    task = task_of(plan, tree.commune_a)
    request = services.do_request_extension(commune_a_staff, task, requested_due=task.due_on + datetime.timedelta(days=3),
                                            reason="Chờ họp")
    url = reverse("assignments:extension_decide", args=[request.pk])
    assert client_as(commune_a_staff).post(url, {"decision": "grant"}).status_code == 404
    assert client_as(province_staff).post(url, {"decision": "grant"}).status_code == 302
    request.refresh_from_db()
    assert request.state == ExtensionState.GRANTED


@pytest.mark.scope_covers("assignments:notifications")
def test_notifications_only_of_the_users_units(tree, plan, commune_a_staff, commune_b_staff, client_as):
    services.do_send_reminders(today=plan.deadline + datetime.timedelta(days=1))
    assert Notification.objects.count() == 2
    page = client_as(commune_a_staff).get(reverse("assignments:notifications"))
    assert [n.unit_id for n in page.context["page"]] == [tree.commune_a.pk]
    client_as(commune_a_staff).post(reverse("assignments:notifications"))
    assert Notification.objects.filter(read_at__isnull=True).get().unit_id == tree.commune_b.pk


@pytest.mark.scope_covers("assignments:calendar")
def test_calendar_feed_by_session_or_signed_token_only_in_scope(tree, plan, commune_a_staff, commune_b_staff,
                                                                client_as, client):
    url = reverse("assignments:calendar", args=[tree.commune_a.pk])
    body = client_as(commune_a_staff).get(url).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "DTSTART;VALUE=DATE:20250911" in body
    assert body.count("BEGIN:VEVENT") == 1
    assert client_as(commune_b_staff).get(url).status_code == 404
    assert client.get(url).status_code == 404
    inbox = client_as(commune_a_staff).get(reverse("assignments:inbox"))
    feed = inbox.context["calendar_url"]
    assert client.get(feed).status_code == 200
    # The token is bound to its unit: it opens no other unit's feed.
    token = feed.split("token=")[1]
    assert client.get(reverse("assignments:calendar", args=[tree.commune_b.pk]), {"token": token}).status_code == 404
    assert client.get(url, {"token": token + "x"}).status_code == 404


# --- API ---------------------------------------------------------------------------------------

@pytest.mark.scope_covers("api:assignments", "api:assignment", "api:assignment_completion")
def test_api_assignments_are_scoped(tree, plan, commune_plan, province_staff, commune_a_staff, commune_b_staff,
                                    client_as):
    assert [a["id"] for a in client_as(commune_a_staff).get("/api/assignments/assignments").json()] == [commune_plan.pk]
    assert client_as(commune_b_staff).get("/api/assignments/assignments").json() == []
    assert client_as(commune_a_staff).get(f"/api/assignments/assignments/{plan.pk}").status_code == 404
    assert client_as(province_staff).get(f"/api/assignments/assignments/{plan.pk}").json()["assignee_count"] == 2
    completion = client_as(province_staff).get(f"/api/assignments/assignments/{plan.pk}/completion").json()
    assert completion["node"]["unit_id"] == tree.province.pk and completion["node"]["total"] == 2
    assert {c["unit_id"] for c in completion["children"]} == {tree.commune_a.pk, tree.commune_b.pk}
    assert client_as(commune_b_staff).get(f"/api/assignments/assignments/{commune_plan.pk}/completion").status_code == 404


@pytest.mark.scope_covers("api:assignment_create")
def test_api_create_refuses_units_outside_scope(tree, commune_a_staff, client_as, today):
    client = client_as(commune_a_staff)
    body = {"issuer_id": tree.commune_a.pk, "title": "Báo cáo quý", "deadline": "2025-09-30",
            "unit_ids": [tree.cells_b[0].pk]}
    assert client.post("/api/assignments/assignments", body, content_type="application/json").status_code == 404
    body["issuer_id"] = tree.commune_b.pk
    body["unit_ids"] = [tree.cells_a[0].pk]
    assert client.post("/api/assignments/assignments", body, content_type="application/json").status_code == 404
    body |= {"issuer_id": tree.commune_a.pk, "unit_ids": [], "under_id": tree.commune_a.pk, "kinds": ["cell"]}
    response = client.post("/api/assignments/assignments", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["assignee_count"] == 2
    body["deadline"] = "2025-01-01"
    response = client.post("/api/assignments/assignments", body, content_type="application/json")
    assert response.status_code == 400 and "đã qua" in response.json()["detail"]


@pytest.mark.scope_covers("api:tasks", "api:task", "api:task_submit")
def test_api_tasks_are_scoped(tree, plan, province_staff, commune_a_staff, commune_b_staff, client_as):
    mine = client_as(commune_a_staff).get("/api/assignments/tasks").json()
    assert [t["unit_id"] for t in mine] == [tree.commune_a.pk]
    other = task_of(plan, tree.commune_b)
    assert client_as(commune_a_staff).get(f"/api/assignments/tasks/{other.pk}").status_code == 404
    assert client_as(province_staff).get(f"/api/assignments/tasks/{other.pk}").json()["state"] == "todo"
    url = f"/api/assignments/tasks/{other.pk}/submit"
    assert client_as(commune_a_staff).post(url, {"note": "x"}, content_type="application/json").status_code == 404
    response = client_as(commune_b_staff).post(url, {"note": "Đã xong"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "submitted"


@pytest.mark.scope_covers("api:task_review")
def test_api_review_only_by_issuer_and_conflict_is_409(tree, plan, province_staff, commune_a_staff, client_as):
    task = task_of(plan, tree.commune_a)
    services.do_submit_task(commune_a_staff, task, note="x")
    task.refresh_from_db()
    url = f"/api/assignments/tasks/{task.pk}/review"
    body = {"accept": True, "version": task.version}
    assert client_as(commune_a_staff).post(url, body, content_type="application/json").status_code == 404
    assert client_as(province_staff).post(url, body, content_type="application/json").json()["state"] == "accepted"
    again = client_as(province_staff).post(url, {"accept": False, "version": task.version, "comment": "Sửa"},
                                           content_type="application/json")
    assert again.status_code == 409 and "không được thực hiện" in again.json()["detail"]


def test_dashboard_lists_the_longest_overdue_first_and_says_how_many_it_leaves_out(
        tree, plan, province_staff, client_as, monkeypatch):
    from chibo.assignments import views

    monkeypatch.setattr(views, "OVERDUE_SHOWN", 1)
    AssigneeTask.objects.filter(assignment=plan, unit=tree.commune_b).update(due_on=TODAY - datetime.timedelta(days=3))
    AssigneeTask.objects.filter(assignment=plan, unit=tree.commune_a).update(due_on=TODAY - datetime.timedelta(days=1))
    page = client_as(province_staff).get(reverse("assignments:detail", args=[plan.pk]))
    assert [t.unit_id for t in page.context["overdue"]] == [tree.commune_b.pk]
    text = page.content.decode()
    assert "1 đơn vị quá hạn lâu nhất trong số 2" in text
    assert f'data-unit="{tree.commune_b.pk}"' in text and 'data-count="overdue">2<' in text


# --- Source and implementing documents through the pages ----------------------------------------

def test_create_takes_the_source_document_by_notation_or_from_its_page(tree, province_staff, commune_a_staff,
                                                                       client_as, today):
    from chibo.documents.services import do_register_document

    plan = do_register_document(owner=tree.board, actor=province_staff, notation="15-KH/BTGDVTU",
                                issued_on=datetime.date(2025, 8, 20), abstract="Kế hoạch tủ sách chi bộ")
    client = client_as(commune_a_staff)
    # Opened from the province's plan (public, not in the commune's own registry): the form is filled in.
    page = client.get(reverse("assignments:create"), {"van_ban": plan.pk})
    form = page.context["form"]
    assert form.initial["source_notation"] == "15-KH/BTGDVTU" and form.initial["source_document"] == plan.pk
    assert "Select an option" not in page.content.decode()
    base = {"issuer": tree.commune_a.pk, "title": "Xây dựng kế hoạch", "deliverable": "document",
            "deadline": "30/09/2025", "remind_days_before": 3, "under": tree.commune_a.pk, "kinds": [UnitKind.CELL]}
    unknown = client.post(reverse("assignments:create"), {**base, "source_notation": "99-KH/BTGDVTU"})
    assert "99-KH/BTGDVTU" in unknown.context["form"].errors["source_notation"][0]
    assert not Assignment.objects.exists()
    done = client.post(reverse("assignments:create"), {**base, "source_notation": "15 - kh/btgdvtu"})
    assert done.status_code == 302 and Assignment.objects.get().source_document == plan


def test_a_unit_submits_a_new_implementing_document_from_its_task_page(tree, province_staff, commune_a_staff,
                                                                       client_as, today):
    from chibo.documents.models import Document, DocumentRelation
    from chibo.documents.services import do_register_document

    source = do_register_document(owner=tree.province, actor=province_staff, notation="20-KH/TU",
                                  issued_on=datetime.date(2025, 8, 20))
    assignment = services.do_fan_out_assignment(province_staff, issuer=tree.province, title="Kế hoạch thực hiện",
                                                deadline=TODAY + datetime.timedelta(days=10), units=[tree.commune_a],
                                                source_document=source)
    task = assignment.tasks.get()
    url = reverse("assignments:task", args=[task.pk])
    response = client_as(commune_a_staff).post(url, {
        "action": "submit", "version": task.version, "note": "", "document_notation": "7-KH/ĐU",
        "document_issued_on": "28/08/2025", "document_abstract": "Kế hoạch thực hiện Kế hoạch 20-KH/TU"})
    assert response.status_code == 302
    document = Document.objects.get(notation="7-KH/ĐU")
    assert document.owner == tree.commune_a and document.issued_on == datetime.date(2025, 8, 28)
    assert DocumentRelation.objects.get().target == source
    page = client_as(province_staff).get(url).content.decode()
    assert 'id="implementing-document"' in page and "7-KH/ĐU" in page
    assert "Văn bản triển khai: 7-KH/ĐU" in page  # the history line says which document


def test_the_returned_tasks_history_shows_the_resubmission_deadline_and_the_feed_links_each_task(
        tree, plan, province_staff, commune_a_staff, client_as):
    task = task_of(plan, tree.commune_a)
    services.do_submit_task(commune_a_staff, task, note="Kết quả")
    services.do_review_task(province_staff, task, accept=False, expected_version=task.version, comment="Bổ sung",
                            resubmit_by=datetime.date(2025, 9, 25))
    page = client_as(commune_a_staff).get(reverse("assignments:task", args=[task.pk])).content.decode()
    assert "Hạn nộp lại: 25/09/2025" in page
    feed = client_as(commune_a_staff).get(reverse("assignments:calendar", args=[tree.commune_a.pk])).content.decode()
    assert f"URL:http://testserver{reverse('assignments:task', args=[task.pk])}" in feed
