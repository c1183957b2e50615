"""Whose document a citation is: found in the tree from wherever the text is pasted or uploaded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.accounts.models import RoleKind
from chibo.core.seeds import seed_text
from chibo.core.testing import make_user
from chibo.documents.models import Attachment, Document, DocumentRelation
from chibo.documents.services import (
    do_register_from_text,
    do_register_from_upload,
    propose,
    resolve_issuer,
)


def docx(text: str) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_district_citing_its_province_finds_the_province_not_a_committee_merged_beside_it(seed_units):
    # Bảo Thắng and Yên Bái are both children of Lào Cai; their paths share more characters than a whole step.
    assert resolve_issuer(seed_units.bao_thang, "TU", "Ban Thường vụ Tỉnh ủy") == seed_units.lao_cai
    assert resolve_issuer(seed_units.bao_thang, "HU", "Ban Chấp hành Đảng bộ huyện") == seed_units.bao_thang


def test_a_committee_body_of_another_level_is_not_the_registering_committee(seed_units):
    # Cần Thơ is a Thành ủy: "Ban Thường vụ Tỉnh ủy" cited there is some province's, not Cần Thơ's.
    assert resolve_issuer(seed_units.can_tho, "TU", "Ban Thường vụ Tỉnh ủy") is None
    assert resolve_issuer(seed_units.can_tho, "TU", "Ban Thường vụ Thành ủy") == seed_units.can_tho


def test_a_committee_named_in_full_is_found_anywhere_in_the_tree(seed_units):
    proposed = propose(owner=seed_units.lao_cai, notation="38-KH/TU", issuer_name="Thành ủy Vũng Tàu")
    assert proposed.issuer == seed_units.vung_tau and proposed.owner == seed_units.vung_tau
    # A bare "Thành ủy" names nobody in particular.
    assert propose(owner=seed_units.lao_cai, notation="39-KH/TU", issuer_name="Thành ủy").issuer is None


@pytest.mark.parametrize("article, first_owner, second_owner", [
    ("000", "vung_tau", "lao_cai"),
    ("002", "hoa_binh_board", "can_tho"),
])
def test_an_article_pasted_again_in_another_provinces_registry_registers_nothing_new(seed_units, article,
                                                                                     first_owner, second_owner):
    admin = make_user(None, is_superuser=True)
    text = seed_text(article)
    first = do_register_from_text(text, owner=getattr(seed_units, first_owner), actor=admin)
    assert first.created and not first.errors
    registered = sorted(Document.objects.values_list("pk", "issuer_id", "issued_on"))
    relations = DocumentRelation.objects.count()

    again = do_register_from_text(text, owner=getattr(seed_units, second_owner), actor=admin)
    assert not again.changed and not again.conflicts and not again.errors
    assert sorted(d.pk for d in again.existing) == sorted(d.pk for d in first.created)
    assert sorted(Document.objects.values_list("pk", "issuer_id", "issued_on")) == registered
    assert DocumentRelation.objects.count() == relations


def test_the_issuers_an_article_names_are_found_from_another_registry(seed_units):
    """Pasted first elsewhere, seed 002's project is still Tỉnh ủy Hòa Bình's and its guidance the board's."""
    admin = make_user(None, is_superuser=True)
    do_register_from_text(seed_text("002"), owner=seed_units.can_tho, actor=admin)
    assert Document.objects.get(notation="13-ĐA/TU").issuer == seed_units.hoa_binh
    assert Document.objects.get(notation="56-HD/BTGTU").issuer == seed_units.hoa_binh_board


CAN_THO_PLAN = (
    "Thực hiện Kế hoạch số 17-KH/BDVTW ngày 02/6/2020 của Ban Dân vận Trung ương, Thành ủy Cần Thơ đã ban hành "
    "Kế hoạch số 227-KH/TU ngày 27/8/2020 của Thành ủy Cần Thơ về tổ chức các hoạt động kỷ niệm."
)


def test_an_uploaded_plan_is_attached_to_the_users_own_document_not_to_the_directive_it_cites(seed_units):
    staff = make_user(seed_units.can_tho, RoleKind.STAFF)
    result = do_register_from_upload(SimpleUploadedFile("kh227.docx", docx(CAN_THO_PLAN)), owner=seed_units.can_tho,
                                     actor=staff)
    plan = Document.objects.get(notation="227-KH/TU")
    assert plan.owner == seed_units.can_tho and result.attachment.document == plan
    assert Document.objects.get(notation="17-KH/BDVTW").issuer == seed_units.bdvtw
    assert not Attachment.objects.exclude(document=plan).exists()


def test_an_upload_citing_only_other_units_documents_is_refused_clearly_and_writes_nothing(seed_units):
    staff = make_user(seed_units.can_tho, RoleKind.STAFF)
    text = "Thực hiện Kế hoạch số 17-KH/BDVTW ngày 02/6/2020 của Ban Dân vận Trung ương về kỷ niệm 90 năm."
    with pytest.raises(ValidationError) as refused:
        do_register_from_upload(SimpleUploadedFile("bai-viet.docx", docx(text)), owner=seed_units.can_tho,
                                actor=staff)
    assert "17-KH/BDVTW" in refused.value.messages[0] and "Đăng ký văn bản" in refused.value.messages[0]
    assert not Document.objects.exists() and not Attachment.objects.exists()
