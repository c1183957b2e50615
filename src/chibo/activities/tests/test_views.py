"""Activity pages and exports as a cell secretary and a commune office use them."""

import datetime
import io
import re

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chibo.activities import ical, selectors, services
from chibo.activities.models import ActivityKind, AttendanceStatus
from chibo.assignments.models import AssigneeTask, Assignment, DeliverableKind
from chibo.documents.services import do_register_document

from .factories import regular_meeting


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def held_meeting(actor, cell, on, present=2):
    activity = regular_meeting(actor, cell, on=on)
    rows = list(activity.attendance.order_by("id"))
    services.do_record_roll_call(actor, activity, {
        r.pk: (AttendanceStatus.PRESENT if i < present else AttendanceStatus.EXCUSED, 0) for i, r in enumerate(rows)})
    services.do_record_minutes(actor, activity, contents="Nội dung.")
    return activity


def test_rates_page_writes_the_year_plainly_and_its_excel_is_that_year(tree, cell_secretary, commune_a_staff, client_as):
    held_meeting(cell_secretary, tree.cells_a[0], datetime.date(2011, 10, 5), present=2)
    client = client_as(commune_a_staff)
    page = client.get(reverse("activities:rates", args=[tree.commune_a.pk]), {"nam": 2011}).content.decode()
    assert "năm 2011" in page and "2.011" not in page
    link = re.search(r'href="([^"]+)" id="rates-xlsx"', page).group(1)
    assert link.endswith("?nam=2011")
    sheet = load_workbook(io.BytesIO(client.get(link).content))["Theo chi bộ"]
    assert "năm 2011" in sheet["A1"].value
    assert [row[:4] for row in sheet.iter_rows(min_row=3, values_only=True)] == [(tree.cells_a[0].name, 1, 3, 2)]
    assert 'name="nam"' in page, "the year can be chosen on the page"


def test_missing_meetings_page_keeps_its_month_and_names_each_cells_superior(tree, cell_secretary, commune_a_staff,
                                                                              client_as):
    held_meeting(cell_secretary, tree.cells_a[0], datetime.date(2026, 11, 5))
    response = client_as(commune_a_staff).get(reverse("activities:missing", args=[tree.commune_a.pk]),
                                              {"thang": "2026-11"})
    page = response.content.decode()
    assert "tháng 11/2026" in page and "2.026" not in page
    assert 'name="thang" value="2026-11"' in page
    table = text_of(response)[text_of(response).index("Trực thuộc"):]
    assert f"{tree.cells_a[1].name} {tree.commune_a.name}" in table and tree.cells_a[0].name not in table


def test_forms_offer_a_vietnamese_empty_choice_and_preselect_the_one_cell(tree, cell_secretary, client_as):
    client = client_as(cell_secretary)
    series = client.get(reverse("activities:series_create")).content.decode()
    assert "Select an option" not in series and "— Chọn —" in series
    assert f'<option value="{tree.cells_a[0].pk}" selected>' in series
    activity = regular_meeting(cell_secretary, tree.cells_a[0])
    minutes = client.get(reverse("activities:minutes", args=[activity.pk])).content.decode()
    assert "Select an option" not in minutes and "— Chọn —" in minutes


def test_a_topic_naming_its_kind_is_not_said_twice(tree, cell_secretary, client_as):
    activity = services.do_create_activity(
        cell_secretary, tree.cells_a[0], kind=ActivityKind.THEMATIC, on=datetime.date(2026, 12, 7),
        topic="Sinh hoạt chuyên đề: nâng cao chất lượng sinh hoạt chi bộ", starts_at=datetime.time(19, 30),
    )
    assert selectors.display_title(activity) == "Sinh hoạt chuyên đề: nâng cao chất lượng sinh hoạt chi bộ"
    assert services.news_title(activity).endswith("tổ chức sinh hoạt chuyên đề về “nâng cao chất lượng sinh hoạt chi bộ”")
    feed = ical.calendar([activity], name="x", host="h")
    assert "Sinh hoạt chuyên đề: Sinh hoạt chuyên đề" not in feed.replace("\r\n ", "")
    document = docx.Document(io.BytesIO(client_as(cell_secretary).get(
        reverse("activities:minutes_docx", args=[activity.pk])).content))
    assert "Sinh hoạt chuyên đề: nâng cao chất lượng sinh hoạt chi bộ" in [p.text for p in document.paragraphs]
    regular = regular_meeting(cell_secretary, tree.cells_a[0], topic="Sinh hoạt chi bộ thường kỳ",
                              on=datetime.date(2026, 11, 10))
    assert selectors.display_title(regular) == "Sinh hoạt chi bộ thường kỳ"
    assert services.news_title(regular).endswith("tổ chức sinh hoạt chi bộ thường kỳ tháng 11/2026")


