"""Sites, articles, the review workflow, editors' rights and the activities hook."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Site

from chibo.accounts.models import AuditEvent, Role, RoleKind
from chibo.core.testing import make_unit, make_user
from chibo.orgs.models import UnitKind
from chibo.portal import permissions, services
from chibo.portal.models import ArticlePage, CategoryPage, HomePage, PortalIndexPage, sanitize_html
from chibo.portal.tests.factories import make_article, make_site


def test_site_has_home_host_categories_and_portal_index(tree):
    home = make_site(tree.commune_a)
    assert HomePage.objects.get(unit=tree.commune_a) == home
    index = PortalIndexPage.objects.get()
    assert home.get_parent().pk == index.pk
    assert Site.objects.get(is_default_site=True).root_page_id == index.pk
    assert Site.objects.get(root_page=home).hostname == f"{home.slug}.localhost"
    assert [c.title for c in CategoryPage.objects.child_of(home)] == ["Thông tin hoạt động", "Tin tức"]
    assert AuditEvent.objects.filter(action="portal.site_created", unit=tree.commune_a).exists()


def test_second_site_for_the_same_committee_is_refused(tree):
    make_site(tree.commune_a)
    with pytest.raises(ValidationError, match="đã có cổng thông tin"):
        make_site(tree.commune_a)


def test_site_slug_never_shadows_a_staff_route(tree):
    unit = make_unit(tree.province, "Van ban", UnitKind.OFFICE)
    home = make_site(unit)
    assert home.slug != "van-ban"
    from django.urls import resolve

    assert resolve(f"/{home.slug}/").view_name == "portal:page"


def test_only_the_committees_managers_open_its_site(tree, commune_b_staff):
    with pytest.raises(PermissionDenied):
        services.do_create_site(tree.commune_a, actor=commune_b_staff)


def test_body_html_is_sanitised():
    dirty = '<p onclick="x()">Chào <script>alert(1)</script><a href="javascript:alert(1)">xem</a><img src=x onerror=y></p>'
    clean = sanitize_html(dirty)
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean and "onerror" not in clean
    assert "Chào" in clean


def test_imported_article_keeps_its_date_and_is_found_by_folded_words(tree):
    home = make_site(tree.commune_a)
    article = make_article(home, title="Hội nghị sơ kết công tác tuyên vận")
    assert article.live and article.first_published_at == article.published_at
    assert "so ket cong tac tuyen van" in article.search_folded


def test_editor_of_commune_a_cannot_edit_commune_b_pages(tree):
    home_a, home_b = make_site(tree.commune_a), make_site(tree.commune_b)
    a, b = make_article(home_a, "Bài xã A"), make_article(home_b, "Bài phường B")
    editor = make_user(tree.commune_a, RoleKind.EDITOR, username="btv_a")
    assert a.permissions_for_user(editor).can_edit()
    assert not a.permissions_for_user(editor).can_publish()
    assert not b.permissions_for_user(editor).can_edit()
    secretary = make_user(tree.commune_b, RoleKind.SECRETARY, username="bt_b")
    assert b.permissions_for_user(secretary).can_publish()
    assert not a.permissions_for_user(secretary).can_edit()


def test_province_editor_edits_every_site_in_the_province(tree):
    home_a = make_site(tree.commune_a)
    editor = make_user(tree.province, RoleKind.EDITOR, username="btv_tinh")
    home_b = make_site(tree.commune_b)  # opened after the role was granted
    for home in (home_a, home_b):
        assert make_article(home, f"Bài {home.pk}").permissions_for_user(editor).can_edit()


def test_losing_the_role_removes_the_editing_right(tree):
    home = make_site(tree.commune_a)
    article = make_article(home)
    editor = make_user(tree.commune_a, RoleKind.EDITOR, username="btv_a")
    assert article.permissions_for_user(editor).can_edit()
    Role.objects.filter(user=editor).delete()
    editor = type(editor).objects.get(pk=editor.pk)
    assert not article.permissions_for_user(editor).can_edit()


def test_wagtail_admin_edit_page_refuses_another_communes_editor(tree, client_as):
    home_a, home_b = make_site(tree.commune_a), make_site(tree.commune_b)
    b = make_article(home_b, "Bài phường B")
    a = make_article(home_a, "Bài xã A")
    client = client_as(make_user(tree.commune_a, RoleKind.EDITOR, username="btv_a"))
    assert client.get(f"/cms/pages/{a.pk}/edit/").status_code == 200
    assert client.get(f"/cms/pages/{b.pk}/edit/").status_code in (302, 403)


def test_draft_from_an_activity_goes_to_the_nearest_site_and_is_updated_not_duplicated(tree, cell_secretary):
    home = make_site(tree.commune_a)
    source = tree.cells_a[0]  # any saved record stands for the activity
    article = services.do_draft_article_from(source, site_unit=tree.cells_a[0], title="Tọa đàm chi bộ",
                                             body_html="<p>Nội dung <script>x</script></p>", actor=cell_secretary)
    assert article.unit == tree.commune_a and not article.live
    assert article.get_ancestors().filter(pk=home.pk).exists()
    assert article.workflow_in_progress
    assert article.current_workflow_task.specific.groups.get() == home.board_group
    assert "script" not in article.body
    again = services.do_draft_article_from(source, site_unit=tree.cells_a[0], title="Tọa đàm chi bộ (sửa)",
                                           body_html="<p>Nội dung mới</p>", actor=cell_secretary)
    assert again.pk == article.pk and ArticlePage.objects.count() == 1
    assert ArticlePage.objects.get().get_latest_revision_as_object().title == "Tọa đàm chi bộ (sửa)"


def test_draft_from_an_activity_outside_the_actors_scope_is_refused(tree, commune_b_staff):
    make_site(tree.commune_a)
    with pytest.raises(PermissionDenied):
        services.do_draft_article_from(None, site_unit=tree.cells_a[0], title="X", body_html="", actor=commune_b_staff)


def test_draft_without_any_site_above_is_refused_in_vietnamese(tree, cell_secretary):
    with pytest.raises(ValidationError, match="chưa có cổng thông tin"):
        services.do_draft_article_from(None, site_unit=tree.cells_a[0], title="X", body_html="", actor=cell_secretary)


def test_review_workflow_is_the_sites_board(tree):
    home = make_site(tree.commune_a)
    workflow = home.get_workflow()
    assert workflow is not None
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [home.board_group]
    member = make_user(tree.commune_a, RoleKind.STAFF, username="vp_a")
    assert home.board_group in member.groups.all()
    assert permissions.can_edit_site(member, home)


def test_board_publishes_a_draft_and_can_schedule_it(tree, commune_a_staff):
    import datetime

    from django.utils import timezone

    home = make_site(tree.commune_a)
    draft = make_article(home, publish=False)
    assert not draft.live
    later = timezone.now() + datetime.timedelta(days=1)
    scheduled = services.do_publish_article(draft, actor=commune_a_staff, go_live_at=later)
    assert not scheduled.live and scheduled.has_unpublished_changes
    published = services.do_publish_article(draft, actor=commune_a_staff)
    assert published.live
    assert AuditEvent.objects.filter(action="portal.article_published").exists()
    unpublished = services.do_unpublish_article(published, actor=commune_a_staff)
    assert not unpublished.live


def test_editor_cannot_publish_through_the_service(tree):
    home = make_site(tree.commune_a)
    draft = make_article(home, publish=False)
    editor = make_user(tree.commune_a, RoleKind.EDITOR, username="btv_a")
    with pytest.raises(PermissionDenied):
        services.do_publish_article(draft, actor=editor)
