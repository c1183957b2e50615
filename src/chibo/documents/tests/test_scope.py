"""Every page and API operation of the registry shows a commune only its own internal documents."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chibo.documents import importing
from chibo.documents.models import Confidentiality, Distribution, Document, DocumentRelation, RelationKind
from chibo.documents.services import do_attach_file, do_register_document, do_relate_documents

from .conftest import SEED_000_OPENING
from .test_services import minimal_pdf


@pytest.fixture
def internal(tree, province_staff, commune_a_staff):
    """A province plan (public), commune A's internal plan implementing it, with a file."""
    plan = do_register_document(owner=tree.province, actor=province_staff, notation="20-KH/TU",
                                issued_on=datetime.date(2025, 10, 20), abstract="Kế hoạch tủ sách chi bộ")
    secret_a = do_register_document(owner=tree.commune_a, actor=commune_a_staff, notation="7-KH/ĐU",
                                    issued_on=datetime.date(2025, 11, 2), abstract="Kế hoạch nội bộ xã A",
                                    distribution=Distribution.INTERNAL)
    do_relate_documents(secret_a, plan, RelationKind.IMPLEMENTS)
    attachment = do_attach_file(secret_a, SimpleUploadedFile("kh7.pdf", minimal_pdf()), actor=commune_a_staff)
    return plan, secret_a, attachment


@pytest.mark.scope_covers("documents:list")
def test_list_and_search_show_internal_documents_only_in_scope(internal, commune_a_staff, commune_b_staff, client_as):
    plan, secret_a, _ = internal
    url = reverse("documents:list")
    assert "7-KH/ĐU" in client_as(commune_a_staff).get(url, {"q": "noi bo"}).text
    other = client_as(commune_b_staff).get(url, {"q": "noi bo"})
    assert other.status_code == 200 and "7-KH/ĐU" not in other.text
    assert "7-KH/ĐU" not in client_as(commune_b_staff).get(url).text
    assert "20-KH/TU" in client_as(commune_b_staff).get(url, {"q": "tu sach"}).text  # public: everyone reads it


@pytest.mark.scope_covers("documents:detail", "documents:attachment")
def test_detail_and_attachment_are_404_outside_scope(internal, commune_a_staff, commune_b_staff, client_as):
    _, secret_a, attachment = internal
    inside = client_as(commune_a_staff)
    assert inside.get(reverse("documents:detail", args=[secret_a.pk])).status_code == 200
    assert inside.get(reverse("documents:attachment", args=[attachment.pk])).status_code == 200
    outside = client_as(commune_b_staff)
    assert outside.get(reverse("documents:detail", args=[secret_a.pk])).status_code == 404
    assert outside.get(reverse("documents:attachment", args=[attachment.pk])).status_code == 404


@pytest.mark.scope_covers("documents:cascade", "documents:cascade_export")
def test_cascade_and_its_export_hide_other_communes_internal_documents(internal, province_staff, commune_b_staff,
                                                                         client_as):
    plan, secret_a, _ = internal
    page = client_as(province_staff).get(reverse("documents:cascade", args=[plan.pk])).text
    assert "7-KH/ĐU" in page and "Đảng ủy phường Rạch Dừa" in page
    other = client_as(commune_b_staff).get(reverse("documents:cascade", args=[plan.pk]))
    assert other.status_code == 200 and "7-KH/ĐU" not in other.text and "Đảng ủy xã Hoà Bình" not in other.text
    assert client_as(commune_b_staff).get(reverse("documents:cascade", args=[secret_a.pk])).status_code == 404

    def export_rows(client):
        response = client.get(reverse("documents:cascade_export", args=[plan.pk]))
        assert response.status_code == 200
        wb = openpyxl.load_workbook(io.BytesIO(response.content))
        return [[c for c in row if c is not None] for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]

    rows = export_rows(client_as(province_staff))
    assert ["Đảng ủy xã Hoà Bình", "Đã ban hành", "7-KH/ĐU", "02/11/2025", 1] in rows
    assert ["Đảng ủy phường Rạch Dừa", "Chưa ban hành", 0] in rows
    flat = str(export_rows(client_as(commune_b_staff)))
    assert "7-KH/ĐU" not in flat and "Hoà Bình" not in flat
    assert client_as(commune_b_staff).get(reverse("documents:cascade_export", args=[secret_a.pk])).status_code == 404


