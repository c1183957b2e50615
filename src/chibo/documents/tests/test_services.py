"""Registering documents: one record per document, secrecy refused, links idempotent, files once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.accounts.models import AuditEvent, RoleKind
from chibo.core.testing import make_user
from chibo.documents import services
from chibo.documents.models import Attachment, Confidentiality, Document, DocumentRelation, RelationKind
from chibo.documents.services import (
    DocumentConflict,
    do_attach_file,
    do_register_document,
    do_register_from_text,
    do_relate_documents,
)

from .conftest import SEED_000_OPENING


def minimal_pdf(text: str = "") -> bytes:
    """A one-page PDF (no text layer needed for the checks that use it)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if text:
        writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_registering_a_notation_finds_the_issuer_in_the_tree_and_keys_the_document(seed_units, province_staff):
    doc = do_register_document(owner=seed_units.province, actor=province_staff, notation="11-KH/BTGDVTU",
                               issued_on=datetime.date(2025, 11, 3), abstract="Về tủ sách chi bộ")
    assert doc.created
    assert doc.issuer == seed_units.board and doc.owner == seed_units.board
    assert (doc.number, doc.type_code, doc.issuer_code, doc.term) == ("11", "KH", "BTGDVTU", "2025-2030")
    assert "tu sach chi bo" in doc.search_text
    assert AuditEvent.objects.filter(action="documents.register", object_id=str(doc.pk)).exists()


def test_registering_the_same_document_twice_creates_nothing_new(seed_units, province_staff):
    first = do_register_document(owner=seed_units.province, actor=province_staff, notation="12-KH/TU",
                                 issued_on=datetime.date(2025, 11, 3))
    again = do_register_document(owner=seed_units.province, actor=province_staff, notation="12 - kh/tu",
                                 issued_on=datetime.date(2025, 11, 3))
    assert again.pk == first.pk and not again.created
    assert Document.objects.count() == 1


def test_a_conflicting_date_is_raised_for_the_user_and_nothing_is_overwritten(seed_units, province_staff):
    first = do_register_document(owner=seed_units.province, actor=province_staff, notation="12-KH/TU",
                                 issued_on=datetime.date(2025, 11, 3), abstract="Kế hoạch A")
    with pytest.raises(DocumentConflict) as caught:
        do_register_document(owner=seed_units.province, actor=province_staff, notation="12-KH/TU",
                             issued_on=datetime.date(2025, 11, 5))
    assert caught.value.existing.pk == first.pk and caught.value.fields == ["issued_on"]
    with pytest.raises(DocumentConflict) as caught:
        do_register_document(owner=seed_units.province, actor=province_staff, notation="12-KH/TU",
                             abstract="Kế hoạch khác hẳn")
    assert caught.value.fields == ["abstract"]
    first.refresh_from_db()
    assert first.issued_on == datetime.date(2025, 11, 3) and first.abstract == "Kế hoạch A"


def test_an_undated_citation_is_completed_by_a_dated_one_without_a_second_record(seed_units, province_staff):
    undated = do_register_document(owner=seed_units.province, actor=province_staff, notation="13-ĐA/TU")
    dated = do_register_document(owner=seed_units.province, actor=province_staff, notation="13-DA/TU",
                                 issued_on=datetime.date(2022, 8, 8))
    assert dated.pk == undated.pk and dated.completed
    dated.refresh_from_db()
    assert dated.issued_on == datetime.date(2022, 8, 8) and dated.term == "2020-2025"


def test_same_notation_of_another_issuer_or_term_is_another_document(seed_units, province_staff):
    admin = make_user(None, is_superuser=True)
    a = do_register_document(owner=seed_units.hoa_binh, actor=admin, notation="13-KH/TU", issued_on=datetime.date(2022, 1, 5))
    b = do_register_document(owner=seed_units.can_tho, actor=admin, notation="13-KH/TU", issued_on=datetime.date(2022, 1, 5))
    c = do_register_document(owner=seed_units.hoa_binh, actor=admin, notation="13-KH/TU", issued_on=datetime.date(2016, 1, 5))
    assert len({a.pk, b.pk, c.pk}) == 3
    assert (a.issuer, b.issuer) == (seed_units.hoa_binh, seed_units.can_tho)


def test_an_outside_body_is_kept_by_name_in_the_registering_units_registry(seed_units, province_staff):
    doc = do_register_document(owner=seed_units.province, actor=province_staff, notation="1206/QĐ-UBND",
                               issuer_name="Ủy ban nhân dân tỉnh")
    assert doc.issuer is None and doc.owner == seed_units.province
    assert (doc.system, doc.issuer_display) == ("state", "Ủy ban nhân dân tỉnh")


def test_a_bad_notation_gets_a_vietnamese_error(seed_units, province_staff):
    with pytest.raises(ValidationError, match="không phải số hiệu văn bản"):
        do_register_document(owner=seed_units.province, actor=province_staff, notation="kế hoạch tháng ba")


def test_staff_cannot_register_into_another_communes_registry(tree, commune_b_staff):
    with pytest.raises(PermissionDenied):
        do_register_document(owner=tree.commune_a, actor=commune_b_staff, notation="5-KH/ĐU")
    assert not Document.objects.exists()


