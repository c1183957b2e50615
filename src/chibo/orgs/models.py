"""The organisation tree, effective-dated.

Every record in Chi bộ số belongs to a `Unit`. The tree is a materialised path (treebeard
`MP_Node`): a subtree is one indexed prefix range on `path`, ancestors are the prefixes of a
path, so roll-ups are single grouped queries. Units dissolved or merged (the 2025
restructuring) stay in the tree with `valid_to` set, under their old names and in their old
place, so their documents and reports remain readable.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from chibo.text import fold


class UnitKind(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Đảng bộ tỉnh, thành phố")
    DISTRICT = "district", _("Đảng bộ huyện, quận, thị xã (trước 2025)")
    COMMUNE = "commune", _("Đảng bộ xã, phường, đặc khu")
    BLOC = "bloc", _("Đảng bộ khối")
    GRASSROOTS = "grassroots", _("Đảng bộ cơ sở")
    GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
    CELL = "cell", _("Chi bộ trực thuộc")
    GROUP = "group", _("Tổ đảng")
    PROPAGANDA_MOBILISATION_BOARD = "btgdv", _("Ban Tuyên giáo và Dân vận")
    PROPAGANDA_BOARD = "btg", _("Ban Tuyên giáo (trước 2025)")
    MOBILISATION_BOARD = "bdv", _("Ban Dân vận (trước 2025)")
    ORGANISATION_BOARD = "btc", _("Ban Tổ chức")
    INSPECTION_COMMITTEE = "ubkt", _("Ủy ban Kiểm tra")
    OFFICE = "office", _("Văn phòng")
    GRASSROOTS_PROPAGANDA_BOARD = "btv", _("Ban tuyên vận")
    GRASSROOTS_PROPAGANDA_TEAM = "ttv", _("Tổ tuyên vận")


CELL_KINDS = (UnitKind.GRASSROOTS_CELL, UnitKind.CELL)
"""Kinds that are party cells (chi bộ): where members belong and meet."""

FUNCTIONAL_KINDS = (
    UnitKind.PROPAGANDA_MOBILISATION_BOARD,
    UnitKind.PROPAGANDA_BOARD,
    UnitKind.MOBILISATION_BOARD,
    UnitKind.ORGANISATION_BOARD,
    UnitKind.INSPECTION_COMMITTEE,
    UnitKind.OFFICE,
    UnitKind.GRASSROOTS_PROPAGANDA_BOARD,
    UnitKind.GRASSROOTS_PROPAGANDA_TEAM,
)
"""Advisory and functional bodies of a committee (ban, văn phòng, tổ)."""


def path_upper_bound(path: str) -> str:
    """The smallest string greater than every path that starts with `path`.

    >>> path_upper_bound("0001000A")
    '0001000B'
    """
    return path[:-1] + chr(ord(path[-1]) + 1)


class UnitQuerySet(MP_NodeQuerySet):
    def subtree_of(self, *units: "Unit", include_self: bool = True) -> "UnitQuerySet":
        """Units in the subtrees of `units`: one indexed range on `path` per root."""
        return self.filter(subtree_q(units, include_self=include_self))

    def current(self, on=None) -> "UnitQuerySet":
        """Units in force on a date (today by default)."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on)
        )

    def cells(self) -> "UnitQuerySet":
        return self.filter(kind__in=CELL_KINDS)

    def search(self, text: str) -> "UnitQuerySet":
        """Find units by name, ignoring diacritics, tone-mark placement and case."""
        key = fold(text)
        qs = self
        for word in key.split():
            qs = qs.filter(name_folded__contains=word)
        return qs


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")


def subtree_q(units, *, include_self: bool = True, prefix: str = "") -> Q:
    """A Q matching records whose unit lies in the subtree of any of `units`.

    `prefix` is the lookup path from the filtered model to its unit ("unit__", "cell__").
    """
    q = Q(pk__in=[])
    for unit in units:
        part = Q(**{f"{prefix}path__gte": unit.path, f"{prefix}path__lt": path_upper_bound(unit.path)})
        if not include_self:
            part &= ~Q(**{f"{prefix}path": unit.path})
        q |= part
    return q


class Unit(MP_Node):
    """Tổ chức đảng: a party organisation, committee body or cell in the tree."""

    steplen = 4
    path = models.CharField(max_length=255, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    code = models.CharField(
        _("ký hiệu ban hành"), max_length=30, blank=True,
        help_text=_("Ký hiệu dùng trong số hiệu văn bản, ví dụ TU, BTGTU, HU."),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    place = models.CharField(_("địa bàn"), max_length=255, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("đơn vị kế thừa"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="predecessors",
    )
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    objects = UnitManager()

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["kind", "path"], name="unit_kind_path")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_current(self) -> bool:
        from django.utils import timezone

        return self.valid_to is None or self.valid_to > timezone.localdate()

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit's ancestors, root first (no query)."""
        return [self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]

    def ancestors(self) -> UnitQuerySet:
        """Ancestors, root first, as one indexed `path IN (...)` query."""
        return Unit.objects.filter(path__in=self.ancestor_paths()).order_by("depth")

    def subtree(self, include_self: bool = True) -> UnitQuerySet:
        return Unit.objects.subtree_of(self, include_self=include_self)

    def is_in_subtree_of(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)


class UnitEventKind(models.TextChoices):
    CREATED = "created", _("Thành lập")
    RENAMED = "renamed", _("Đổi tên")
    MOVED = "moved", _("Chuyển trực thuộc")
    MERGED = "merged", _("Hợp nhất, sáp nhập")
    DISSOLVED = "dissolved", _("Giải thể, kết thúc hoạt động")


class UnitEvent(models.Model):
    """One change in a unit's life: where it stood and what it was called before."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=UnitEventKind.choices)
    on = models.DateField(_("ngày"))
    old_name = models.CharField(max_length=255, blank=True)
    old_parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    new_parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    successor = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("sự kiện tổ chức")
        verbose_name_plural = _("sự kiện tổ chức")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit} {self.on:%d/%m/%Y}"
