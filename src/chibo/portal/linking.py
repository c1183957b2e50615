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
from chibo.text import extract_references, fold, notation_key
from chibo.text.notation import PARTY_TYPES


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


_TYPE_BY_FOLDED_NAME = {fold(name): code for code, name in PARTY_TYPES.items()}


def document_named(title: str, unit: Unit | None) -> Document | None:
    """The public document an attachment's label names in the committee's own short way.

    Sites label the file of their own plan "Tải Kế hoach 227": a type name and a number, the
    issuer being the committee itself. Read as "<number>-<type code>/<committee's code>" and
    looked up as the public would; a full notation in the label is read by `chibo.text`.
    """
    if unit is None:
        return None
    keys = cited_keys(title)
    if not keys:
        words = fold(title).split()
        if words and words[0] == "tai":
            words = words[1:]
        if len(words) >= 3 and words[-1].isdigit() and unit.code:
            name = words[:-1]
            if name[-1] == "so":
                name = name[:-1]
            code = _TYPE_BY_FOLDED_NAME.get(" ".join(name))
            if code is not None:
                keys = [notation_key(f"{words[-1]}-{code}/{unit.code}")]
    if not keys:
        return None
    docs = scope.visible(AnonymousUser(), Document).filter(notation_key=keys[0]).filter(nearby_owners_q(unit))
    return docs.order_by("-issued_on", "pk").first()