@pytest.mark.scope_covers("documents:create")
def test_form_registers_only_into_the_users_own_registry(tree, commune_a_staff, commune_b_staff, client_as):
    url = reverse("documents:create")
    response = client_as(commune_a_staff).post(url, {
        "owner": tree.commune_a.pk, "notation": "9-KH/ĐU", "issued_on": "03/12/2025", "abstract": "Kế hoạch",
        "confidentiality": "normal", "distribution": "internal", "status": "issued",
    })
    doc = Document.objects.get(notation="9-KH/ĐU")
    assert response.status_code == 302 and doc.owner == tree.commune_a and doc.issued_on == datetime.date(2025, 12, 3)
    refused = client_as(commune_b_staff).post(url, {
        "owner": tree.commune_a.pk, "notation": "10-KH/ĐU", "confidentiality": "normal",
        "distribution": "public", "status": "issued",
    })
    assert refused.status_code == 200 and not Document.objects.filter(notation="10-KH/ĐU").exists()


@pytest.mark.scope_covers("documents:paste")
def test_paste_previews_then_registers_into_the_users_registry(seed_units, client_as):
    from chibo.accounts.models import RoleKind
    from chibo.core.testing import make_user

    text = SEED_000_OPENING
    staff = make_user(seed_units.vung_tau, RoleKind.STAFF)
    url = reverse("documents:paste")
    preview = client_as(staff).post(url, {"owner": seed_units.vung_tau.pk, "text": text, "confidentiality": "normal",
                                          "distribution": "public", "action": "preview"})
    assert "Chưa có: sẽ đăng ký" in preview.text and not Document.objects.exists()
    done = client_as(staff).post(url, {"owner": seed_units.vung_tau.pk, "text": text, "confidentiality": "normal",
                                       "distribution": "public", "action": "register"})
    assert done.status_code == 200 and Document.objects.count() == 2
    outsider = make_user(seed_units.hoa_binh, RoleKind.STAFF)
    refused = client_as(outsider).post(url, {"owner": seed_units.vung_tau.pk, "text": text, "confidentiality": "normal",
                                             "distribution": "public", "action": "register"})
    assert refused.status_code == 200 and "owner" in refused.context["form"].errors
    assert Document.objects.count() == 2


@pytest.mark.scope_covers("documents:upload")
def test_upload_of_a_known_file_is_recognised_and_only_within_scope(internal, commune_a_staff, commune_b_staff,
                                                                    client_as, tree):
    _, secret_a, attachment = internal
    data = minimal_pdf()
    url = reverse("documents:upload")
    same = client_as(commune_a_staff).post(url, {"owner": tree.commune_a.pk, "confidentiality": "normal",
                                                 "distribution": "public", "file": SimpleUploadedFile("x.pdf", data)})
    assert same.context["result"].duplicate_file_of == secret_a
    # Commune B does not learn that the file exists in A's registry: it is read, and finds no notation.
    other = client_as(commune_b_staff).post(url, {"owner": tree.commune_b.pk, "confidentiality": "normal",
                                                  "distribution": "public", "file": SimpleUploadedFile("x.pdf", data)})
    assert "7-KH/ĐU" not in other.text and other.status_code == 200


@pytest.mark.scope_covers("documents:import", "documents:import_template")
def test_excel_import_is_atomic_and_into_the_users_registry(tree, commune_a_staff, commune_b_staff, client_as):
    template = client_as(commune_a_staff).get(reverse("documents:import_template"))
    assert template.status_code == 200
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(importing.COLUMNS)
    ws.append(["1-KH/ĐU", "", "01/12/2025", "Kế hoạch một", "", "", "Thường", "Công khai", ""])
    ws.append(["2-KH/ĐU", "", "32/13/2025", "Kế hoạch hai", "", "", "Thường", "Công khai", "1-KH/ĐU"])
    ws.append(["3-NQ/ĐU", "", "01/12/2025", "Nội dung mật", "", "", "Mật", "Lưu hành nội bộ", ""])

    def upload(client, owner, workbook):
        out = io.BytesIO()
        workbook.save(out)
        return client.post(reverse("documents:import"), {"owner": owner.pk, "file": SimpleUploadedFile("vb.xlsx", out.getvalue())})

    failed = upload(client_as(commune_a_staff), tree.commune_a, wb)
    errors = dict(failed.context["report"].errors)
    assert set(errors) == {3, 4} and "chỉ lưu văn bản không mật" in errors[4]
    assert not Document.objects.exists()
    ws.delete_rows(3, 2)
    ws.append(["2-KH/ĐU", "", "02/12/2025", "Kế hoạch hai", "", "", "Thường", "Công khai", "1-KH/ĐU"])
    done = upload(client_as(commune_a_staff), tree.commune_a, wb)
    assert done.context["report"].created == 2 and Document.objects.filter(owner=tree.commune_a).count() == 2
    assert DocumentRelation.objects.get().target.notation == "1-KH/ĐU"
    refused = upload(client_as(commune_b_staff), tree.commune_a, wb)
    assert "owner" in refused.context["form"].errors


