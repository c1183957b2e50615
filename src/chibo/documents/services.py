"""Writes to the document registry: every change atomic and audited.

Registration comes four ways (form, pasted text, uploaded file, Excel import), all through
`do_register_document`, which finds the issuer in the tree, refuses graded content on an
Internet-facing instance, and never creates a second record for the same document: the same
notation from the same issuer in the same term is one document, and a conflicting one (another
date or abstract) is raised as `DocumentConflict` for the user to resolve.
"""

import datetime
import hashlib
import io
import mimetypes
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chibo.accounts import scope
from chibo.accounts.audit import record
from chibo.orgs.models import FUNCTIONAL_KINDS, Unit
from chibo.text import fold

from . import search, textual
from .issuers import code_key, committee_term
from .models import (
    GRADED,
    Attachment,
    Confidentiality,
    Distribution,
    Document,
    DocumentRelation,
    DocumentStatus,
    DocumentSystem,
    RegistrationSource,
    RelationKind,
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Extensions accepted, with the first bytes each kind of file must start with.
ATTACHMENT_KINDS = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
# Bodies of a committee that issue in its name: "Ban Thường vụ Tỉnh ủy" is the Tỉnh ủy.
COMMITTEE_BODIES = ("ban chap hanh", "ban thuong vu", "bo chinh tri", "ban bi thu", "thuong truc")


def secrecy_message() -> str:
    return _(
        "Hệ thống này kết nối Internet nên chỉ lưu văn bản không mật: văn bản Mật, Tối mật, Tuyệt mật "
        "chỉ được đăng ký số hiệu, ngày ban hành và cơ quan ban hành, không kèm trích yếu, nội dung "
        "hay tệp đính kèm."
    )


def internet_facing() -> bool:
    return getattr(settings, "CHIBO_NETWORK", "internet") != "internal"


def check_secrecy(confidentiality: str, *, has_content: bool) -> None:
    """Refuse content of a graded document on an Internet-facing instance (one clear message)."""
    if has_content and confidentiality in GRADED and internet_facing():
        raise ValidationError(secrecy_message(), code="secret_content")


class DocumentConflict(ValidationError):
    """The document is registered already with another date or abstract: the user decides."""

    def __init__(self, existing: Document, proposed: dict, fields: list[str]):
        names = ", ".join(str(Document._meta.get_field(f).verbose_name) for f in fields)
        super().__init__(
            _("Văn bản %(notation)s đã có trong sổ với %(fields)s khác; hãy chọn giữ bản đã có hoặc cập nhật.")
            % {"notation": existing.notation, "fields": names},
            code="conflict",
        )
        self.existing, self.proposed, self.fields = existing, proposed, fields


def _require_manage(actor, unit: Unit) -> None:
    if actor is not None and not scope.can_manage(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý sổ văn bản của %(unit)s.") % {"unit": unit})


# --- Issuers ---------------------------------------------------------------------------------

# Words naming the level of a committee ("Ban Thường vụ Tỉnh ủy" is a province's, never a city's).
LEVEL_WORDS = frozenset({"tinh", "thanh", "huyen", "quan", "thi", "xa", "phuong", "khoi"})
# A unit is named by the text when its name has at least this many words ("Tỉnh ủy" alone names nobody).
MIN_NAME_WORDS = 3
# Units of one issuer code read when looking for those a pasted text names (committees, not cells).
NAMED_CANDIDATES_LIMIT = 1000


def _issuer_name_matches(unit: Unit, issuer_name: str, *, on_line: bool = True) -> bool:
    """Whether a cited issuer name can be this unit. A committee beside the owner's line (another
    province, a sibling district) must be named in full: "Ban Thường vụ Tỉnh ủy" or a bare
    "Thành ủy" cited in a registry means a committee on its own line, never a neighbour."""
    name = fold(issuer_name)
    if not on_line:
        if len(name.split()) < MIN_NAME_WORDS:
            return False
        unit_name = unit.name_folded or fold(f"{unit.name} {unit.short_name}")
        return name in unit_name
    if not name:
        return True
    unit_name = unit.name_folded or fold(f"{unit.name} {unit.short_name}")
    if name in unit_name or set(name.split()) <= set(unit_name.split()):
        return True
    if unit.kind in FUNCTIONAL_KINDS or not name.startswith(COMMITTEE_BODIES):
        return False
    # A committee's own body: its level must be the unit's ("Ban Thường vụ Tỉnh ủy" ≠ "Thành ủy Cần Thơ").
    levels = set(name.split()) & LEVEL_WORDS
    return levels <= set(unit_name.split())


def _shared_steps(unit: Unit, other: Unit) -> int:
    """How many whole path steps two units share: the depth of their nearest common ancestor."""
    steplen, shared = unit.steplen, 0
    while (shared + 1) * steplen <= min(len(unit.path), len(other.path)) and \
            unit.path[shared * steplen:(shared + 1) * steplen] == other.path[shared * steplen:(shared + 1) * steplen]:
        shared += 1
    return shared


def _units_with_code(wanted: str):
    """Units whose issuer code is `wanted` in any spelling (ĐU = DU, TƯ = TW), by an indexed IN query."""
    variants = {""}
    for char in wanted:
        options = {"D": ("D", "Đ", "d", "đ"), "W": ("W", "Ư", "w", "ư")}.get(char, (char, char.lower()))
        variants = {v + o for v in variants for o in options}
        if len(variants) > 512:  # a long code: leave the spelling to code_key
            return Unit.objects.filter(code__iexact=wanted)
    return Unit.objects.filter(code__in=sorted(variants))


def _named_unit(wanted: str, issuer_name: str) -> Unit | None:
    """The one unit of the tree, anywhere, whose full name is `issuer_name` (e.g. "Thành ủy Vũng Tàu")."""
    name = fold(issuer_name)
    if len(name.split()) < MIN_NAME_WORDS:
        return None
    found = [u for u in Unit.objects.filter(name_folded__startswith=name)[:20]
             if code_key(u.code) == wanted and name in (fold(u.name), fold(u.short_name))]
    return found[0] if len(found) == 1 else None


def resolve_issuer(owner: Unit, issuer_code: str, issuer_name: str = "") -> Unit | None:
    """The unit of the tree that issued a document cited from `owner`'s registry, if it is one.

    Candidates carry the issuer code and stand on the owner's line: the owner, its ancestors
    and their direct children (boards, sibling committees), nearest first: the deepest common
    ancestor, then the shallowest (a parent before its children). A named issuer must match the
    unit's name; a sibling committee only when named in full. Failing that, a unit anywhere in
    the tree with exactly the cited name (a city committee cited by a province elsewhere). An
    outside body (Bộ Chính trị is the central committee's own body; a ministry is not in the
    tree) gives None.
    """
    wanted = code_key(issuer_code)
    if not wanted:
        return None
    lines = owner.ancestor_paths() + [owner.path]
    from django.db.models import Q

    q = Q(path__in=lines)
    for path in lines:
        q |= Q(path__startswith=path, depth=len(path) // owner.steplen + 1)
    candidates = [u for u in Unit.objects.filter(q) if code_key(u.code) == wanted]

    def nearness(unit: Unit):
        return (-_shared_steps(unit, owner), unit.depth, unit.valid_to is not None, unit.path)

    for unit in sorted(candidates, key=nearness):
        on_line = unit.path in lines or unit.kind in FUNCTIONAL_KINDS  # a board works for a committee of the line
        if _issuer_name_matches(unit, issuer_name, on_line=on_line):
            return unit
    return _named_unit(wanted, issuer_name)


def units_named_in(text: str, codes) -> list[Unit]:
    """Committees a text names in full ("Tỉnh uỷ Hoà Bình"), among the units carrying `codes`.

    A board counts when its committee is named ("Ban Tuyên giáo Tỉnh ủy" of the "Tỉnh uỷ Hoà
    Bình" the article names); the committee is returned, to resolve the text's citations from.
    """
    words = f" {' '.join(textual.search_words(text))} "
    named: dict[int, Unit] = {}
    for wanted in sorted({code_key(c) for c in codes if c}):
        candidates = list(_units_with_code(wanted).only(
            "id", "path", "depth", "name", "short_name", "name_folded", "kind", "code", "valid_to",
        )[:NAMED_CANDIDATES_LIMIT + 1])
        if len(candidates) > NAMED_CANDIDATES_LIMIT:
            continue  # a code of thousands (communes, cells): a name is no anchor there
        parents = {}
        functional = [u for u in candidates if u.kind in FUNCTIONAL_KINDS and u.depth > 1]
        if functional:
            paths = {u.path[: -u.steplen] for u in functional}
            parents = {p.path: p for p in Unit.objects.filter(path__in=paths)}
        for unit in candidates:
            committee = parents.get(unit.path[: -unit.steplen], unit) if unit in functional else unit
            for name in {fold(committee.name), fold(committee.short_name)}:
                if len(name.split()) >= MIN_NAME_WORDS and f" {' '.join(textual.search_words(name))} " in words:
                    named[committee.pk] = committee
    return sorted(named.values(), key=lambda u: u.path)


def _issuer_ref(issuer: Unit | None, issuer_name: str, issuer_code: str, owner: Unit) -> str:
    if issuer is not None:
        return f"unit:{issuer.pk}"
    if issuer_name:
        return f"name:{fold(issuer_name)}"
    return f"code:{code_key(issuer_code)}@{owner.pk}"


# --- Registration ----------------------------------------------------------------------------

@dataclass
class Proposed:
    """A document to register, before it is compared with the registry."""

    owner: Unit
    notation: str
    notation_key: str
    number: str
    type_code: str
    issuer: Unit | None
    issuer_name: str
    issuer_code: str
    issuer_ref: str
    issued_on: datetime.date | None
    term: str
    system: str
    abstract: str = ""

    def find_existing(self) -> Document | None:
        """The registered document this one is, if any (an undated citation matches any term)."""
        same = Document.objects.filter(notation_key=self.notation_key, issuer_ref=self.issuer_ref)
        if self.term:
            exact = same.filter(term=self.term).first()
            return exact or same.filter(term="").first()
        return same.order_by("-recency", "-id").first()

    def differences(self, existing: Document) -> list[str]:
        fields = []
        if self.issued_on and existing.issued_on and self.issued_on != existing.issued_on:
            fields.append("issued_on")
        if self.abstract and existing.abstract and fold(self.abstract) != fold(existing.abstract):
            fields.append("abstract")
        return fields


def propose(*, owner: Unit, notation: str, number: str = "", type_code: str = "", issuer: Unit | None = None,
            issuer_name: str = "", issuer_code: str = "", issued_on=None, term: str = "", system: str = "",
            abstract: str = "") -> Proposed:
    notation = " ".join((notation or "").split())
    parsed = textual.parse_notation(notation) if notation else None
    if not notation or (parsed is None and not (number and type_code)):
        raise ValidationError(
            _("“%(notation)s” không phải số hiệu văn bản (ví dụ 11-KH/BTGTU, 1206/QĐ-UBND).") % {"notation": notation},
            code="notation",
        )
    parsed = parsed or {}
    number = number or parsed.get("number", "")
    type_code = type_code or parsed.get("type_code", "")
    issuer_code = code_key(issuer_code or parsed.get("issuer_code", "") or (issuer.code if issuer else ""))
    if issuer is None:
        issuer = resolve_issuer(owner, issuer_code, issuer_name)
    term = term or committee_term(issued_on, issuer_code)
    return Proposed(
        owner=issuer or owner, notation=parsed.get("notation") or notation, notation_key=textual.notation_key(notation),
        number=str(number), type_code=type_code, issuer=issuer, issuer_name=issuer_name or (issuer.name if issuer else ""),
        issuer_code=issuer_code, issuer_ref=_issuer_ref(issuer, issuer_name, issuer_code, owner),
        issued_on=issued_on, term=term, system=system or parsed.get("system") or DocumentSystem.PARTY,
        abstract=(abstract or "").strip(),
    )


def do_register_document(*, owner: Unit, actor=None, notation: str, number: str = "", type_code: str = "",
                         issuer: Unit | None = None, issuer_name: str = "", issuer_code: str = "", issued_on=None,
                         term: str = "", abstract: str = "", signer: str = "", signer_position: str = "",
                         confidentiality: str = Confidentiality.NORMAL, distribution: str = Distribution.PUBLIC,
                         status: str = DocumentStatus.ISSUED, tags=(), system: str = "",
                         source: str = RegistrationSource.FORM) -> Document:
    """Register a document in `owner`'s registry, or return the one already registered.

    The returned document carries `created` (True when new) and `completed` (blank fields of an
    existing record filled in). A registered document with another date or abstract raises
    `DocumentConflict`; nothing is overwritten.
    """
    _require_manage(actor, owner)
    tags = [t.strip() for t in tags if t and t.strip()]
    check_secrecy(confidentiality, has_content=bool((abstract or "").strip() or signer.strip() or tags))
    with transaction.atomic():
        proposed = propose(owner=owner, notation=notation, number=number, type_code=type_code, issuer=issuer,
                           issuer_name=issuer_name, issuer_code=issuer_code, issued_on=issued_on, term=term,
                           system=system, abstract=abstract)
        existing = proposed.find_existing()
        if existing is not None:
            return _merge_into(existing, proposed, actor=actor, signer=signer, signer_position=signer_position)
        document = Document(
            system=proposed.system, type_code=proposed.type_code, number=proposed.number, notation=proposed.notation,
            notation_key=proposed.notation_key, issuer=proposed.issuer, issuer_name=proposed.issuer_name,
            issuer_code=proposed.issuer_code, issuer_ref=proposed.issuer_ref, owner=proposed.owner,
            issued_on=proposed.issued_on, term=proposed.term, abstract=proposed.abstract, signer=signer.strip(),
            signer_position=signer_position.strip(), confidentiality=confidentiality, distribution=distribution,
            status=status, tags=tags, source=source, recency=proposed.issued_on or datetime.date.today(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            existing = proposed.find_existing()
            if existing is None:
                raise
            return _merge_into(existing, proposed, actor=actor, signer=signer, signer_position=signer_position)
        search.reindex(document)
        record(actor, "documents.register", document, source=source, notation=document.notation)
    document.created, document.completed = True, False
    return document


def _merge_into(existing: Document, proposed: Proposed, *, actor, signer: str = "", signer_position: str = "") -> Document:
    """Fill the blanks of an already registered document; raise on a real conflict."""
    fields = proposed.differences(existing)
    if fields:
        raise DocumentConflict(existing, {"issued_on": proposed.issued_on, "abstract": proposed.abstract}, fields)
    changed = []
    if proposed.issued_on and not existing.issued_on:
        existing.issued_on, existing.term, existing.recency = proposed.issued_on, proposed.term, proposed.issued_on
        changed += ["issued_on", "term", "recency"]
    for name, value in (("abstract", proposed.abstract), ("signer", signer), ("signer_position", signer_position)):
        if value and not getattr(existing, name):
            if existing.is_graded:
                check_secrecy(existing.confidentiality, has_content=True)
            setattr(existing, name, value.strip())
            changed.append(name)
    if changed:
        existing.save(update_fields=[*changed, "updated_at"])
        search.reindex(existing)
        record(actor, "documents.complete", existing, fields=changed)
    existing.created, existing.completed = False, bool(changed)
    return existing


EDITABLE_FIELDS = (
    "issued_on", "abstract", "signer", "signer_position", "confidentiality", "distribution", "status", "tags", "term",
)


def do_update_document(document: Document, *, actor, **changes) -> Document:
    """Change a registered document (also how a conflict is resolved in favour of the new values)."""
    _require_manage(actor, document.owner)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Không sửa được trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        for name, value in changes.items():
            setattr(document, name, value)
        if "issued_on" in changes:
            document.term = changes.get("term") or committee_term(document.issued_on, document.issuer_code)
            document.recency = document.issued_on or document.recency
        has_content = bool(document.abstract.strip() or document.signer or document.tags or document.attachments.exists())
        check_secrecy(document.confidentiality, has_content=has_content)
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError as exc:
            raise ValidationError(
                _("Đã có văn bản %(n)s của cùng cơ quan trong nhiệm kỳ %(t)s.") % {"n": document.notation, "t": document.term}
            ) from exc
        search.reindex(document)
        record(actor, "documents.update", document, fields=sorted(changes))
    return document


def do_relate_documents(source: Document, target: Document, kind: str, *, actor=None) -> DocumentRelation:
    """Record that `source` (the child, newer document) implements/guides/amends/… `target`. Idempotent."""
    if kind not in RelationKind.values:
        raise ValidationError(_("Quan hệ văn bản không hợp lệ: %(k)s") % {"k": kind})
    if source.pk == target.pk:
        raise ValidationError(_("Một văn bản không thể liên kết với chính nó."))
    _require_manage(actor, source.owner)
    with transaction.atomic():
        relation, created = DocumentRelation.objects.get_or_create(source=source, target=target, kind=kind)
        if created:
            record(actor, "documents.relate", source, kind=kind, target=target.notation)
    relation.created = created
    return relation


def do_unrelate_documents(relation: DocumentRelation, *, actor) -> None:
    _require_manage(actor, relation.source.owner)
    with transaction.atomic():
        record(actor, "documents.unrelate", relation.source, kind=relation.kind, target=relation.target.notation)
        relation.delete()


# --- Pasted text ---------------------------------------------------------------------------------

@dataclass
class PlannedReference:
    """One reference found in a text, compared with the registry."""

    reference: dict
    proposed: Proposed | None
    existing: Document | None = None
    error: str = ""
    differences: list = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.error:
            return "error"
        if self.existing is None:
            return "new"
        return "conflict" if self.differences else "existing"


@dataclass
class TextPlan:
    references: list[PlannedReference]
    implements: list[tuple[str, str]]

    def by_key(self) -> dict[str, PlannedReference]:
        return {textual.notation_key(p.reference["notation"]): p for p in self.references}


def _parse_iso(value):
    if not value or isinstance(value, datetime.date):
        return value or None
    return datetime.date.fromisoformat(str(value))


def _propose_reference(ref: dict, owner: Unit, issuer: Unit | None = None) -> Proposed:
    return propose(
        owner=owner, notation=ref.get("notation", ""), number=str(ref.get("number") or ""),
        type_code=ref.get("type_code") or "", issuer=issuer, issuer_name=ref.get("issuer_name") or "",
        issuer_code=ref.get("issuer_code") or "", issued_on=_parse_iso(ref.get("issued_on")),
        system=ref.get("system") or "", abstract=ref.get("abstract") or ref.get("title") or "",
    )


def plan_text(text: str, *, owner: Unit) -> TextPlan:
    """What pasting `text` would register: each reference found, new or already registered.

    Issuers are looked for from the owner's registry first. A citation that finds none there is
    read from the places the text itself points to: the units its other citations were found
    to be, then the committees it names in full. An article about Thành ủy Vũng Tàu pasted in
    another province's registry thus finds the documents already registered, not new copies.
    """
    if not (text or "").strip():
        raise ValidationError(_("Chưa có nội dung để đọc."), code="empty")
    found = textual.extract(text)
    planned = []
    for ref in found.get("references", []):
        item = PlannedReference(reference=ref, proposed=None)
        try:
            item.proposed = _propose_reference(ref, owner)
        except ValidationError as exc:
            item.error = "; ".join(exc.messages)
        planned.append(item)
    unresolved = [i for i in planned if i.proposed is not None and i.proposed.issuer is None and i.proposed.issuer_code]
    if unresolved:
        anchors = list({i.proposed.issuer.pk: i.proposed.issuer for i in planned
                        if i.proposed is not None and i.proposed.issuer is not None}.values())
        anchors += [u for u in units_named_in(text, {i.proposed.issuer_code for i in unresolved})
                    if u.pk not in {a.pk for a in anchors}]
        for item in unresolved:
            for anchor in anchors:
                if anchor.pk == owner.pk:
                    continue
                issuer = resolve_issuer(anchor, item.proposed.issuer_code, item.reference.get("issuer_name") or "")
                if issuer is not None:
                    item.proposed = _propose_reference(item.reference, owner, issuer=issuer)
                    break
    for item in planned:
        if item.proposed is not None:
            item.existing = item.proposed.find_existing()
            if item.existing is not None:
                item.differences = item.proposed.differences(item.existing)
    links = [(link["child"], link["parent"]) for link in found.get("implements", []) if link.get("child") and link.get("parent")]
    return TextPlan(planned, links)


@dataclass
class TextRegistration:
    """What a paste (or upload) did."""

    created: list[Document] = field(default_factory=list)
    existing: list[Document] = field(default_factory=list)
    completed: list[Document] = field(default_factory=list)
    conflicts: list[DocumentConflict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    relations: list[DocumentRelation] = field(default_factory=list)
    relations_created: int = 0
    attachment: Attachment | None = None
    duplicate_file_of: Document | None = None

    @property
    def documents(self) -> list[Document]:
        return self.created + self.existing

    @property
    def changed(self) -> bool:
        return bool(self.created or self.completed or self.relations_created)


def do_register_from_text(text: str, *, owner: Unit, actor, confidentiality: str = Confidentiality.NORMAL,
                          distribution: str = Distribution.PUBLIC,
                          source: str = RegistrationSource.PASTE) -> TextRegistration:
    """Register every document a pasted text cites, with the implements links it states.

    Documents already registered are linked, not created again; conflicts are reported in the
    result and left untouched. The whole paste is one transaction.
    """
    _require_manage(actor, owner)
    check_secrecy(confidentiality, has_content=True)
    plan = plan_text(text, owner=owner)
    result = TextRegistration()
    by_key: dict[str, Document] = {}
    with transaction.atomic():
        for item in plan.references:
            ref = item.reference
            if item.error:
                result.errors.append(f"{ref.get('notation')}: {item.error}")
                continue
            try:
                document = do_register_document(
                    owner=owner, actor=actor, notation=ref["notation"], number=item.proposed.number,
                    type_code=item.proposed.type_code, issuer=item.proposed.issuer, issuer_name=item.proposed.issuer_name,
                    issuer_code=item.proposed.issuer_code, issued_on=item.proposed.issued_on,
                    abstract=item.proposed.abstract, system=item.proposed.system, confidentiality=confidentiality,
                    distribution=distribution, source=source,
                )
            except DocumentConflict as conflict:
                result.conflicts.append(conflict)
                by_key[item.proposed.notation_key] = conflict.existing
                continue
            except PermissionDenied as exc:
                result.errors.append(f"{ref.get('notation')}: {exc}")
                continue
            by_key[item.proposed.notation_key] = document
            if document.created:
                result.created.append(document)
            elif document not in result.existing and document not in result.created:
                result.existing.append(document)
                if document.completed:
                    result.completed.append(document)
        for child, parent in plan.implements:
            source_doc, target_doc = by_key.get(textual.notation_key(child)), by_key.get(textual.notation_key(parent))
            if source_doc is None or target_doc is None or source_doc.pk == target_doc.pk:
                continue
            relation = do_relate_documents(source_doc, target_doc, RelationKind.IMPLEMENTS)
            result.relations.append(relation)
            result.relations_created += int(relation.created)
        record(actor, "documents.paste", None, unit=owner, created=len(result.created),
               existing=len(result.existing), relations=result.relations_created)
    return result


# --- Attachments ---------------------------------------------------------------------------------

def read_upload(uploaded) -> tuple[bytes, str, str]:
    """The bytes, checked extension and content type of an uploaded file; ValidationError if refused."""
    name = getattr(uploaded, "name", "") or ""
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in ATTACHMENT_KINDS:
        raise ValidationError(_("Chỉ nhận tệp PDF, DOCX, PNG hoặc JPG (tệp “%(name)s” không được nhận).") % {"name": name})
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("Tệp “%(name)s” quá lớn: tối đa 20 MB.") % {"name": name})
    data = uploaded.read()
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("Tệp “%(name)s” quá lớn: tối đa 20 MB.") % {"name": name})
    content_type, magics = ATTACHMENT_KINDS[ext]
    if not data.startswith(magics):
        raise ValidationError(_("Nội dung tệp “%(name)s” không đúng định dạng %(ext)s.") % {"name": name, "ext": ext[1:].upper()})
    return data, ext, content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"


def file_text(data: bytes, ext: str) -> str:
    """Text of a PDF or DOCX (empty for images or unreadable files)."""
    try:
        if ext == ".pdf":
            from pypdf import PdfReader

            return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
        if ext == ".docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            return "\n".join(p.text for p in document.paragraphs)
    except Exception as exc:  # a damaged file is refused with a clear message
        raise ValidationError(_("Không đọc được nội dung tệp: tệp hỏng hoặc được bảo vệ.")) from exc
    return ""


def do_attach_file(document: Document, uploaded, *, actor, data: bytes | None = None, ext: str = "",
                   content_type: str = "", text: str | None = None) -> Attachment:
    """Attach a file to a document; a file already attached (same checksum) is returned, not stored again."""
    _require_manage(actor, document.owner)
    check_secrecy(document.confidentiality, has_content=True)
    if data is None:
        data, ext, content_type = read_upload(uploaded)
    sha = hashlib.sha256(data).hexdigest()
    existing = document.attachments.filter(sha256=sha).first()
    if existing is not None:
        existing.created = False
        return existing
    text = file_text(data, ext) if text is None else text
    with transaction.atomic():
        attachment = Attachment(document=document, name=getattr(uploaded, "name", f"{sha}{ext}")[:255],
                                content_type=content_type, size=len(data), sha256=sha, text=text)
        stored_name = attachment_storage_name(sha, ext)
        if default_storage.exists(stored_name):
            attachment.file.name = stored_name
        else:
            attachment.file.save(stored_name, ContentFile(data), save=False)
        attachment.save()
        search.reindex(document)
        record(actor, "documents.attach", document, file=attachment.name, sha256=sha)
    attachment.created = True
    return attachment


def attachment_storage_name(sha: str, ext: str) -> str:
    return f"van-ban/{sha[:2]}/{sha}{ext}"


def do_register_from_upload(uploaded, *, owner: Unit, actor, confidentiality: str = Confidentiality.NORMAL,
                            distribution: str = Distribution.PUBLIC) -> TextRegistration:
    """Register the documents a PDF/DOCX cites and attach the file to the file's own document:
    the first one it cites that belongs to a registry the user keeps (a plan cites the directive
    it carries out, whose registry is another unit's).

    A file already stored (same checksum) in a document the user can see is recognised: the
    result names that document and nothing is registered again. When every document the file
    cites is another unit's, nothing is registered and the user is told to register the file's
    own document by the form.
    """
    _require_manage(actor, owner)
    check_secrecy(confidentiality, has_content=True)
    data, ext, content_type = read_upload(uploaded)
    sha = hashlib.sha256(data).hexdigest()
    seen = Attachment.objects.filter(sha256=sha, document__in=scope.visible(actor, Document)).select_related("document")
    seen = seen.first()
    if seen is not None:
        return TextRegistration(existing=[seen.document], attachment=seen, duplicate_file_of=seen.document)
    text = file_text(data, ext)
    if not text.strip():
        raise ValidationError(_("Tệp không có chữ đọc được (ảnh chụp?): hãy nhập văn bản bằng biểu mẫu."))
    with transaction.atomic():
        result = do_register_from_text(text, owner=owner, actor=actor, confidentiality=confidentiality,
                                       distribution=distribution, source=RegistrationSource.UPLOAD)
        cited = result.created + result.existing
        if not cited:
            raise ValidationError(_("Không tìm thấy số hiệu văn bản nào trong tệp."))
        own = [d for d in cited if actor is None or scope.can_manage(actor, d.owner)]
        if not own:
            raise ValidationError(
                _("Các văn bản tệp này dẫn chiếu (%(notations)s) đều thuộc sổ văn bản của đơn vị khác, nên tệp "
                  "chưa được đính kèm và không văn bản nào được ghi. Hãy đăng ký văn bản của tệp bằng biểu mẫu "
                  "“Đăng ký văn bản” và đính kèm tệp ở đó.") % {"notations": ", ".join(d.notation for d in cited)}
            )
        result.attachment = do_attach_file(own[0], uploaded, actor=actor, data=data, ext=ext,
                                           content_type=content_type, text=text)
    return result
