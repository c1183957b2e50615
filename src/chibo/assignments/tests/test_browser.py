"""The province assigns a plan to all its communes; two submit, one is returned, the rest go overdue.

The dashboard then shows exactly these counts at each level, and each overdue commune received
one reminder (in the app and by e-mail), even though the sweep ran twice.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from chibo.accounts.models import RoleKind
from chibo.assignments.models import AssigneeTask, Notification, ReminderKind, TaskState
from chibo.assignments.tasks import send_reminders
from chibo.core.testing import make_unit, make_user
from chibo.orgs.models import UnitKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def counts_row(page, unit):
    row = page.locator(f"#completion-tree tr[data-unit='{unit.pk}']")
    return {col: int(row.locator(f"td[data-col='{col}']").inner_text().replace(".", ""))
            for col in ("total", "todo", "submitted", "accepted", "returned", "overdue")}


def test_province_plan_to_all_communes_dashboard_and_one_reminder_each(tree, live_server, page, login, monkeypatch):
    clock = {"today": timezone.localdate()}
    monkeypatch.setattr("chibo.assignments.clock.today", lambda: clock["today"])
    commune_c = make_unit(tree.province, "Đảng ủy xã Phong Niên", UnitKind.COMMUNE, code="ĐU")
    commune_d = make_unit(tree.province, "Đảng ủy xã Gia Phú", UnitKind.COMMUNE, code="ĐU")
    make_user(tree.province, RoleKind.STAFF, username="tinh")
    make_user(tree.commune_a, RoleKind.STAFF, username="xa_a", email="xa_a@example.vn")
    make_user(tree.commune_b, RoleKind.STAFF, username="xa_b", email="xa_b@example.vn")
    make_user(commune_c, RoleKind.SECRETARY, username="xa_c", email="xa_c@example.vn")
    make_user(commune_d, RoleKind.STAFF, username="xa_d", email="xa_d@example.vn")
    deadline = clock["today"] + datetime.timedelta(days=7)

    # 1. The province hands the plan to every commune.
    login("tinh")
    page.goto(f"{live_server.url}/nhiem-vu/giao-moi/")
    page.select_option("#id_issuer", str(tree.province.pk))
    page.fill("#id_title", "Xây dựng kế hoạch thực hiện Kế hoạch 11-KH/BTGDVTU")
    page.select_option("#id_deliverable", "document")
    page.fill("#id_deadline", deadline.strftime("%d/%m/%Y"))
    page.select_option("#id_under", str(tree.province.pk))
    page.check(f"#assignment-form input[name=kinds][value='{UnitKind.COMMUNE}']")
    page.shot("create")
    page.click("#assignment-form button[type=submit]")
    page.wait_for_load_state()
    assert "Đã giao nhiệm vụ cho 4 đơn vị" in page.locator(".messages").inner_text()
    detail_url = page.url
    assert AssigneeTask.objects.count() == 4

    # 2. Communes A and B submit from their inboxes.
    for username in ("xa_a", "xa_b"):
        page.context.clear_cookies()
        login(username)
        page.goto(f"{live_server.url}/nhiem-vu/")
        page.click("#inbox >> text=Xây dựng kế hoạch thực hiện")
        page.wait_for_load_state()
        page.fill("#submit-form textarea[name=note]", "Đã ban hành kế hoạch thực hiện của Đảng ủy.")
        page.click("#submit-form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("#task-state [data-state]").get_attribute("data-state") == "submitted"
    page.shot("submitted")

    # 3. The province returns B's submission with a resubmission deadline.
    page.context.clear_cookies()
    login("tinh")
    task_b = AssigneeTask.objects.get(unit=tree.commune_b)
    page.goto(f"{live_server.url}/nhiem-vu/viec/{task_b.pk}/")
    page.fill("#review-form textarea[name=comment]", "Đề nghị bổ sung phân công cụ thể.")
    page.fill("#review-form input[name=resubmit_by]", (deadline + datetime.timedelta(days=14)).strftime("%d/%m/%Y"))
    page.click("#review-form button[value=return]")
    page.wait_for_load_state()
    assert page.locator("#task-state [data-state]").get_attribute("data-state") == "returned"

    # 4. The deadline passes; the reminder sweep runs, and runs again (a restarted worker).
    clock["today"] = deadline + datetime.timedelta(days=1)
    mail.outbox.clear()
    for _ in range(2):
        send_reminders.using(backend="immediate").enqueue(clock["today"].isoformat())

    # 5. The dashboard shows exactly these counts at each level.
    page.goto(detail_url)
    page.shot("dashboard")
    assert counts_row(page, tree.province) == {"total": 4, "todo": 0, "submitted": 1, "accepted": 0, "returned": 1,
                                               "overdue": 2}
    assert counts_row(page, tree.commune_a)["submitted"] == 1
    assert counts_row(page, tree.commune_b)["returned"] == 1
    assert counts_row(page, commune_c) == {"total": 1, "todo": 0, "submitted": 0, "accepted": 0, "returned": 0,
                                           "overdue": 1}
    assert counts_row(page, commune_d)["overdue"] == 1
    overdue_units = {int(u) for u in page.locator("#overdue tr[data-unit]").evaluate_all(
        "rows => rows.map(r => r.dataset.unit)")}
    assert overdue_units == {commune_c.pk, commune_d.pk}
    # On time: A and B delivered by the deadline (B's return is a verdict on content, not on timing);
    # counted among the four that have submitted or are overdue. The definition is on the page.
    assert page.locator("#summary [data-count=on_time_rate]").inner_text() == "50,0%"
    assert page.locator("#summary [data-count=on_time]").inner_text() == "2"
    assert page.locator("#summary [data-count=due]").inner_text() == "4"
    assert "số đơn vị đã nộp hoặc đã quá hạn" in page.locator("#on-time-definition").inner_text()

    # 6. Each overdue commune got one reminder, in the app and by e-mail; the others none.
    overdue_notices = Notification.objects.filter(kind=ReminderKind.OVERDUE)
    assert sorted(overdue_notices.values_list("unit_id", flat=True)) == sorted([commune_c.pk, commune_d.pk])
    assert sorted(m.to[0] for m in mail.outbox) == ["xa_c@example.vn", "xa_d@example.vn"]
    assert all("[Quá hạn]" in m.subject for m in mail.outbox)
    assert AssigneeTask.objects.get(unit=commune_c).state == TaskState.TODO  # overdue is derived, not stored

    page.context.clear_cookies()
    login("xa_c")
    page.goto(f"{live_server.url}/nhiem-vu/thong-bao/")
    assert page.locator("#notifications li").count() == 1
    assert "đã quá hạn" in page.locator("#notifications li").inner_text()
    page.shot("reminder")
