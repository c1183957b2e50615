"""Scope: a user of another commune gets 404 / 403 / nothing; a user inside gets the record."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.reporting import services
from chibo.reporting.models import Submission, SubmissionStatus

from .factories import make_form, march_2023


@pytest.fixture
def setup(tree, province_staff, cell_secretary):
    form = make_form(province_staff, tree.province)
    period = march_2023()
    sub = services.do_save_report(cell_secretary, tree.cells_a[0], form, period, {"NGUOI": "16 nghìn", "RAC": "219,2"})
    sub = services.do_submit_report(cell_secretary, sub, now=timezone.make_aware(datetime.datetime(2023, 4, 1)))
    return form, period, sub


@pytest.mark.scope_covers("reporting:index")
def test_index_lists_only_reports_in_scope(tree, setup, client_as, commune_a_staff, commune_b_staff):
    form, period, sub = setup
    inside = client_as(commune_a_staff).get(reverse("reporting:index"))
    assert inside.status_code == 200
    assert reverse("reporting:submission", args=[sub.pk]) in inside.content.decode()
    outside = client_as(commune_b_staff).get(reverse("reporting:index"))
    assert outside.status_code == 200
    assert reverse("reporting:submission", args=[sub.pk]) not in outside.content.decode()


@pytest.mark.scope_covers("reporting:form")
def test_inactive_form_of_another_unit_is_404(tree, setup, client_as, commune_b_staff, province_staff):
    form, _p, _s = setup
    assert client_as(commune_b_staff).get(reverse("reporting:form", args=[form.pk])).status_code == 200
    form.is_active = False
    form.save()
    assert client_as(commune_b_staff).get(reverse("reporting:form", args=[form.pk])).status_code == 404
    assert client_as(province_staff).get(reverse("reporting:form", args=[form.pk])).status_code == 200


@pytest.mark.scope_covers("reporting:form_create")
def test_form_create_only_for_a_managed_unit(tree, client_as, commune_a_staff, commune_b_staff):
    url = reverse("reporting:form_create", args=[tree.commune_a.pk])
    assert client_as(commune_b_staff).get(url).status_code == 404
    data = {"code": "XA", "name": "Báo cáo tháng của xã", "period_kind": "month", "reporting_kinds": ["cell"],
            "due_days": "5", "indicator_lines": "TU | Số tủ sách | tủ | integer | sum\nTUMOI | Tủ sách xây mới | tủ",
            "rule_lines": "TUMOI <= TU"}
    response = client_as(commune_a_staff).post(url, data)
    assert response.status_code == 302
    form = tree.commune_a.report_forms.get()
    assert [i.code for i in form.indicators.all()] == ["TU", "TUMOI"] and form.rules.count() == 1


@pytest.mark.scope_covers("reporting:entry", "reporting:entry_template")
def test_entry_page_and_template_only_for_the_unit_managers(tree, setup, client_as, cell_secretary, commune_b_staff):
    form, period, _s = setup
    for name in ("reporting:entry", "reporting:entry_template"):
        url = reverse(name, args=[form.pk, tree.cells_a[0].pk]) + f"?ky={period.pk}"
        assert client_as(commune_b_staff).get(url).status_code == 404
        assert client_as(cell_secretary).get(url).status_code == 200
    page = client_as(cell_secretary).get(reverse("reporting:entry", args=[form.pk, tree.cells_a[0].pk]) + f"?ky={period.pk}")
    assert "16.000" in page.content.decode()


def test_viewer_of_a_unit_cannot_enter_its_report(tree, setup, client_as):
    from chibo.accounts.models import RoleKind
    from chibo.core.testing import make_user

    form, period, _s = setup
    viewer = make_user(tree.cells_a[1], RoleKind.VIEWER)
    url = reverse("reporting:entry", args=[form.pk, tree.cells_a[1].pk])
    assert client_as(viewer).get(url).status_code == 403


@pytest.mark.scope_covers("reporting:entry_upload")
def test_upload_to_another_communes_cell_is_404_and_saves_nothing(tree, setup, client_as, commune_b_staff, commune_a_staff):
    from chibo.reporting import exports

    form, period, _s = setup
    cell = tree.cells_a[1]
    data = exports.entry_template(form, cell, period)
    url = reverse("reporting:entry_upload", args=[form.pk, cell.pk]) + f"?ky={period.pk}"
    upload = io.BytesIO(data)
    upload.name = "mau.xlsx"
    assert client_as(commune_b_staff).post(url, {"file": upload}).status_code == 404
    upload.seek(0)
    assert client_as(commune_a_staff).post(url, {"file": upload}).status_code == 302
    assert Submission.objects.filter(unit=cell).count() == 1


@pytest.mark.scope_covers("reporting:submission", "reporting:decide")
def test_submission_and_decision_only_inside_the_subtree(tree, setup, client_as, commune_a_staff, commune_b_staff, cell_secretary):
    _f, _p, sub = setup
    detail = reverse("reporting:submission", args=[sub.pk])
    decide = reverse("reporting:decide", args=[sub.pk])
    assert client_as(commune_b_staff).get(detail).status_code == 404
    assert client_as(commune_b_staff).post(decide, {"action": "approve"}).status_code == 404
    assert client_as(commune_a_staff).get(detail).status_code == 200
    # The cell itself sees its report but cannot approve it.
    assert client_as(cell_secretary).post(decide, {"action": "approve"}).status_code == 403
    assert client_as(commune_a_staff).post(decide, {"action": "approve"}).status_code == 302
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.APPROVED


@pytest.mark.scope_covers("reporting:rollup", "reporting:export_xlsx", "reporting:export_docx")
def test_rollup_and_exports_only_for_units_in_scope(tree, setup, client_as, commune_a_staff, commune_b_staff):
    form, period, _s = setup
    for name in ("reporting:rollup", "reporting:export_xlsx", "reporting:export_docx"):
        url = reverse(name, args=[form.pk, tree.commune_a.pk]) + f"?ky={period.pk}"
        assert client_as(commune_b_staff).get(url).status_code == 404, name
        assert client_as(commune_a_staff).get(url).status_code == 200, name
    page = client_as(commune_a_staff).get(reverse("reporting:rollup", args=[form.pk, tree.commune_a.pk]) + f"?ky={period.pk}")
    html = page.content.decode()
    assert "16.000" in html and "219,2" in html and "<svg" in html


@pytest.mark.scope_covers("reporting:send_totals")
def test_send_totals_only_for_a_managed_unit(tree, setup, client_as, commune_a_staff, commune_b_staff):
    form, period, _s = setup
    url = reverse("reporting:send_totals", args=[form.pk, tree.commune_a.pk]) + f"?ky={period.pk}"
    assert client_as(commune_b_staff).post(url).status_code == 404
    assert client_as(commune_a_staff).post(url).status_code == 302
    assert Submission.objects.filter(unit=tree.commune_a, kind="totals", status="submitted").exists()


# --- JSON API --------------------------------------------------------------------------------


@pytest.mark.scope_covers("api:reporting_forms", "api:reporting_form")
def test_api_forms_hide_inactive_forms_of_other_units(tree, setup, client_as, commune_b_staff, province_staff):
    form, _p, _s = setup
    form.is_active = False
    form.save()
    outside = client_as(commune_b_staff)
    assert outside.get(reverse("api:reporting_forms")).json() == []
    assert outside.get(reverse("api:reporting_form", kwargs={"form_id": form.pk})).status_code == 404
    inside = client_as(province_staff).get(reverse("api:reporting_form", kwargs={"form_id": form.pk})).json()
    assert inside["code"] == "TV" and inside["indicators"][0]["code"] == "NGUOI"


@pytest.mark.scope_covers("api:reporting_rollup")
def test_api_rollup_only_for_units_in_scope(tree, setup, client_as, commune_a_staff, commune_b_staff):
    form, period, _s = setup
    url = reverse("api:reporting_rollup", kwargs={"form_id": form.pk, "unit_id": tree.commune_a.pk}) + f"?period_id={period.pk}"
    assert client_as(commune_b_staff).get(url).status_code == 404
    data = client_as(commune_a_staff).get(url).json()
    assert data["figures"]["NGUOI"] == "16000" and data["figures"]["RAC"] == "219.2"
    assert (data["reported"], data["expected"]) == (1, 2)


@pytest.mark.scope_covers("api:reporting_submissions", "api:reporting_submission")
def test_api_submissions_only_in_scope(tree, setup, client_as, commune_a_staff, commune_b_staff):
    _f, _p, sub = setup
    assert client_as(commune_b_staff).get(reverse("api:reporting_submissions")).json() == []
    assert client_as(commune_b_staff).get(reverse("api:reporting_submission", kwargs={"submission_id": sub.pk})).status_code == 404
    listed = client_as(commune_a_staff).get(reverse("api:reporting_submissions")).json()
    assert [s["id"] for s in listed] == [sub.pk]
    one = client_as(commune_a_staff).get(reverse("api:reporting_submission", kwargs={"submission_id": sub.pk})).json()
    assert one["values"]["RAC"] == "219.2"


@pytest.mark.scope_covers("api:reporting_save")
def test_api_save_report_only_for_managed_units(tree, setup, client_as, commune_b_staff, commune_a_staff):
    form, period, _s = setup
    cell = tree.cells_a[1]
    url = reverse("api:reporting_save", kwargs={"form_id": form.pk, "unit_id": cell.pk})
    body = json.dumps({"period_id": period.pk, "values": {"NGUOI": "2.132", "TIEN": "1,6 tỷ"}, "submit": True})
    assert client_as(commune_b_staff).post(url, body, content_type="application/json").status_code == 404
    ok = client_as(commune_a_staff).post(url, body, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "submitted" and ok.json()["values"]["TIEN"] == "1600000000"
    bad = client_as(commune_a_staff).post(url, json.dumps({"period_id": period.pk, "values": {"NGUOI": "nhiều"}}),
                                          content_type="application/json")
    assert bad.status_code == 400 and "NGUOI" in bad.json()["errors"]


@pytest.mark.scope_covers("api:reporting_decide")
def test_api_decision_only_by_a_superior_in_scope(tree, setup, client_as, commune_b_staff, commune_a_staff, cell_secretary):
    _f, _p, sub = setup
    url = reverse("api:reporting_decide", kwargs={"submission_id": sub.pk})
    body = json.dumps({"action": "return", "note": "Số rác chưa khớp"})
    assert client_as(commune_b_staff).post(url, body, content_type="application/json").status_code == 404
    assert client_as(cell_secretary).post(url, body, content_type="application/json").status_code == 403
    ok = client_as(commune_a_staff).post(url, body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "returned"
