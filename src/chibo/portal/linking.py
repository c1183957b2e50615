"""Linking an article to the public documents it mentions.

References are found by `chibo.text`; only documents that anyone may read
(`Document.scope_public_q()`: issued, public distribution, not graded) are ever linked, and only
from registries near the article's committee (its province's subtree, its ancestors, the central
bodies), since a notation such as 38-KH/TU is unique only with its issuer.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from chibo.accounts import scope
from chibo.documents.models import Document
from chibo.orgs.models import Unit, UnitKind, subtree_q
from chibo.text import extract_references, notation_key


def cited_keys(text: str) -> list[str]:
    """The notation keys of the documents the text cites, in order of first mention."""
    return list(dict.fromkeys(notation_key(ref.notation) for ref in extract_references(text) if ref.notation))


def nearby_owners_q(unit: Unit) -> Q:
    """Registries an article of `unit` may cite: its province's subtree, its ancestors, and the
    central bodies (Ban Dân vận Trung ương…) whose documents every province carries out."""
    root_path = unit.path[: Unit.steplen]
    province_path = unit.path[: 2 * Unit.steplen] if unit.depth >= 2 else unit.path
    central_bodies = Q(owner__depth=2, owner__path__startswith=root_path) & ~Q(owner__kind=UnitKind.PROVINCE)
    return (
        subtree_q([Unit(path=province_path)], prefix="owner__")
        | Q(owner__path__in=unit.ancestor_paths())
        | central_bodies
    )


def public_documents_mentioned(text: str, unit: Unit | None = None) -> list[Document]:
    """Public documents registered under the notations the text cites, in the order cited."""
    keys = cited_keys(text)
    if not keys:
        return []
    # Read as the public would: internal, draft and graded documents never match.
    docs = scope.visible(AnonymousUser(), Document).filter(notation_key__in=keys)
    if unit is not None:
        docs = docs.filter(nearby_owners_q(unit))
    by_key: dict[str, Document] = {}
    for doc in docs.order_by("-issued_on", "pk"):
        by_key.setdefault(doc.notation_key, doc)
    return [by_key[k] for k in keys if k in by_key]
