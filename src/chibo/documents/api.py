"""JSON API of the registry: list, search, read, create, relations, cascade — all within scope."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import selectors, services
from .models import Confidentiality, Distribution, Document, DocumentStatus, RegistrationSource

router = Router()


class DocumentOut(Schema):
    id: int
    notation: str
    system: str
    type_code: str
    type_name: str
    number: str
    issuer_id: int | None
    issuer_name: str
    issuer_code: str
    owner_id: int
    issued_on: datetime.date | None
    term: str
    abstract: str
    signer: str
    confidentiality: str
    distribution: str
    status: str
    tags: list[str]

    @staticmethod
    def resolve_issuer_name(obj: Document) -> str:
        return obj.issuer_display


class DocumentIn(Schema):
    owner_id: int
    notation: str
    issuer_name: str = ""
    issued_on: datetime.date | None = None
    abstract: str = ""
    signer: str = ""
    signer_position: str = ""
    confidentiality: str = Confidentiality.NORMAL
    distribution: str = Distribution.PUBLIC
    status: str = DocumentStatus.ISSUED
    tags: list[str] = []


class TextIn(Schema):
    owner_id: int
    text: str
    confidentiality: str = Confidentiality.NORMAL
    distribution: str = Distribution.PUBLIC


class TextOut(Schema):
    created: list[DocumentOut]
    existing: list[DocumentOut]
    conflicts: list[str]
    errors: list[str]
    relations_created: int


class RelationOut(Schema):
    kind: str
    document: DocumentOut


class RelationsOut(Schema):
    outgoing: list[RelationOut]
    incoming: list[RelationOut]


class RelationIn(Schema):
    target_id: int
    kind: str


class CascadeNodeOut(Schema):
    level: int
    kind: str
    parent_id: int | None
    document: DocumentOut


class UnitProgressOut(Schema):
    unit_id: int
    unit_name: str
    issued: bool
    documents: list[str]
    deadline: datetime.date | None
    overdue: bool


class CascadeOut(Schema):
    document: DocumentOut
    under_id: int | None
    documents: list[CascadeNodeOut]
    units: list[UnitProgressOut]


def _fail(exc) -> HttpError:
    if isinstance(exc, PermissionDenied):
        return HttpError(403, str(exc) or _("Không có quyền."))
    if isinstance(exc, services.DocumentConflict):
        return HttpError(409, exc.messages[0])
    return HttpError(422, "; ".join(getattr(exc, "messages", [str(exc)])))


@router.get("/documents", response=list[DocumentOut], url_name="documents_list")
def list_documents(request, q: str = "", type_code: str = "", issuer: str = "", year: int | None = None,
                   system: str = "", include_predecessors: bool = False, mine: bool = False, limit: int = 50):
    """List or search documents in scope (one box: notation, abstract, attachment text)."""
    limit = max(1, min(limit, 200))
    return selectors.search_documents(request.user, q, limit=limit, mine=mine, type_code=type_code, issuer=issuer,
                                      year=year, system=system, include_predecessors=include_predecessors)


@router.get("/documents/by-notation", response=list[DocumentOut], url_name="documents_by_notation")
def documents_by_notation(request, notation: str):
    return selectors.find_by_notation(request.user, notation)


@router.get("/documents/{document_id}", response=DocumentOut, url_name="documents_read")
def read_document(request, document_id: int):
    return selectors.get_document(request.user, document_id)


@router.post("/documents", response={201: DocumentOut, 200: DocumentOut}, url_name="documents_create")
def create_document(request, payload: DocumentIn):
    owner = scope.get_visible(request.user, Unit, pk=payload.owner_id)
    data = payload.dict(exclude={"owner_id"})
    try:
        document = services.do_register_document(owner=owner, actor=request.user, source=RegistrationSource.API, **data)
    except (ValidationError, PermissionDenied) as exc:
        raise _fail(exc) from exc
    return Status(201 if document.created else 200, document)


@router.post("/from-text", response=TextOut, url_name="documents_from_text")
def create_from_text(request, payload: TextIn):
    owner = scope.get_visible(request.user, Unit, pk=payload.owner_id)
    try:
        result = services.do_register_from_text(payload.text, owner=owner, actor=request.user,
                                                confidentiality=payload.confidentiality,
                                                distribution=payload.distribution, source=RegistrationSource.API)
    except (ValidationError, PermissionDenied) as exc:
        raise _fail(exc) from exc
    return {"created": result.created, "existing": result.existing, "errors": result.errors,
            "conflicts": [c.messages[0] for c in result.conflicts], "relations_created": result.relations_created}


@router.get("/documents/{document_id}/relations", response=RelationsOut, url_name="documents_relations")
def document_relations(request, document_id: int):
    document = selectors.get_document(request.user, document_id)
    relations = selectors.relations_of(request.user, document)
    return {
        "outgoing": [{"kind": r.kind, "document": r.target} for r in relations.outgoing],
        "incoming": [{"kind": r.kind, "document": r.source} for r in relations.incoming],
    }


@router.post("/documents/{document_id}/relations", response={201: RelationOut, 200: RelationOut},
             url_name="documents_relate")
def relate_document(request, document_id: int, payload: RelationIn):
    source = selectors.get_document(request.user, document_id)
    target = selectors.get_document(request.user, payload.target_id)
    try:
        relation = services.do_relate_documents(source, target, payload.kind, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        raise _fail(exc) from exc
    return Status(201 if relation.created else 200, {"kind": relation.kind, "document": target})


@router.get("/documents/{document_id}/cascade", response=CascadeOut, url_name="documents_cascade")
def document_cascade(request, document_id: int, under: int | None = None):
    document = selectors.get_document(request.user, document_id)
    under_unit = scope.get_visible(request.user, Unit, pk=under) if under else None
    result = selectors.cascade(request.user, document, under=under_unit)
    return {
        "document": document,
        "under_id": result.under.pk if result.under else None,
        "documents": [{"level": n.level, "kind": n.kind, "parent_id": n.parent_id, "document": n.document}
                      for level in result.levels for n in level],
        "units": [{"unit_id": p.unit.pk, "unit_name": p.unit.name, "issued": p.issued,
                   "documents": [d.notation for d in p.documents], "deadline": p.deadline, "overdue": p.overdue}
                  for p in result.units],
    }
