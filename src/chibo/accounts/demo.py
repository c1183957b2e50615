"""Demo accounts: one per role and level, printed by `chibo demo` (password DEMO_PASSWORD)."""

from chibo.core.demo import DEMO_PASSWORD
from chibo.members.models import Person, PersonStatus, Position, PositionTitle

from .models import Role, RoleKind, User


def _user(ctx, key, username, full_name, roles, person=None, superuser=False):
    first, _, last = full_name.rpartition(" ")
    user = User(username=username, first_name=last, last_name=first, person=person, is_superuser=superuser, is_staff=superuser)
    user.set_password(DEMO_PASSWORD)
    user.save()
    for unit, kind in roles:
        Role.objects.create(user=user, unit=unit, kind=kind)
    ctx.users[key] = user
    return user


def load(ctx) -> None:
    units, lists = ctx.units, ctx.lists
    province, commune, cell = units["province"], lists["communes"][0], lists["cells"][0]
    # The cell's secretary logs in as demo_chibo_bithu with their own member record; demo_dangvien is
    # a member holding no position, so the two accounts show the two sides of a cell.
    secretary = Position.objects.filter(unit=cell, title=PositionTitle.SECRETARY).select_related("person").first()
    secretary = secretary.person if secretary else None
    member = (Person.objects.filter(unit=cell, status=PersonStatus.FULL).exclude(positions__unit=cell)
              .order_by("id").first())
    _user(ctx, "admin", "demo_admin", "Quản trị Hệ thống", [], superuser=True)
    _user(ctx, "province_secretary", "demo_tinh_bithu", "Đỗ Văn Tỉnh", [(province, RoleKind.SECRETARY)])
    _user(ctx, "province_staff", "demo_tinh_vanphong", "Nguyễn Thị Văn Phòng", [(province, RoleKind.STAFF)])
    _user(ctx, "province_editor", "demo_tinh_bientap", "Trần Minh Biên", [(units["province_board"], RoleKind.EDITOR), (province, RoleKind.EDITOR)])
    _user(ctx, "province_viewer", "demo_tinh_xem", "Lê Thị Xem", [(province, RoleKind.VIEWER)])
    _user(ctx, "commune_secretary", "demo_xa_bithu", "Hoàng Văn Xã", [(commune, RoleKind.SECRETARY)])
    _user(ctx, "commune_staff", "demo_xa_vanphong", "Phạm Thị Thu", [(commune, RoleKind.STAFF)])
    _user(ctx, "commune_editor", "demo_xa_bientap", "Vũ Minh Tâm", [(commune, RoleKind.EDITOR)])
    _user(ctx, "cell_secretary", "demo_chibo_bithu", secretary.full_name if secretary else "Bùi Văn Chi",
          [(cell, RoleKind.SECRETARY)], person=secretary)
    if member is not None:
        _user(ctx, "member", "demo_dangvien", member.full_name, [(cell, RoleKind.MEMBER)], person=member)
    _user(ctx, "hcm_staff", "demo_hcm_vanphong", "Ngô Thị Hồng", [(units["hcm"], RoleKind.STAFF)])
    _user(ctx, "can_tho_staff", "demo_cantho_vanphong", "Dương Văn Thơ", [(units["can_tho"], RoleKind.STAFF)])
    _user(ctx, "phu_tho_staff", "demo_phutho_vanphong", "Lý Thị Hoa", [(units["phu_tho"], RoleKind.STAFF)])
