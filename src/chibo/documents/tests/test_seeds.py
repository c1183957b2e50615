"""Acceptance: pasting each seed article registers exactly the documents a careful reader finds."""

import datetime
import json
from pathlib import Path

import pytest

from chibo.core.testing import make_user
from chibo.documents import textual
from chibo.documents.models import Document, DocumentRelation, RelationKind
from chibo.documents.services import do_register_from_text

# The gold annotations of ../shared/data/seed_gold.jsonl, kept with the tests.
GOLD = Path(__file__).resolve().parents[4] / "tests" / "data" / "seed_gold.jsonl"
# The unit whose staff paste each article: where the article was published.
OWNERS = {"000": "vung_tau", "001": "so_xd_cell", "002": "hoa_binh_board", "003": "can_tho", "004": "bao_thang"}


def gold_articles():
    if not GOLD.exists():
        pytest.skip("the seed gold file (../shared/data/seed_gold.jsonl) is not present here")
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_pasting_each_seed_registers_exactly_the_gold_documents_and_again_changes_nothing(seed_units):
    admin = make_user(None, is_superuser=True)
    articles = gold_articles()
    for article in articles:
        owner = getattr(seed_units, OWNERS[article["id"][:3]])
        result = do_register_from_text(article["text"], owner=owner, actor=admin)
        assert not result.errors and not result.conflicts, article["id"]
        registered = {d.notation_key: d for d in result.documents}
        wanted = {textual.notation_key(r["notation"]): r for r in article["references"]}
        assert set(registered) == set(wanted), article["id"]
        for key, ref in wanted.items():
            doc = registered[key]
            expected_date = datetime.date.fromisoformat(ref["issued_on"]) if ref["issued_on"] else None
            assert doc.issued_on == expected_date, (article["id"], ref["notation"])
            assert doc.issuer_name == ref["issuer_name"] and doc.issuer_code == ref["issuer_code"].replace("Đ", "D")
        for link in article["implements"]:
            child = registered[textual.notation_key(link["child"])]
            parent = registered[textual.notation_key(link["parent"])]
            assert DocumentRelation.objects.filter(source=child, target=parent, kind=RelationKind.IMPLEMENTS).exists()
    assert Document.objects.count() == sum(len(a["references"]) for a in articles)
    assert DocumentRelation.objects.count() == sum(len(a["implements"]) for a in articles)
    # The issuers found in the tree are the committees and boards the articles name.
    assert Document.objects.get(notation="11-KH/BTGTU").issuer == seed_units.brvt_board
    assert Document.objects.get(notation="38-KH/TU").issuer == seed_units.vung_tau
    assert Document.objects.get(notation="56-HD/BTGTU").issuer == seed_units.hoa_binh_board
    assert Document.objects.get(notation="17-KH/BDVTW").issuer == seed_units.bdvtw
    assert Document.objects.get(notation="60-QĐ/TU").issuer == seed_units.lao_cai

    before = sorted(Document.objects.values_list("pk", "issued_on", "abstract", "updated_at"))
    relations = DocumentRelation.objects.count()
    for article in articles:
        owner = getattr(seed_units, OWNERS[article["id"][:3]])
        again = do_register_from_text(article["text"], owner=owner, actor=admin)
        assert not again.changed, article["id"]
    assert sorted(Document.objects.values_list("pk", "issued_on", "abstract", "updated_at")) == before
    assert DocumentRelation.objects.count() == relations
