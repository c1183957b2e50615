"""The exemplary models register: recorded inside scope, public only when published."""

import pytest
from django.urls import reverse

from chibo.honours.models import ExemplaryModel
from chibo.honours.services import do_record_exemplary_model, do_set_published


@pytest.fixture
def models(tree, commune_a_staff, commune_b_staff):
    a = do_record_exemplary_model(tree.commune_a, actor=commune_a_staff, name="Mô hình “Dân vận khéo” thôn Hoà Bình",
                                  year_recognised=2024, description="Giảm nghèo bền vững")
    b = do_record_exemplary_model(tree.commune_b, actor=commune_b_staff, name="Mô hình tuyến đường hoa Rạch Dừa",
                                  year_recognised=2023, published=True)
    return a, b


def test_recording_outside_scope_is_refused(tree, commune_a_staff):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_record_exemplary_model(tree.commune_b, actor=commune_a_staff, name="X", year_recognised=2024)


@pytest.mark.scope_covers("honours:list", "honours:detail", "honours:publish")
def test_staff_pages_are_scoped(tree, models, commune_a_staff, commune_b_staff, client_as):
    a, b = models
    client = client_as(commune_a_staff)
    listed = [m.pk for m in client.get(reverse("honours:list")).context["page"]]
    assert listed == [a.pk]
    assert [m.pk for m in client.get(reverse("honours:list"), {"q": "dan van kheo hoa binh"}).context["page"]] == [a.pk]
    assert client.get(reverse("honours:detail", args=[b.pk])).status_code == 404
    assert client.post(reverse("honours:publish", args=[b.pk]), {"published": "0"}).status_code == 404
    assert ExemplaryModel.objects.get(pk=b.pk).published
    client.post(reverse("honours:publish", args=[a.pk]), {"published": "1"})
    assert ExemplaryModel.objects.get(pk=a.pk).published


@pytest.mark.scope_covers("honours:create")
def test_create_only_for_a_managed_unit(tree, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    response = client.post(reverse("honours:create", args=[tree.commune_a.pk]),
                           {"name": "Tổ tuyên vận gương mẫu", "kind": "collective", "field": "party", "campaign": "Dân vận khéo",
                            "year_recognised": "2025", "description": "Tuyên truyền tốt"})
    assert response.status_code == 302
    assert ExemplaryModel.objects.filter(name="Tổ tuyên vận gương mẫu", unit=tree.commune_a).exists()
    assert client.get(reverse("honours:create", args=[tree.commune_b.pk])).status_code == 404
    bad = client.post(reverse("honours:create", args=[tree.commune_a.pk]),
                      {"name": "X", "kind": "model", "field": "other", "campaign": "x", "year_recognised": "1800"})
    assert "Năm công nhận không hợp lệ" in bad.text


@pytest.mark.scope_covers("honours:public_list", "honours:public_detail")
def test_public_pages_show_only_published_models(tree, models, client, commune_a_staff):
    a, b = models
    page = client.get(reverse("honours:public_list", args=[tree.province.pk])).text
    assert b.name in page and a.name not in page
    assert client.get(reverse("honours:public_detail", args=[a.pk])).status_code == 404
    assert client.get(reverse("honours:public_detail", args=[b.pk])).status_code == 200
    do_set_published(a, True, actor=commune_a_staff)
    assert client.get(reverse("honours:public_detail", args=[a.pk])).status_code == 200


@pytest.mark.scope_covers("api:honours_models", "api:honours_model")
def test_api_is_scoped(tree, models, commune_a_staff, client_as):
    a, b = models
    client = client_as(commune_a_staff)
    assert [m["id"] for m in client.get("/api/honours/models").json()] == [a.pk]
    assert client.get(f"/api/honours/models/{b.pk}").status_code == 404


def test_models_are_counted_in_reporting_by_subtree_and_year(tree, models):
    import datetime

    from chibo.reporting import computed
    from chibo.reporting.models import Period

    year_2024 = Period(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    years_2023_2025 = Period(start=datetime.date(2023, 1, 1), end=datetime.date(2025, 12, 31))
    units = [tree.province, tree.commune_a, tree.commune_b]
    assert computed.compute("honours.models", units, year_2024) == {
        tree.province.pk: 1, tree.commune_a.pk: 1, tree.commune_b.pk: 0}
    assert computed.compute("honours.models", units, years_2023_2025) == {
        tree.province.pk: 2, tree.commune_a.pk: 1, tree.commune_b.pk: 1}


def test_public_page_links_the_recognising_decision_only_when_it_is_public(tree, client, commune_a_staff):
    import datetime

    from chibo.documents.models import Distribution
    from chibo.documents.services import do_register_document

    public = do_register_document(owner=tree.commune_a, notation="25-QĐ/ĐU", issued_on=datetime.date(2024, 10, 15))
    internal = do_register_document(owner=tree.commune_a, notation="26-QĐ/ĐU", issued_on=datetime.date(2024, 10, 16),
                                    distribution=Distribution.INTERNAL)
    shown = do_record_exemplary_model(tree.commune_a, actor=commune_a_staff, name="Mô hình A", year_recognised=2024,
                                      published=True, decision_notation="25-QĐ/ĐU", decision_document=public)
    hidden = do_record_exemplary_model(tree.commune_a, actor=commune_a_staff, name="Mô hình B", year_recognised=2024,
                                       published=True, decision_notation="26-QĐ/ĐU", decision_document=internal)
    page = client.get(reverse("honours:public_detail", args=[shown.pk])).text
    assert f'href="{reverse("portal:document", args=[public.pk])}"' in page and "Quyết định công nhận" in page
    page = client.get(reverse("honours:public_detail", args=[hidden.pk])).text
    assert "26-QĐ/ĐU" in page and reverse("portal:document", args=[internal.pk]) not in page


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.scope_covers("honours:photo_add")
def test_photos_are_added_by_the_units_managers_and_shown_once_published(tree, models, commune_a_staff,
                                                                         commune_b_staff, client_as, client,
                                                                         settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chibo.accounts.models import RoleKind
    from chibo.core.testing import make_user

    settings.MEDIA_ROOT = tmp_path
    a, b = models
    url = reverse("honours:photo_add", args=[a.pk])

    def upload():
        return {"image": SimpleUploadedFile("anh.png", _png(), content_type="image/png"), "caption": "Lễ tuyên dương"}

    assert client_as(commune_b_staff).post(url, upload()).status_code == 404
    viewer = make_user(tree.commune_a, RoleKind.VIEWER)
    assert client_as(viewer).post(url, upload()).status_code == 403
    assert not a.photos.exists()
    response = client_as(commune_a_staff).post(url, upload())
    assert response.status_code == 302 and a.photos.get().caption == "Lễ tuyên dương"
    assert "Lễ tuyên dương" in client_as(commune_a_staff).get(reverse("honours:detail", args=[a.pk])).text
    # The public page, with its photos, only once the model is published.
    assert client.get(reverse("honours:public_detail", args=[a.pk])).status_code == 404
    do_set_published(a, True, actor=commune_a_staff)
    assert "Lễ tuyên dương" in client.get(reverse("honours:public_detail", args=[a.pk])).text
