"""Cell bookshelves (tủ sách chi bộ): shelves, catalogue, copies, donations, readers, loans,
stocktakes, inspections and campaign targets.

Every record reaches its unit through the shelf (`scope_unit_field = "shelf__unit"`), so one
scope rule covers them all. Only shelves marked public, and their catalogue, are readable
without a login; readers and loans never are.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from chibo.text import fold

DEFAULT_LOAN_DAYS = 14
DEFAULT_LOANS_PER_READER = 2


class ShelfStatus(models.TextChoices):
    PLANNED = "planned", _("Đang xây dựng")
    ACTIVE = "active", _("Đang hoạt động")
    PAUSED = "paused", _("Tạm ngừng")
    CLOSED = "closed", _("Đã giải thể")


class Bookshelf(models.Model):
    """Tủ sách chi bộ: a cell's bookshelf at a place (khu phố, thôn, ấp)."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="bookshelves")
    name = models.CharField(_("tên tủ sách"), max_length=200)
    place = models.CharField(_("địa điểm"), max_length=255, help_text=_("Khu phố, thôn, ấp; địa chỉ đặt tủ sách."))
    opening_hours = models.CharField(_("thời gian mở cửa"), max_length=255, blank=True)
    custodian = models.ForeignKey(
        "members.Person", verbose_name=_("người phụ trách"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    custodian_name = models.CharField(_("tên người phụ trách"), max_length=150, blank=True)
    opened_on = models.DateField(_("ngày khai trương"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=ShelfStatus.choices, default=ShelfStatus.ACTIVE)
    campaign_year = models.PositiveSmallIntegerField(
        _("năm phong trào"), null=True, blank=True, help_text=_("Năm xây mới hoặc bổ sung theo phong trào."),
    )
    is_public = models.BooleanField(_("công khai trên cổng thông tin"), default=True)
    loan_days = models.PositiveSmallIntegerField(_("số ngày mượn (riêng tủ này)"), null=True, blank=True)
    loans_per_reader = models.PositiveSmallIntegerField(_("số bản mượn tối đa (riêng tủ này)"), null=True, blank=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("tủ sách")
        verbose_name_plural = _("tủ sách")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(loan_days__isnull=True) | Q(loan_days__gte=1), name="shelf_loan_days_positive"),
            models.CheckConstraint(
                condition=Q(loans_per_reader__isnull=True) | Q(loans_per_reader__gte=1), name="shelf_loans_per_reader_positive"
            ),
            models.CheckConstraint(
                condition=Q(campaign_year__isnull=True) | Q(campaign_year__gte=1990, campaign_year__lte=2100),
                name="shelf_campaign_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        saved_unit_id = getattr(self, "_saved_unit_id", None)
        super().save(*args, **kwargs)
        self._saved_unit_id = self.unit_id
        if saved_unit_id is not None and saved_unit_id != self.unit_id:  # no service does this; a data fix may
            resync_unit_paths(shelf=self)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        shelf = super().from_db(db, field_names, values, **kwargs)
        shelf._saved_unit_id = shelf.__dict__.get("unit_id")
        return shelf

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(is_public=True) & ~Q(status=ShelfStatus.CLOSED)

    @property
    def custodian_label(self) -> str:
        return str(self.custodian) if self.custodian_id else self.custodian_name


class ShelfPhoto(models.Model):
    """Ảnh tủ sách."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to="bookshelves/%Y/")
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("ảnh tủ sách")
        verbose_name_plural = _("ảnh tủ sách")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(shelf__is_public=True) & ~Q(shelf__status=ShelfStatus.CLOSED)


class LoanRule(models.Model):
    """Quy định mượn mặc định của một tổ chức: applies to every shelf of its subtree."""

    unit = models.OneToOneField("orgs.Unit", on_delete=models.CASCADE, related_name="loan_rule")
    loan_days = models.PositiveSmallIntegerField(_("số ngày mượn"), default=DEFAULT_LOAN_DAYS)
    loans_per_reader = models.PositiveSmallIntegerField(_("số bản mượn tối đa mỗi bạn đọc"), default=DEFAULT_LOANS_PER_READER)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("quy định mượn sách")
        verbose_name_plural = _("quy định mượn sách")
        constraints = [
            models.CheckConstraint(condition=Q(loan_days__gte=1), name="loanrule_days_positive"),
            models.CheckConstraint(condition=Q(loans_per_reader__gte=1), name="loanrule_copies_positive"),
        ]

    def __str__(self) -> str:
        return _("%(unit)s: %(days)s ngày, %(copies)s bản") % {
            "unit": self.unit, "days": self.loan_days, "copies": self.loans_per_reader}


class ItemKind(models.TextChoices):
    BOOK = "book", _("Sách")
    DOCUMENT = "document", _("Tài liệu")
    PUBLICATION = "publication", _("Ấn phẩm")
    PERIODICAL = "periodical", _("Báo, tạp chí")
    PHOTO = "photo", _("Hình ảnh tư liệu")


class Subject(models.TextChoices):
    PARTY = "party", _("Đảng, xây dựng Đảng")
    LAW = "law", _("Pháp luật")
    HISTORY = "history", _("Lịch sử")
    CULTURE = "culture", _("Văn hóa")
    ENVIRONMENT = "environment", _("Môi trường")
    SEA_ISLANDS = "sea_islands", _("Biển, đảo")
    ECONOMY = "economy", _("Kinh tế, nông nghiệp")
    SCIENCE = "science", _("Khoa học, kỹ thuật")
    HEALTH = "health", _("Sức khỏe")
    CHILDREN = "children", _("Thiếu nhi")
    OTHER = "other", _("Khác")


class Title(models.Model):
    """Đầu sách: a title in a shelf's catalogue (sách, tài liệu, ấn phẩm, báo, hình ảnh)."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="titles")
    kind = models.CharField(_("loại"), max_length=12, choices=ItemKind.choices, default=ItemKind.BOOK)
    title = models.CharField(_("nhan đề"), max_length=300)
    author = models.CharField(_("tác giả"), max_length=200, blank=True)
    publisher = models.CharField(_("nhà xuất bản"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("năm xuất bản"), null=True, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True)
    subject = models.CharField(_("chủ đề"), max_length=12, choices=Subject.choices, default=Subject.OTHER)
    search_key = models.CharField(max_length=800, editable=False, default="")
    # The key's words, space-separated with a space at each end (" luat dat dai "): a word is
    # matched as `LIKE '% word %'`, and on PostgreSQL through a GIN index (migration 0005).
    search_words = models.CharField(max_length=802, editable=False, default="")
    # The shelf's unit's tree path, copied here so that a search scoped to a subtree is a condition
    # of the same index (selectors.search_catalogue). Saving a title sets it; `resync_unit_paths`
    # refreshes it when units move (signals.py). A stale copy can only hide a title from a search,
    # never show it out of scope: the titles found are read again through chibo.accounts.scope.
    unit_path = models.CharField(max_length=255, editable=False, default="")
    added_on = models.DateField(_("ngày nhập"), db_index=True)

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("đầu sách")
        verbose_name_plural = _("đầu sách")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["shelf", "subject"], name="title_shelf_subject")]
        constraints = [
            models.CheckConstraint(condition=Q(year__isnull=True) | Q(year__gte=1800, year__lte=2100), name="title_year_range"),
            models.CheckConstraint(condition=Q(isbn="") | Q(isbn__regex=r"^([0-9]{9}[0-9X]|97[89][0-9]{10})$"), name="title_isbn_shape"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_key = title_search_key(self.title, self.author, self.publisher, self.isbn)
        self.search_words = title_search_words(self.search_key)
        self.unit_path = Bookshelf.objects.filter(pk=self.shelf_id).values_list("unit__path", flat=True).first() or ""
        super().save(*args, **kwargs)

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(shelf__is_public=True) & ~Q(shelf__status=ShelfStatus.CLOSED)


def title_search_key(title: str, author: str = "", publisher: str = "", isbn: str = "") -> str:
    """The folded text a catalogue search matches (diacritics, case and tone placement ignored)."""
    return fold(" ".join(p for p in (title, author, publisher, isbn) if p))[:800]


# What separates the words of a folded key: ASCII punctuation and signs, Latin-1 signs (U+0080–U+00BF)
# and general punctuation (U+2000–U+206F). Every other character (a Vietnamese letter once folded, a
# letter of another script) belongs to a word. The same pattern is a PostgreSQL regular expression
# (migration 0004 backfills with it), so both databases cut a key into the same words.
WORD_SEPARATORS = r"[^0-9a-z\u00c0-\u1fff\u2070-\U0010ffff]+"
_SEPARATORS_RE = re.compile(WORD_SEPARATORS)


def search_words(text: str) -> list[str]:
    """The words of already folded text, in order and without repeats.

    >>> search_words("hoang sa, truong sa (tai ban)")
    ['hoang', 'sa', 'truong', 'tai', 'ban']
    """
    return list(dict.fromkeys(w for w in _SEPARATORS_RE.split(text) if w))


def title_search_words(search_key: str) -> str:
    """A title's `search_words` from its `search_key`: " w1 w2 … " (repeats kept), or "".

    What migration 0004 computes in SQL for the titles it backfills, character for character.

    >>> title_search_words("bien, dao viet nam (bien dao)")
    ' bien dao viet nam bien dao '
    """
    words = " ".join(w for w in _SEPARATORS_RE.split(search_key) if w)
    return f" {words} " if words else ""


def resync_unit_paths(*, under: str | None = None, shelf: Bookshelf | None = None) -> int:
    """Copy the current path of each shelf's unit onto its titles where it differs, in one UPDATE:
    for the titles under the tree path `under`, of one `shelf`, or all. The number of titles fixed."""
    titles = Title.objects.exclude(unit_path=F("shelf__unit__path"))
    if under is not None:
        titles = titles.filter(shelf__unit__path__startswith=under)
    if shelf is not None:
        titles = titles.filter(shelf=shelf)
    return titles.update(unit_path=Subquery(Bookshelf.objects.filter(pk=OuterRef("shelf_id")).values("unit__path")[:1]))


class CopyStatus(models.TextChoices):
    AVAILABLE = "available", _("Trên giá")
    ON_LOAN = "on_loan", _("Đang cho mượn")
    MISSING = "missing", _("Thất lạc")
    DAMAGED = "damaged", _("Hư hỏng")
    WITHDRAWN = "withdrawn", _("Đã thanh lý")


IN_STOCK_STATUSES = (CopyStatus.AVAILABLE, CopyStatus.ON_LOAN)


class Copy(models.Model):
    """Bản sách: one physical copy of a title, numbered within its shelf (the label code)."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="copies")
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="copies")
    number = models.PositiveIntegerField(_("số đăng ký"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=CopyStatus.choices, default=CopyStatus.AVAILABLE)
    donation = models.ForeignKey("Donation", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    added_on = models.DateField(_("ngày nhập"))

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("bản sách")
        verbose_name_plural = _("bản sách")
        ordering = ["shelf", "number"]
        constraints = [models.UniqueConstraint(fields=["shelf", "number"], name="copy_number_unique_in_shelf")]
        indexes = [models.Index(fields=["shelf", "status"], name="copy_shelf_status")]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def code(self) -> str:
        return f"TS{self.shelf_id}-{self.number:05d}"


class DonorKind(models.TextChoices):
    MEMBER = "member", _("Đảng viên của chi bộ")
    RESIDENT_MEMBER = "resident", _("Đảng viên đăng ký nơi cư trú")
    CITIZEN = "citizen", _("Người dân")
    ORGANISATION = "organisation", _("Cơ quan, tổ chức")


class Supporter(models.Model):
    """Đảng viên đăng ký tham gia xây dựng tủ sách (often at their place of residence)."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="supporters")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="shelf_supports")
    residence = models.ForeignKey(
        "members.ResidenceRegistration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_on = models.DateField(_("ngày đăng ký"))
    pledge = models.CharField(_("nội dung tham gia"), max_length=255, blank=True)
    ended_on = models.DateField(_("thôi tham gia"), null=True, blank=True)

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("đảng viên tham gia xây dựng tủ sách")
        verbose_name_plural = _("đảng viên tham gia xây dựng tủ sách")
        ordering = ["-registered_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shelf", "person"], condition=Q(ended_on__isnull=True), name="supporter_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.shelf}"


class Donation(models.Model):
    """Tặng sách: what was given, when and by whom (member, citizen or organisation)."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="donations")
    donor_kind = models.CharField(_("người tặng là"), max_length=12, choices=DonorKind.choices)
    donor_person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="shelf_donations"
    )
    donor_name = models.CharField(_("người, tổ chức tặng"), max_length=200)
    received_on = models.DateField(_("ngày nhận"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    receipt_number = models.PositiveIntegerField(_("số biên nhận"))

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("lượt tặng sách")
        verbose_name_plural = _("lượt tặng sách")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["shelf", "receipt_number"], name="donation_receipt_unique"),
            models.CheckConstraint(
                condition=~Q(donor_kind__in=["member", "resident"]) | Q(donor_person__isnull=False),
                name="donation_member_has_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor_name} · {self.received_on:%d/%m/%Y}"


class ReaderKind(models.TextChoices):
    MEMBER = "member", _("Đảng viên")
    CITIZEN = "citizen", _("Người dân")


class Reader(models.Model):
    """Bạn đọc: a member or citizen registered at a shelf (only a name and a way to reach them)."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="readers")
    kind = models.CharField(_("đối tượng"), max_length=10, choices=ReaderKind.choices, default=ReaderKind.CITIZEN)
    person = models.ForeignKey("members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    contact = models.CharField(_("điện thoại hoặc địa chỉ"), max_length=150, blank=True)
    registered_on = models.DateField(_("ngày đăng ký"))

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("bạn đọc")
        verbose_name_plural = _("bạn đọc")
        ordering = ["name_folded", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Loan(models.Model):
    """Lượt mượn: a copy lent to a reader until a due date, and its return."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="loans")
    copy = models.ForeignKey(Copy, on_delete=models.CASCADE, related_name="loans")
    reader = models.ForeignKey(Reader, on_delete=models.PROTECT, related_name="loans")
    borrowed_on = models.DateField(_("ngày mượn"))
    due_on = models.DateField(_("hạn trả"))
    returned_on = models.DateField(_("ngày trả"), null=True, blank=True)

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("lượt mượn")
        verbose_name_plural = _("lượt mượn")
        ordering = ["-borrowed_on", "-id"]
        indexes = [models.Index(fields=["shelf", "returned_on", "due_on"], name="loan_shelf_open_due")]
        constraints = [
            models.UniqueConstraint(fields=["copy"], condition=Q(returned_on__isnull=True), name="loan_one_open_per_copy"),
            models.CheckConstraint(condition=Q(due_on__gte=F("borrowed_on")), name="loan_due_after_borrowed"),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("borrowed_on")), name="loan_returned_after_borrowed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.copy} → {self.reader}"


class OnSiteReading(models.Model):
    """Lượt đọc tại chỗ: readers counted on one day at the shelf."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="readings")
    on = models.DateField(_("ngày"))
    readers = models.PositiveIntegerField(_("số lượt đọc tại chỗ"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("lượt đọc tại chỗ")
        verbose_name_plural = _("lượt đọc tại chỗ")
        ordering = ["-on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(readers__gte=1), name="reading_positive")]

    def __str__(self) -> str:
        return f"{self.shelf} {self.on:%d/%m/%Y}: {self.readers}"


class Stocktake(models.Model):
    """Kiểm kê: copies counted on the shelf against the catalogue."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="stocktakes")
    held_on = models.DateField(_("ngày kiểm kê"))
    expected = models.PositiveIntegerField(_("số bản theo sổ"))
    on_loan = models.PositiveIntegerField(_("đang cho mượn"))
    present = models.PositiveIntegerField(_("có trên giá"))
    missing = models.PositiveIntegerField(_("thất lạc"))
    damaged = models.PositiveIntegerField(_("hư hỏng"))
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("kiểm kê")
        verbose_name_plural = _("kiểm kê")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected=F("present") + F("missing") + F("damaged") + F("on_loan")), name="stocktake_adds_up"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shelf} {self.held_on:%d/%m/%Y}"


class StocktakeFinding(models.Model):
    """A copy found missing or damaged at a stocktake."""

    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="findings")
    copy = models.ForeignKey(Copy, on_delete=models.CASCADE, related_name="+")
    finding = models.CharField(max_length=10, choices=[(CopyStatus.MISSING.value, CopyStatus.MISSING.label),
                                                        (CopyStatus.DAMAGED.value, CopyStatus.DAMAGED.label)])

    scope_unit_field = "stocktake__shelf__unit"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stocktake", "copy"], name="finding_once_per_copy")]

    def __str__(self) -> str:
        return f"{self.copy_id} {self.finding}"


class Condition(models.TextChoices):
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Đạt")
    POOR = "poor", _("Cần khắc phục")


class Inspection(models.Model):
    """Kiểm tra, khảo sát tủ sách by a superior unit: the checklist and its findings."""

    shelf = models.ForeignKey(Bookshelf, on_delete=models.CASCADE, related_name="inspections")
    inspecting_unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị kiểm tra"), on_delete=models.PROTECT, related_name="+")
    inspected_on = models.DateField(_("ngày kiểm tra"))
    period_start = models.DateField(_("kỳ từ ngày"))
    condition = models.CharField(_("tình trạng tủ sách"), max_length=6, choices=Condition.choices)
    titles_added = models.PositiveIntegerField(_("đầu sách bổ sung trong kỳ"))
    readers_in_period = models.PositiveIntegerField(_("lượt bạn đọc trong kỳ"))
    problems = models.TextField(_("tồn tại, hạn chế"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    scope_unit_field = "shelf__unit"

    class Meta:
        verbose_name = _("kiểm tra tủ sách")
        verbose_name_plural = _("kiểm tra tủ sách")
        ordering = ["-inspected_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=F("inspected_on")), name="inspection_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.shelf} {self.inspected_on:%d/%m/%Y}"


class FollowUp(models.Model):
    """Việc cần khắc phục sau kiểm tra, with a deadline."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("nội dung"), max_length=300)
    due_on = models.DateField(_("hạn hoàn thành"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    scope_unit_field = "inspection__shelf__unit"

    class Meta:
        verbose_name = _("việc khắc phục")
        verbose_name_plural = _("việc khắc phục")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class TargetMeasure(models.TextChoices):
    NEW_SHELVES = "new_shelves", _("Tủ sách xây mới")
    RESTOCKED_SHELVES = "restocked", _("Tủ sách được bổ sung sách")
    SUPPORTERS = "supporters", _("Đảng viên đăng ký tham gia")
    COPIES_ADDED = "copies", _("Bản sách bổ sung")


class CampaignTarget(models.Model):
    """Chỉ tiêu phong trào: e.g. "N new shelves in 2021" for a unit's whole subtree."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="bookshelf_targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    measure = models.CharField(_("chỉ tiêu"), max_length=12, choices=TargetMeasure.choices)
    target = models.PositiveIntegerField(_("mức phấn đấu"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("chỉ tiêu tủ sách")
        verbose_name_plural = _("chỉ tiêu tủ sách")
        ordering = ["-year", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "measure"], name="target_unique"),
            models.CheckConstraint(condition=Q(target__gte=1), name="target_positive"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="target_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} {self.year}: {self.target}"