def test_minutes_are_dated_at_the_units_place_and_count_who_was_not_marked(tree, cell_secretary, commune_a_staff,
                                                                          client_as):
    cell = tree.cells_a[0]
    cell.place = "phường Trạm Tấu, Lào Cai"
    cell.save()
    activity = regular_meeting(cell_secretary, cell, on=datetime.date(2026, 12, 7), starts_at=datetime.time(19, 30),
                               place="Nhà văn hoá phường Trạm Tấu")
    first, second, _third = activity.attendance.order_by("id")
    services.do_record_roll_call(cell_secretary, activity, {first.pk: (AttendanceStatus.PRESENT, 1),
                                                            second.pk: (AttendanceStatus.EXCUSED, 0)})
    client = client_as(cell_secretary)
    form_page = client.get(reverse("activities:minutes", args=[activity.pk])).content.decode()
    assert "Còn 1 đảng viên chưa điểm danh" in form_page
    services.do_record_minutes(cell_secretary, activity, contents="Nội dung.", ends_at=datetime.time(21, 45))
    document = docx.Document(io.BytesIO(client.get(reverse("activities:minutes_docx", args=[activity.pk])).content))
    assert document.tables[0].rows[0].cells[1].text.split("\n")[-1] == "Trạm Tấu, ngày 07 tháng 12 năm 2026"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "bắt đầu lúc 19 giờ 30" in text and "kết thúc lúc 21 giờ 45" in text
    assert "có mặt 01/03 đồng chí; vắng có lý do 01; vắng không lý do 00; chưa điểm danh 01." in text
    assert "Còn 1 đảng viên chưa điểm danh" in client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    # A cell with no place of its own is dated at its superior's.
    other = tree.cells_a[1]
    tree.commune_a.place = "xã Hoà Bình, tỉnh Thử Nghiệm"
    tree.commune_a.save()
    meeting = regular_meeting(commune_a_staff, other, on=datetime.date(2026, 12, 8))
    header = docx.Document(io.BytesIO(client_as(commune_a_staff).get(
        reverse("activities:minutes_docx", args=[meeting.pk])).content)).tables[0].rows[0].cells[1].text
    assert header.split("\n")[-1] == "Hoà Bình, ngày 08 tháng 12 năm 2026"


def test_documents_it_carries_out_are_linked_from_their_notations(tree, province_staff, cell_secretary, client_as):
    directive = do_register_document(owner=tree.province, actor=province_staff, notation="03-CT/TW",
                                     issued_on=datetime.date(2011, 5, 14), abstract="Về tiếp tục đẩy mạnh học tập")
    plan = do_register_document(owner=tree.province, actor=province_staff, notation="13-KH/TU",
                                issued_on=datetime.date(2011, 8, 23))
    do_register_document(owner=tree.province, actor=province_staff, notation="99-KH/TU")
    activity = services.do_create_activity(
        cell_secretary, tree.cells_a[0], kind=ActivityKind.SEMINAR, topic="Vai trò của đảng viên", on=datetime.date(2011, 10, 27),
        carries_out="Chỉ thị số 03-CT/TW ngày 14/05/2011 của Bộ Chính trị; Kế hoạch số 13-KH/TU ngày 23/8/2011 "
                    "của Thành ủy; Công văn số 201-CV/TU ngày 10/10/2011",
    )
    assert set(activity.documents.all()) == {directive, plan}, "201-CV/TU is not in the registry: cited, not linked"
    page = client_as(cell_secretary).get(reverse("activities:detail", args=[activity.pk])).content.decode()
    linked = page[page.index('id="linked-documents"'):]
    assert reverse("documents:detail", args=[directive.pk]) in linked and "14/05/2011" in linked
    services.do_update_activity(cell_secretary, activity, carries_out="Kế hoạch số 13-KH/TU")
    assert list(activity.documents.all()) == [plan]


