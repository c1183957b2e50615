"""The dashboard opens on the user's unit; a member with no office role lands on their own space."""

from django.urls import reverse

from chibo.accounts.models import RoleKind
from chibo.core.testing import make_person, make_user


def test_staff_see_their_unit_dashboard(tree, commune_a_staff, client_as):
    response = client_as(commune_a_staff).get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert response.context["unit"] == tree.commune_a


def test_a_plain_member_is_sent_to_their_own_space(tree, client_as):
    cell = tree.cells[0]
    member = make_user(cell, kind=RoleKind.MEMBER, username="dv", person=make_person(cell, "Lò Thị Mai"))
    response = client_as(member).get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("me:home")


def test_a_member_who_is_also_staff_keeps_the_dashboard(tree, client_as):
    cell = tree.cells[0]
    user = make_user(tree.commune_a, kind=RoleKind.STAFF, username="ct", person=make_person(cell, "Giàng A Páo"))
    user.roles.create(unit=cell, kind=RoleKind.MEMBER)
    assert client_as(user).get(reverse("core:dashboard")).status_code == 200


def test_the_member_space_is_in_the_menu_only_for_users_with_a_member_record(tree, commune_a_staff, client_as):
    menu = [app for app, _url, _label in client_as(commune_a_staff).get(reverse("core:dashboard")).context["nav_entries"]]
    assert "me" not in menu and "orgs" in menu
    cell = tree.cells_a[0]
    user = make_user(tree.commune_a, kind=RoleKind.STAFF, username="ct2", person=make_person(cell, "Vàng Thị Dua"))
    menu = [app for app, _url, _label in client_as(user).get(reverse("core:dashboard")).context["nav_entries"]]
    assert "me" in menu


def test_a_plain_member_gets_the_members_menu_not_the_offices(tree, client_as):
    cell = tree.cells[0]
    member = make_user(cell, kind=RoleKind.MEMBER, username="dv2", person=make_person(cell, "Lù Văn Sáng"))
    menu = [name for name, _url, _label in client_as(member).get(reverse("me:home")).context["nav_entries"]]
    assert menu == ["me", "activities", "bookshelves", "grading"]
    staff_menu = [name for name, _url, _label in
                  client_as(make_user(cell, kind=RoleKind.SECRETARY, username="bt2")).get(reverse("core:dashboard")).context["nav_entries"]]
    assert "orgs" in staff_menu and "accounts" in staff_menu
