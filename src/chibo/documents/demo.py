"""Demo registry: every document the seed articles cite, pasted the way staff would, and a
generated corpus for the demo province, including its bookshelf plan carried out by some
communes and not yet by others."""

import datetime

from chibo.core.seeds import seed_text

from .models import Distribution, RegistrationSource, RelationKind
from .services import do_register_document, do_register_from_text, do_relate_documents

# Where each seed article was published: the unit whose registry it is pasted into.
SEED_OWNERS = {"000": "vung_tau_city", "001": "so_xay_dung_cell", "002": "hoa_binh_board", "003": "can_tho",
               "004": "bao_thang"}
SUBJECTS = [
    "tiếp tục thực hiện phong trào xây dựng tủ sách chi bộ thôn, tổ dân phố",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "nâng cao chất lượng sinh hoạt chi bộ",
    "công tác dân vận của hệ thống chính trị",
    "tuyên truyền kỷ niệm các ngày lễ lớn",
    "kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    "thực hiện Quy định về những điều đảng viên không được làm",
    "xây dựng nông thôn mới, đô thị văn minh",
    "công tác phát triển đảng viên",
    "phòng, chống tham nhũng, lãng phí",
]
TYPES = [("KH", "Kế hoạch"), ("HD", "Hướng dẫn"), ("CV", "Công văn"), ("NQ", "Nghị quyết"), ("BC", "Báo cáo"),
         ("TB", "Thông báo"), ("CTr", "Chương trình")]


def load(ctx) -> None:
    for number, key in SEED_OWNERS.items():
        owner = ctx.units.get(key)
        if owner is None:
            ctx.log(f"    (bỏ qua bài {number}: chưa có đơn vị {key})")
            continue
        text = seed_text(number)
        do_register_from_text(text, owner=owner, actor=None)

    province, board = ctx.units.get("province"), ctx.units.get("province_board")
    communes = ctx.lists.get("communes", [])
    if province is None or board is None:
        return
    rng, today = ctx.rng, ctx.today
    reg = lambda owner, notation, **kw: do_register_document(  # noqa: E731
        owner=owner, actor=None, notation=notation, source=RegistrationSource.DEMO, **kw)

    # The province's bookshelf plan, carried out by about two communes in three.
    plan = reg(board, "15-KH/BTGDVTU", issued_on=today - datetime.timedelta(days=45),
               abstract=f"Về {SUBJECTS[0]} năm {today.year}", signer="Nguyễn Thị Thu Hà",
               signer_position="Phó Trưởng ban", tags=["tủ sách chi bộ"])
    ctx.lists["documents_plan"] = plan
    for index, commune in enumerate(communes):
        if index % 3 == 2 or rng.random() < 0.15:
            continue
        child = reg(commune, f"{rng.randint(20, 90)}-KH/ĐU", issued_on=plan.issued_on + datetime.timedelta(days=rng.randint(3, 30)),
                    abstract=f"Thực hiện Kế hoạch 15-KH/BTGDVTU về {SUBJECTS[0]}")
        do_relate_documents(child, plan, RelationKind.IMPLEMENTS)

    # A generated corpus: the province, its board and communes issuing everyday documents.
    issuers = [province, board] + list(communes[:40])
    for n in range(1, 301):
        owner = issuers[rng.randrange(len(issuers))]
        code, name = TYPES[rng.randrange(len(TYPES))]
        issuer_code = owner.code or "ĐU"
        subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
        issued_on = today - datetime.timedelta(days=rng.randint(1, 900))
        reg(owner, f"{100 + n}-{code}/{issuer_code}", issued_on=issued_on, abstract=f"{name} về {subject}",
            distribution=Distribution.INTERNAL if rng.random() < 0.2 else Distribution.PUBLIC)
