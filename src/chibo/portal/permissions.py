"""Editors' rights on the portal follow their roles in the organisation tree.

Each committee site has two Wagtail groups with page permissions on its home page: its editors
("Biên tập viên": write and submit for review) and its editorial board ("Ban biên tập": review
and publish), plus a collection of its own for images and files. A site's review workflow is a
group approval task assigned to its board.

A user's portal groups are derived from their active roles — an editor role at a unit makes
them an editor of every site in that unit's subtree; a secretary or staff role puts them on
those sites' boards — and are recomputed whenever their roles change, when they log in (roles
are effective-dated) and when a site is created.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from chibo.accounts.models import Role, RoleKind, active_role_q
from chibo.orgs.models import Unit, subtree_q

from .models import HomePage

EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock")
BOARD_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"), ("wagtailimages", "choose_image"), ("wagtailimages", "change_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"), ("wagtaildocs", "change_document"),
)
EDITOR_ROLES = (RoleKind.EDITOR,)
BOARD_ROLES = (RoleKind.SECRETARY, RoleKind.STAFF)


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def set_up_site_permissions(home: HomePage) -> None:
    """Create the site's groups, page and collection permissions, and review workflow."""
    access_admin = _permission("wagtailadmin", "access_admin")
    label = f"{home.unit.name} [{home.pk}]"
    editors, _ = Group.objects.get_or_create(name=f"Cổng · Biên tập viên · {label}"[:150])
    board, _ = Group.objects.get_or_create(name=f"Cổng · Ban biên tập · {label}"[:150])
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=label).first() or root.add_child(name=label)
    for group, page_perms in ((editors, EDITOR_PAGE_PERMISSIONS), (board, BOARD_PAGE_PERMISSIONS)):
        group.permissions.add(access_admin)
        for perm in page_perms:
            if not GroupPagePermission.objects.filter(
                group=group, page=home, permission__codename=f"{perm}_page"
            ).exists():
                GroupPagePermission.objects.create(group=group, page=home, permission_type=perm)
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app_label, codename),
            )
    workflow, created = Workflow.objects.get_or_create(name=f"Duyệt tin · {label}"[:255])
    if created:
        task = GroupApprovalTask.objects.create(name=f"Ban biên tập duyệt · {label}"[:255])
        task.groups.set([board])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    HomePage.objects.filter(pk=home.pk).update(editors_group=editors, board_group=board)
    home.editors_group, home.board_group = editors, board


def portal_group_ids() -> set[int]:
    ids = set()
    for editors, board in HomePage.objects.values_list("editors_group_id", "board_group_id"):
        ids.update(i for i in (editors, board) if i)
    return ids


def groups_for(user) -> set[int]:
    """The portal groups a user belongs in, from their active roles."""
    roles = list(
        Role.objects.filter(user=user, kind__in=EDITOR_ROLES + BOARD_ROLES)
        .filter(active_role_q(timezone.localdate())).select_related("unit")
    )
    wanted: set[int] = set()
    for kinds, field in ((EDITOR_ROLES, "editors_group_id"), (BOARD_ROLES, "board_group_id")):
        units = [r.unit for r in roles if r.kind in kinds]
        if units:
            wanted.update(
                i for i in HomePage.objects.filter(subtree_q(units, prefix="unit__")).values_list(field, flat=True) if i
            )
    return wanted


def sync_user(user) -> None:
    """Make the user's portal groups match their roles (other groups are left alone)."""
    if user is None or not user.pk:
        return
    wanted = groups_for(user)
    current = set(user.groups.filter(pk__in=portal_group_ids()).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))


def sync_site(home: HomePage) -> None:
    """Give the site's groups to everyone holding a role at its unit or an ancestor."""
    unit: Unit = home.unit
    paths = unit.ancestor_paths() + [unit.path]
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        Q(roles__unit__path__in=paths), roles__kind__in=EDITOR_ROLES + BOARD_ROLES,
    ).distinct()
    for user in users:
        sync_user(user)


def can_edit_site(user, home: HomePage) -> bool:
    """Whether the user may write articles on the site (editor, secretary or staff in scope)."""
    from chibo.accounts import scope

    return scope.can_manage(user, home.unit, kinds=EDITOR_ROLES + BOARD_ROLES)
