"""The member's pages: what they show, the check-in form's errors, and the web-app wiring under the CSP."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.activities.models import AttendanceStatus

from .factories import READING_TEXT, meeting, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree, cell_secretary):
    person = tree.people[tree.cells_a[0].pk][0]
    return meeting(cell_secretary, tree.cells_a[0]), member_user(person)


def test_home_is_small_registers_the_worker_with_the_csp_nonce_and_lists_offline_urls(setup, client_as):
    activity, user = setup
    response = client_as(user).get(reverse("me:home"))
    body = response.content.decode()
    assert len(response.content) < 30_000
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in body
    assert reverse("me:service_worker") in body and reverse("me:manifest") in body
    assert '<link rel="stylesheet"' not in body  # no extra request for styles
    offline = response.context["offline_urls"]
    reading = activity.attachments.get()
    assert reverse("me:meeting", args=[activity.pk]) in offline
    assert reverse("me:reading_file", args=[reading.pk]) in offline


def test_wrong_code_is_refused_with_a_clear_message(setup, client_as):
    activity, user = setup
    client = client_as(user)
    wrong = "123456" if activity.checkin_code != "123456" else "654321"
    response = client.post(reverse("me:checkin", args=[activity.pk]), {"code": wrong}, follow=True)
    assert "Mã điểm danh không đúng." in response.content.decode()
    assert activity.attendance.get(person=user.person).status == AttendanceStatus.INVITED


def test_meeting_and_reading_pages_show_agenda_and_text(setup, client_as):
    activity, user = setup
    client = client_as(user)
    assert "Học tập nghị quyết" in client.get(reverse("me:meeting", args=[activity.pk])).content.decode()
    reading = activity.attachments.get()
    page = client.get(reverse("me:reading", args=[reading.pk])).content.decode()
    assert READING_TEXT.splitlines()[0] in page and "Đánh dấu đã đọc" in page
    client.post(reverse("me:mark_read", args=[reading.pk]))
    assert "Đã đọc lúc" in client.get(reverse("me:reading", args=[reading.pk])).content.decode()
    file = client.get(reverse("me:reading_file", args=[reading.pk]))
    assert b"".join(file.streaming_content).decode() == READING_TEXT


def test_print_version_carries_meeting_agenda_and_reading_list(setup, client_as):
    activity, user = setup
    page = client_as(user).get(reverse("me:print")).content.decode()
    assert activity.topic in page and "Học tập nghị quyết" in page and "Tài liệu học tập" in page
    assert "@page" in page
    assert f"Dự sinh hoạt năm {timezone.localdate().year}<" in page  # the year is not written as 2.025


def test_secretary_without_member_record_is_offered_the_cell_view(tree, cell_secretary, client_as):
    page = client_as(cell_secretary).get(reverse("me:home")).content.decode()
    assert "chưa gắn với hồ sơ đảng viên" in page
    assert reverse("me:cell", args=[tree.cells_a[0].pk]) in page


def test_home_leads_to_my_grading_sheet_for_self_assessment(setup, tree, client_as):
    from chibo.grading import services as grading_services
    from chibo.grading.models import Assessment, Grade

    _activity, user = setup
    assert 'id="my-grading"' not in client_as(user).get(reverse("me:home")).text  # not graded in any round yet
    grading_round = grading_services.do_open_round(tree.commune_a, 2025)
    sheet = Assessment.objects.get(round=grading_round, person=user.person)
    html = client_as(user).get(reverse("me:home")).text
    card = html[html.index('id="my-grading"'):]
    assert "Đánh giá, xếp loại năm 2025" in card and "Đồng chí chưa tự đánh giá." in card
    assert f'href="{reverse("grading:assessment", args=[sheet.pk])}"' in card and "Tự đánh giá, xếp loại" in card
    grading_services.do_self_assess(sheet, Grade.GOOD, actor=user)
    card = client_as(user).get(reverse("me:home")).text
    assert "Đã tự đánh giá" in card[card.index('id="my-grading"'):]
    # Another member's sheet is never the one offered.
    other = tree.people[tree.cells_a[0].pk][1]
    assert Assessment.objects.get(round=grading_round, person=other).pk != client_as(user).get(
        reverse("me:home")).context["home"].grading.pk
