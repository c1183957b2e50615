"""An Internet-facing instance takes a graded document's notation, date and issuer, never its content."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chibo.documents import importing
from chibo.documents.models import Attachment, Confidentiality, Document

from .conftest import SEED_000_OPENING
from .test_services import minimal_pdf

REFUSED = "chỉ lưu văn bản không mật"


def test_every_way_in_refuses_graded_content_with_one_clear_message(tree, commune_a_staff, client_as, settings):
    settings.CHIBO_NETWORK = "internet"
    client = client_as(commune_a_staff)
    owner = tree.commune_a.pk

    form = client.post(reverse("documents:create"), {
        "owner": owner, "notation": "8-NQ/ĐU", "issued_on": "01/12/2025", "abstract": "Nội dung mật",
        "confidentiality": Confidentiality.CONFIDENTIAL, "distribution": "internal", "status": "issued",
    })
    assert form.status_code == 200 and REFUSED in form.text
    with_file = client.post(reverse("documents:create"), {
        "owner": owner, "notation": "8-NQ/ĐU", "confidentiality": Confidentiality.SECRET,
        "distribution": "internal", "status": "issued",
        "attachment": SimpleUploadedFile("nq8.pdf", minimal_pdf()),
    })
    assert with_file.status_code == 200 and REFUSED in with_file.text
    assert not Document.objects.exists() and not Attachment.objects.exists()

    for action in ("preview", "register"):
        paste = client.post(reverse("documents:paste"), {
            "owner": owner, "text": SEED_000_OPENING, "confidentiality": Confidentiality.TOP_SECRET,
            "distribution": "internal", "action": action,
        })
        assert paste.status_code == 200 and REFUSED in paste.text, action
    upload = client.post(reverse("documents:upload"), {
        "owner": owner, "confidentiality": Confidentiality.CONFIDENTIAL, "distribution": "internal",
        "file": SimpleUploadedFile("kh.pdf", minimal_pdf()),
    })
    assert upload.status_code == 200 and REFUSED in upload.text

    wb = openpyxl.Workbook()
    wb.active.append(importing.COLUMNS)
    wb.active.append(["9-NQ/ĐU", "", "01/12/2025", "Nội dung mật", "", "", "Tối mật", "Lưu hành nội bộ", ""])
    out = io.BytesIO()
    wb.save(out)
    imported = client.post(reverse("documents:import"), {"owner": owner, "file": SimpleUploadedFile("m.xlsx", out.getvalue())})
    assert REFUSED in dict(imported.context["report"].errors)[2]

    api = client.post("/api/documents/documents", {"owner_id": owner, "notation": "10-NQ/ĐU", "abstract": "Mật",
                                                   "confidentiality": Confidentiality.SECRET},
                      content_type="application/json")
    assert api.status_code == 422 and REFUSED in api.json()["detail"]
    assert not Document.objects.exists() and not Attachment.objects.exists()

    # The notation, date and issuer alone are accepted, so cascades stay complete.
    bare = client.post(reverse("documents:create"), {
        "owner": owner, "notation": "8-NQ/ĐU", "issued_on": "01/12/2025",
        "confidentiality": Confidentiality.CONFIDENTIAL, "distribution": "internal", "status": "issued",
    })
    assert bare.status_code == 302
    document = Document.objects.get()
    assert document.notation == "8-NQ/ĐU" and document.issuer == tree.commune_a and document.abstract == ""
    attach = client.post(reverse("documents:attach", args=[document.pk]),
                         {"file": SimpleUploadedFile("nq8.pdf", minimal_pdf())}, follow=True)
    assert REFUSED in attach.text and not Attachment.objects.exists()


def test_an_internal_network_instance_takes_graded_content(tree, commune_a_staff, client_as, settings):
    settings.CHIBO_NETWORK = "internal"
    response = client_as(commune_a_staff).post(reverse("documents:create"), {
        "owner": tree.commune_a.pk, "notation": "8-NQ/ĐU", "abstract": "Nội dung mật",
        "confidentiality": Confidentiality.CONFIDENTIAL, "distribution": "internal", "status": "issued",
    })
    assert response.status_code == 302 and Document.objects.get().abstract == "Nội dung mật"
