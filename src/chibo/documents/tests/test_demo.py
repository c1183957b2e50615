"""The demo loader registers the seed documents and a province plan some communes carried out."""

import datetime
import random

from chibo.core.demo import DemoContext
from chibo.core.testing import make_user
from chibo.documents import demo
from chibo.documents.models import Document
from chibo.documents.selectors import cascade


def test_demo_registers_seed_documents_and_a_partly_carried_out_plan(seed_units, tree):
    ctx = DemoContext(seed=2025, rng=random.Random(2025), today=datetime.date(2025, 12, 1), log=lambda *a: None)
    ctx.units.update(vung_tau_city=seed_units.vung_tau, so_xay_dung_cell=seed_units.so_xd_cell,
                     hoa_binh_board=seed_units.hoa_binh_board, can_tho=seed_units.can_tho,
                     bao_thang=seed_units.bao_thang, province=tree.province, province_board=tree.board)
    ctx.lists["communes"] = [tree.commune_a, tree.commune_b]
    demo.load(ctx)
    for notation in ("11-KH/BTGTU", "38-KH/TU", "201-CV/TU", "56-HD/BTGTU", "17-KH/BDVTW", "60-QĐ/TU"):
        assert Document.objects.filter(notation=notation).exists(), notation
    plan = ctx.lists["documents_plan"]
    result = cascade(make_user(None, is_superuser=True), plan)
    assert [p.issued for p in result.units] == [True, True]  # communes 0 and 1 of every 3 carry it out
    assert Document.objects.count() > 300