def test_an_activity_answers_a_task_handed_to_its_unit(tree, commune_a_staff, cell_secretary, client_as):
    assignment = Assignment.objects.create(issuer=tree.commune_a, title="Tổ chức tọa đàm về công tác dân vận",
                                           deliverable=DeliverableKind.ACTIVITY, deadline=datetime.date(2026, 12, 31))
    task = AssigneeTask.objects.create(assignment=assignment, unit=tree.cells_a[0], due_on=datetime.date(2026, 12, 31))
    other = AssigneeTask.objects.create(assignment=assignment, unit=tree.cells_a[1], due_on=datetime.date(2026, 12, 31))
    client = client_as(cell_secretary)
    form = client.get(reverse("activities:create") + f"?unit={tree.cells_a[0].pk}").content.decode()
    tasks = re.search(r'<select name="task".*?</select>', form, re.S).group(0)
    assert f'<option value="{task.pk}">Tổ chức tọa đàm về công tác dân vận · {tree.cells_a[0].name} · hạn 31/12/2026' in tasks
    assert f'value="{other.pk}"' not in tasks
    response = client.post(reverse("activities:create") + f"?unit={tree.cells_a[0].pk}", {
        "unit": tree.cells_a[0].pk, "kind": "seminar", "topic": "Công tác dân vận", "on": "20/12/2026",
        "task": task.pk, "chair": tree.people[tree.cells_a[0].pk][0].pk,
    })
    assert response.status_code == 302
    activity = task.activities.get()
    assert activity.chair == tree.people[tree.cells_a[0].pk][0]
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert f'href="{reverse("assignments:task", args=[task.pk])}" id="linked-task"' in page
    with pytest.raises(services.ActivityError, match="không giao cho đơn vị"):
        services.do_update_activity(commune_a_staff, activity, task=other)


def test_a_contribution_tapped_by_mistake_can_be_taken_back(tree, cell_secretary, client_as):
    activity = regular_meeting(cell_secretary, tree.cells_a[0], on=timezone.localdate())
    row = activity.attendance.order_by("id").first()
    client = client_as(cell_secretary)
    url = reverse("activities:roll_call_row", args=[activity.pk, row.pk])
    client.post(url, {"status": "present"})
    client.post(url, {"contributions": "2"})
    page = client.get(reverse("activities:roll_call", args=[activity.pk])).content.decode()
    assert 'name="contributions" value="1" class="secondary" data-action="uncontribute"' in page
    client.post(url, {"contributions": "1"})
    activity.refresh_from_db()
    assert activity.contributions == 1


def test_my_invitations_put_the_coming_meetings_first(tree, cell_secretary, client_as):
    from chibo.accounts.models import RoleKind
    from chibo.core.testing import make_user

    user = make_user(tree.cells_a[0], RoleKind.MEMBER, person=tree.people[tree.cells_a[0].pk][0])
    today = timezone.localdate()
    past = held_meeting(cell_secretary, tree.cells_a[0], today - datetime.timedelta(days=20))
    coming = regular_meeting(cell_secretary, tree.cells_a[0], on=today + datetime.timedelta(days=10))
    page = client_as(user).get(reverse("activities:mine")).content.decode()
    upcoming, earlier = page[page.index('id="upcoming"'):page.index('id="past"')], page[page.index('id="past"'):]
    assert coming.on.strftime("%d/%m/%Y") in upcoming and past.on.strftime("%d/%m/%Y") in earlier