@pytest.mark.scope_covers("documents:relate", "documents:resolve", "documents:attach")
def test_changes_to_a_document_need_a_managing_role_in_its_scope(internal, commune_a_staff, commune_b_staff,
                                                                  province_staff, client_as):
    plan, secret_a, _ = internal
    other = do_register_document(owner=plan.owner, actor=province_staff, notation="21-KH/TU")
    outside = client_as(commune_b_staff)
    assert outside.post(reverse("documents:relate", args=[secret_a.pk]), {"kind": "cites", "target": "21-KH/TU"}).status_code == 404
    assert outside.post(reverse("documents:resolve", args=[secret_a.pk]), {"abstract": "x"}).status_code == 404
    assert outside.post(reverse("documents:attach", args=[secret_a.pk])).status_code == 404
    # The public province plan is visible to commune B, but not theirs to change.
    outside.post(reverse("documents:resolve", args=[plan.pk]), {"abstract": "Sửa trái phép"})
    plan.refresh_from_db()
    assert plan.abstract == "Kế hoạch tủ sách chi bộ"
    inside = client_as(commune_a_staff)
    inside.post(reverse("documents:relate", args=[secret_a.pk]), {"kind": "cites", "target": "21-KH/TU"})
    assert DocumentRelation.objects.filter(source=secret_a, target=other, kind="cites").exists()
    inside.post(reverse("documents:resolve", args=[secret_a.pk]), {"issued_on": "05/11/2025"})
    secret_a.refresh_from_db()
    assert secret_a.issued_on == datetime.date(2025, 11, 5)
    inside.post(reverse("documents:attach", args=[secret_a.pk]), {"file": SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n123")})
    assert secret_a.attachments.count() == 2


@pytest.mark.scope_covers("api:documents_list", "api:documents_read", "api:documents_by_notation",
                          "api:documents_relations", "api:documents_cascade")
def test_api_reads_are_scoped(internal, commune_a_staff, commune_b_staff, client_as):
    plan, secret_a, _ = internal
    a, b = client_as(commune_a_staff), client_as(commune_b_staff)
    assert [d["notation"] for d in a.get("/api/documents/documents", {"q": "noi bo"}).json()] == ["7-KH/ĐU"]
    assert b.get("/api/documents/documents", {"q": "noi bo"}).json() == []
    assert a.get(f"/api/documents/documents/{secret_a.pk}").json()["notation"] == "7-KH/ĐU"
    assert b.get(f"/api/documents/documents/{secret_a.pk}").status_code == 404
    assert len(a.get("/api/documents/documents/by-notation", {"notation": "7 - kh/du"}).json()) == 1
    assert b.get("/api/documents/documents/by-notation", {"notation": "7-KH/ĐU"}).json() == []
    assert [r["document"]["notation"] for r in a.get(f"/api/documents/documents/{plan.pk}/relations").json()["incoming"]] == ["7-KH/ĐU"]
    assert b.get(f"/api/documents/documents/{plan.pk}/relations").json()["incoming"] == []
    assert b.get(f"/api/documents/documents/{secret_a.pk}/relations").status_code == 404
    cascade_a = a.get(f"/api/documents/documents/{plan.pk}/cascade").json()
    assert [u["issued"] for u in cascade_a["units"]] == [True]
    cascade_b = b.get(f"/api/documents/documents/{plan.pk}/cascade").json()
    assert cascade_b["documents"] == [] and [u["issued"] for u in cascade_b["units"]] == [False]
    assert b.get(f"/api/documents/documents/{secret_a.pk}/cascade").status_code == 404


@pytest.mark.scope_covers("api:documents_create", "api:documents_from_text", "api:documents_relate")
def test_api_writes_are_scoped_and_refuse_secret_content(internal, tree, commune_a_staff, commune_b_staff, client_as):
    plan, secret_a, _ = internal
    a, b = client_as(commune_a_staff), client_as(commune_b_staff)
    created = a.post("/api/documents/documents", {"owner_id": tree.commune_a.pk, "notation": "11-KH/ĐU"},
                     content_type="application/json")
    assert created.status_code == 201
    again = a.post("/api/documents/documents", {"owner_id": tree.commune_a.pk, "notation": "11-kh/du"},
                   content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    secret = a.post("/api/documents/documents", {"owner_id": tree.commune_a.pk, "notation": "12-NQ/ĐU",
                                                 "confidentiality": Confidentiality.SECRET, "abstract": "mật"},
                    content_type="application/json")
    assert secret.status_code == 422 and "không mật" in secret.json()["detail"]
    assert b.post("/api/documents/documents", {"owner_id": tree.commune_a.pk, "notation": "13-KH/ĐU"},
                  content_type="application/json").status_code == 404
    text = "Đảng ủy xã ban hành Kế hoạch số 14-KH/ĐU ngày 01/12/2025 về tủ sách chi bộ."
    assert b.post("/api/documents/from-text", {"owner_id": tree.commune_a.pk, "text": text},
                  content_type="application/json").status_code == 404
    from_text = a.post("/api/documents/from-text", {"owner_id": tree.commune_a.pk, "text": text},
                       content_type="application/json").json()
    assert [(d["notation"], d["issued_on"]) for d in from_text["created"]] == [("14-KH/ĐU", "2025-12-01")]
    graded = a.post("/api/documents/from-text", {"owner_id": tree.commune_a.pk, "text": text,
                                                 "confidentiality": Confidentiality.CONFIDENTIAL},
                    content_type="application/json")
    assert graded.status_code == 422 and "không mật" in graded.json()["detail"]
    new_id = created.json()["id"]
    linked = a.post(f"/api/documents/documents/{new_id}/relations", {"target_id": plan.pk, "kind": "implements"},
                    content_type="application/json")
    assert linked.status_code == 201
    assert b.post(f"/api/documents/documents/{secret_a.pk}/relations", {"target_id": plan.pk, "kind": "cites"},
                  content_type="application/json").status_code == 404
    assert b.post(f"/api/documents/documents/{plan.pk}/relations", {"target_id": plan.pk, "kind": "cites"},
                  content_type="application/json").status_code in (403, 422)


@pytest.mark.scope_covers("documents:listing", "documents:find", "documents:detail")
def test_the_cms_file_api_sharing_the_namespace_gives_unit_staff_nothing(internal, commune_b_staff, client_as):
    """Wagtail's admin API for the portal's files is also named "documents" (listing, find, detail).

    It serves Wagtail's files, never the registry, and only to portal editors: other staff are
    sent to the CMS login and see no record.
    """
    _, secret_a, _ = internal
    outside = client_as(commune_b_staff)
    for url in ("/cms/api/main/documents/", f"/cms/api/main/documents/find/?id={secret_a.pk}",
                f"/cms/api/main/documents/{secret_a.pk}/"):
        response = outside.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/cms/login/"), url
        assert b"7-KH" not in response.content


def xlsx(*rows) -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    wb.active.append(importing.COLUMNS)
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("vb.xlsx", out.getvalue())


def test_excel_import_links_only_to_documents_in_the_users_scope(internal, tree, commune_b_staff, client_as):
    """Commune B cannot link to commune A's internal 7-KH/ĐU (nor learn it exists); the public plan it can."""
    client = client_as(commune_b_staff)
    hidden = client.post(reverse("documents:import"), {"owner": tree.commune_b.pk, "file": xlsx(
        ["9-KH/ĐU", "", "03/12/2025", "Kế hoạch xã B", "", "", "Thường", "Công khai", "7-KH/ĐU"])})
    assert dict(hidden.context["report"].errors) == {2: "Không tìm thấy văn bản “7-KH/ĐU” để liên kết."}
    assert not Document.objects.filter(owner=tree.commune_b).exists()
    linked = client.post(reverse("documents:import"), {"owner": tree.commune_b.pk, "file": xlsx(
        ["9-KH/ĐU", "", "03/12/2025", "Kế hoạch xã B", "", "", "Thường", "Công khai", "20-KH/TU"])})
    assert linked.context["report"].relations == 1
    assert DocumentRelation.objects.get(source__owner=tree.commune_b).target == internal[0]


def test_a_notation_cited_by_two_provinces_links_to_the_one_nearest_the_registry(seed_units, tree, commune_a_staff,
                                                                                 client_as):
    from chibo.core.testing import make_user

    admin = make_user(None, is_superuser=True)
    elsewhere = do_register_document(owner=seed_units.hoa_binh, actor=admin, notation="20-KH/TU",
                                     issued_on=datetime.date(2025, 11, 1), abstract="Kế hoạch của tỉnh khác")
    ours = do_register_document(owner=tree.province, actor=admin, notation="20-KH/TU",
                                issued_on=datetime.date(2025, 10, 20), abstract="Kế hoạch của tỉnh")
    assert elsewhere.recency > ours.recency  # the other province's is the more recent
    client_as(commune_a_staff).post(reverse("documents:import"), {"owner": tree.commune_a.pk, "file": xlsx(
        ["9-KH/ĐU", "", "03/12/2025", "Kế hoạch xã A", "", "", "Thường", "Công khai", "20-KH/TU"])})
    assert DocumentRelation.objects.get().target == ours
    commune_plan = Document.objects.get(notation="9-KH/ĐU")
    client_as(commune_a_staff).post(reverse("documents:relate", args=[commune_plan.pk]),
                                    {"kind": RelationKind.CITES, "target": "20-KH/TU"})
    assert DocumentRelation.objects.get(kind=RelationKind.CITES).target == ours


def test_the_cascade_shows_each_units_task_and_calls_overdue_only_an_undelivered_one(internal, tree, province_staff,
                                                                                     commune_a_staff, commune_b_staff,
                                                                                     client_as, monkeypatch):
    """A commune that delivered a written report (no document) is not "overdue"; one that did nothing is."""
    from chibo.accounts.models import RoleKind
    from chibo.assignments import services as assignments
    from chibo.core.testing import make_unit, make_user
    from chibo.orgs.models import UnitKind

    plan = internal[0]
    commune_c = make_unit(tree.province, "Đảng ủy xã Phong Niên", UnitKind.COMMUNE, code="ĐU")
    today = datetime.date(2025, 12, 1)
    monkeypatch.setattr("chibo.assignments.clock.today", lambda: today)
    assignment = assignments.do_fan_out_assignment(province_staff, issuer=tree.province, title="Triển khai 20-KH/TU",
                                                   deadline=datetime.date(2025, 12, 10), source_document=plan,
                                                   under=tree.province, kinds=[UnitKind.COMMUNE])
    task_b = assignment.tasks.get(unit=tree.commune_b)
    assignments.do_submit_task(commune_b_staff, task_b, note="Đã quán triệt tại hội nghị")
    assignments.do_review_task(province_staff, task_b, accept=True, expected_version=task_b.version)
    today = datetime.date(2025, 12, 20)  # the deadline has passed
    make_user(commune_c, RoleKind.STAFF)

    page = client_as(province_staff).get(reverse("documents:cascade", args=[plan.pk]))
    rows = {p.unit: p for p in page.context["cascade"].units}
    # Commune A issued its plan but never submitted the task: issued, so not "overdue" here; its task is.
    assert rows[tree.commune_a].issued and not rows[tree.commune_a].overdue
    assert rows[tree.commune_a].task_state == "overdue"
    assert not rows[tree.commune_b].issued and not rows[tree.commune_b].overdue
    assert rows[tree.commune_b].task_state == "accepted" and rows[tree.commune_b].task_state_label == "Đã duyệt"
    assert rows[commune_c].overdue and rows[commune_c].task_state == "overdue"
    html = page.content.decode()
    assert html.count("Quá hạn, chưa ban hành") == 1 and 'data-task-state="accepted"' in html
    pending = client_as(province_staff).get(reverse("documents:cascade", args=[plan.pk]) + "?chua=1")
    assert [p.unit for p in pending.context["units"]] == [tree.commune_b, commune_c]
    sheet = openpyxl.load_workbook(io.BytesIO(client_as(province_staff).get(
        reverse("documents:cascade_export", args=[plan.pk])).content)).worksheets[0]
    states = {r[0]: (r[1], r[6]) for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert states[tree.commune_b.name] == ("Chưa ban hành", "Đã duyệt")
    assert states[commune_c.name] == ("Quá hạn", "Quá hạn")


def test_form_errors_are_shown_once_and_a_bad_search_filter_says_why(tree, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    page = client.post(reverse("documents:create"), {
        "owner": tree.commune_a.pk, "notation": "không phải số hiệu", "confidentiality": "normal",
        "distribution": "public", "status": "issued",
    }).content.decode()
    assert page.count("không phải số hiệu văn bản") == 1
    search = client.get(reverse("documents:list"), {"q": "", "year": "hai nghìn"}).content.decode()
    assert 'id="search-errors"' in search and "Hãy nhập năm bằng chữ số, ví dụ 2021." in search