def test_internet_facing_instance_refuses_content_of_graded_documents(seed_units, province_staff, settings):
    settings.CHIBO_NETWORK = "internet"
    with pytest.raises(ValidationError, match="chỉ lưu văn bản không mật"):
        do_register_document(owner=seed_units.province, actor=province_staff, notation="7-NQ/TU",
                             confidentiality=Confidentiality.SECRET, abstract="Nội dung mật")
    assert not Document.objects.exists()
    bare = do_register_document(owner=seed_units.province, actor=province_staff, notation="7-NQ/TU",
                                confidentiality=Confidentiality.CONFIDENTIAL, issued_on=datetime.date(2025, 12, 1))
    assert bare.created and bare.abstract == ""
    pdf = SimpleUploadedFile("nq7.pdf", minimal_pdf(), content_type="application/pdf")
    with pytest.raises(ValidationError, match="chỉ lưu văn bản không mật"):
        do_attach_file(bare, pdf, actor=province_staff)
    with pytest.raises(ValidationError, match="chỉ lưu văn bản không mật"):
        do_register_from_text("Nghị quyết số 7-NQ/TU", owner=seed_units.province, actor=province_staff,
                              confidentiality=Confidentiality.CONFIDENTIAL)


def test_internal_network_instance_stores_graded_content(seed_units, province_staff, settings):
    settings.CHIBO_NETWORK = "internal"
    doc = do_register_document(owner=seed_units.province, actor=province_staff, notation="7-NQ/TU",
                               confidentiality=Confidentiality.TOP_SECRET, abstract="Nội dung tuyệt mật")
    assert doc.abstract == "Nội dung tuyệt mật"


def test_pasting_registers_the_cited_documents_and_links_and_again_changes_nothing(seed_units):
    text = SEED_000_OPENING
    staff = make_user(seed_units.vung_tau, RoleKind.STAFF)
    result = do_register_from_text(text, owner=seed_units.vung_tau, actor=staff)
    assert sorted(d.notation for d in result.created) == ["11-KH/BTGTU", "38-KH/TU"]
    plan, city_plan = sorted(result.created, key=lambda d: d.notation)
    assert plan.issuer == seed_units.brvt_board and plan.issued_on == datetime.date(2021, 1, 11)
    assert city_plan.issuer == seed_units.vung_tau and city_plan.issued_on is None
    assert DocumentRelation.objects.filter(source=city_plan, target=plan, kind=RelationKind.IMPLEMENTS).count() == 1

    counts = (Document.objects.count(), DocumentRelation.objects.count())
    again = do_register_from_text(text, owner=seed_units.vung_tau, actor=staff)
    assert not again.changed and not again.created and len(again.existing) == 2
    assert (Document.objects.count(), DocumentRelation.objects.count()) == counts


def test_pasting_reports_a_conflict_and_keeps_the_registered_record(seed_units):
    admin = make_user(None, is_superuser=True)
    registered = do_register_document(owner=seed_units.brvt_board, actor=admin, notation="11-KH/BTGTU",
                                      issued_on=datetime.date(2021, 1, 12))
    result = do_register_from_text(SEED_000_OPENING, owner=seed_units.vung_tau, actor=admin)
    assert [c.existing.pk for c in result.conflicts] == [registered.pk]
    registered.refresh_from_db()
    assert registered.issued_on == datetime.date(2021, 1, 12)
    # The link is still made to the registered record.
    assert DocumentRelation.objects.filter(target=registered).count() == 1


def test_relating_documents_is_idempotent_and_never_to_itself(seed_units, province_staff):
    a = do_register_document(owner=seed_units.province, actor=province_staff, notation="1-KH/TU")
    b = do_register_document(owner=seed_units.province, actor=province_staff, notation="2-KH/BTGDVTU")
    first = do_relate_documents(b, a, RelationKind.IMPLEMENTS)
    second = do_relate_documents(b, a, RelationKind.IMPLEMENTS)
    assert first.pk == second.pk and first.created and not second.created
    with pytest.raises(ValidationError):
        do_relate_documents(a, a, RelationKind.CITES)


def test_the_same_file_attached_twice_is_stored_once(seed_units, province_staff):
    doc = do_register_document(owner=seed_units.province, actor=province_staff, notation="3-KH/TU")
    data = minimal_pdf()
    first = do_attach_file(doc, SimpleUploadedFile("a.pdf", data), actor=province_staff)
    second = do_attach_file(doc, SimpleUploadedFile("copy-of-a.pdf", data), actor=province_staff)
    assert first.pk == second.pk and first.created and not second.created
    other = do_register_document(owner=seed_units.province, actor=province_staff, notation="4-KH/TU")
    third = do_attach_file(other, SimpleUploadedFile("b.pdf", data), actor=province_staff)
    assert third.file.name == first.file.name  # one stored copy for both documents
    assert Attachment.objects.count() == 2


@pytest.mark.parametrize("name, data, message", [
    ("virus.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, DOCX"),
    ("fake.pdf", b"not a pdf at all", "không đúng định dạng PDF"),
])
def test_attachments_of_the_wrong_kind_are_refused(seed_units, province_staff, name, data, message):
    doc = do_register_document(owner=seed_units.province, actor=province_staff, notation="3-KH/TU")
    with pytest.raises(ValidationError, match=message):
        do_attach_file(doc, SimpleUploadedFile(name, data), actor=province_staff)


def test_committee_terms_follow_congresses():
    from chibo.documents.issuers import committee_term

    assert committee_term(datetime.date(2021, 1, 11), "BTGTU") == "2020-2025"
    assert committee_term(datetime.date(2020, 6, 2), "BDVTW") == "2016-2021"
    assert committee_term(datetime.date(2020, 11, 24), "TU") == "2020-2025"
    assert committee_term(datetime.date(2020, 8, 27), "TU") == "2015-2020"
    assert services.committee_term(None) == ""
