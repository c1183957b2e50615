"""The five seed pages read into the right parts; the import command creates, then updates."""

import datetime

import pytest
from django.core.management import call_command

from chibo.core import seeds
from chibo.portal.importing import find_datetime, parse_article
from chibo.portal.models import ArticlePage

DATA = seeds.DIR


def seed(prefix: str) -> str:
    return next(DATA.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def local(*args):
    from zoneinfo import ZoneInfo

    return datetime.datetime(*args, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


EXPECTED = {
    "000": dict(title="Tiếp tục thực hiện phong trào “Vận động Đảng viên tình nguyện tham gia xây dựng tủ sách Chi bộ thôn, ấp, khu phố” năm 2021.",
                published_at=local(2021, 2, 6, 7, 34), author="Bằng Lăng, BBT", view_count=None, source="",
                category="Thông tin hoạt động"),
    "001": dict(title="Chi bộ Văn phòng Sở Xây dựng tổ chức tọa đàm về vai trò của Đảng viên trong công tác vận động quần chúng",
                published_at=local(2011, 11, 9, 22, 4), author="", view_count=431, source="Khác",
                publisher="Đảng bộ sở", category=""),
    "002": dict(title="Tuyên truyền, phổ biến về giải pháp nâng cao chất lượng, hiệu quả hoạt động của đội ngũ cấp ủy các chi bộ trực thuộc đảng ủy cơ sở, đảng bộ bộ phận và tổ trưởng tổ đảng ở những chi bộ có đông đảng viên",
                published_at=local(2022, 9, 14, 0, 0), author="", view_count=None, publisher="Tỉnh uỷ Hoà Bình"),
    "003": dict(title="Triển khai các hoạt động tuyên truyền Đại hội đại biểu Đảng bộ TP Cần Thơ lần thứ XIV",
                published_at=local(2020, 8, 27, 13, 30), author="Hoàng Oanh", view_count=121,
                attachments=["Kế hoach 227"]),
    "004": dict(title="Duy trì nâng cao chất lượng công tác tuyên vận", published_at=None,
                author="Ngô Hải - BTG HU", view_count=None, category="Tin tức"),
}
CHROME = ["Print", "E-mail", "Cỡ chữ", "DetailController", "Đăng nhập", "Chung nhan", "anh tin bai",
          "Số lượng lượt xem", "Nguồn:", "Tin, ảnh:", "title Đảng"]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_reads_into_title_date_author_views(prefix):
    article = parse_article(seed(prefix))
    for name, value in EXPECTED[prefix].items():
        assert getattr(article, name) == value, name


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_body_keeps_the_text_and_drops_the_page_chrome(prefix):
    article = parse_article(seed(prefix))
    body = "\n".join(article.body_paragraphs)
    assert len(article.body_paragraphs) >= 3
    assert article.title not in body
    for chrome in CHROME:
        assert chrome not in body, chrome
    assert "\xa0" not in body and "  " not in body


def test_seed_000_keeps_the_illustration_note_as_a_caption():
    article = parse_article(seed("000"))
    assert article.captions == ["Minh họa: Tủ sách Chi bộ Khu phố 4, phường Rạch Dừa, thành phố Vũng Tàu"]
    assert '<p class="caption"><em>Minh họa:' in article.body_html


@pytest.mark.parametrize("line,expected", [
    ("07:34 | 06/02/2021 Print E-mail", local(2021, 2, 6, 7, 34)),
    ("Thứ tư, 09/11/2011, 10:04 CH", local(2011, 11, 9, 22, 4)),
    ("13:30 - 27/08/2020", local(2020, 8, 27, 13, 30)),
    ("Thực hiện Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 của Ban Tuyên giáo Tỉnh ủy về nhiều việc", None),
])
def test_date_lines_in_every_shape(line, expected):
    assert find_datetime(line) == expected


def test_html_page_is_read_like_text():
    raw = ("<html><body><div class='nav'>Đăng nhập</div><h1>Tin &amp; ảnh hội nghị</h1>"
           "<p>08:15 | 02/03/2024 Print E-mail</p><p>" + "Đoạn văn đủ dài để là thân bài. " * 4 + "</p>"
           "<p>Hội nghị diễn ra <script>alert(1)</script>tốt đẹp với nhiều ý kiến đóng góp của đảng viên.</p>"
           "<p>Nguyễn Văn An</p></body></html>")
    article = parse_article(raw)
    assert article.title == "Tin & ảnh hội nghị"
    assert article.published_at == local(2024, 3, 2, 8, 15)
    assert article.author == "Nguyễn Văn An"
    assert "alert" not in article.body_html


def test_empty_file_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="không có nội dung"):
        parse_article("Đăng nhập\n\n")


def test_import_command_creates_then_updates_without_duplicates(tree, tmp_path):
    from chibo.portal.tests.factories import make_site

    home = make_site(tree.commune_a)
    target = tmp_path / "bai.txt"
    target.write_text(seed("003"), encoding="utf-8")
    call_command("portal", "import", str(target), "--site", str(tree.commune_a.pk))
    article = ArticlePage.objects.get()
    assert article.live and article.unit == tree.commune_a
    assert article.get_parent().specific.get_parent().pk == home.pk
    assert article.view_count() == 121
    assert list(article.attachments.values_list("title", flat=True)) == ["Kế hoach 227"]
    target.write_text(seed("003").replace("Hoàng Oanh", "Hoàng Oanh, Ban Tuyên giáo"), encoding="utf-8")
    call_command("portal", "import", str(target), "--site", str(tree.commune_a.pk))
    article = ArticlePage.objects.get()
    assert article.author == "Hoàng Oanh, Ban Tuyên giáo"
    assert article.attachments.count() == 1


def test_import_dry_run_writes_nothing(tree, tmp_path, capsys):
    from chibo.portal.tests.factories import make_site

    make_site(tree.commune_a)
    target = tmp_path / "bai.txt"
    target.write_text(seed("001"), encoding="utf-8")
    call_command("portal", "import", str(target), "--dry-run")
    out = capsys.readouterr().out
    assert "Chi bộ Văn phòng Sở Xây dựng tổ chức tọa đàm" in out and '"view_count": 431' in out
    assert "tạo mới" in out
    assert not ArticlePage.objects.exists()


def test_import_of_several_files_is_all_or_nothing(tree, tmp_path):
    from django.core.management.base import CommandError

    from chibo.portal.tests.factories import make_site

    make_site(tree.commune_a)
    good, bad = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text(seed("000"), encoding="utf-8")
    bad.write_bytes(b"\xff\xfe\x00 not text")
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("portal", "import", str(good), str(bad))
    assert not ArticlePage.objects.exists()


def test_all_five_seeds_import_into_one_site_and_a_second_import_only_updates(tree, tmp_path, capsys):
    from chibo.portal.tests.factories import make_site

    home = make_site(tree.commune_a)
    files = sorted(str(p) for p in DATA.glob("*.txt"))
    call_command("portal", "import", *files, "--site", str(tree.commune_a.pk))
    assert "Đã nhập 5 bài mới, cập nhật 0 bài" in capsys.readouterr().out
    call_command("portal", "import", *files, "--site", str(tree.commune_a.pk))
    assert "Đã nhập 0 bài mới, cập nhật 5 bài" in capsys.readouterr().out
    assert ArticlePage.objects.count() == 5 and ArticlePage.objects.live().count() == 5
    for prefix, expected in EXPECTED.items():
        article = ArticlePage.objects.get(title=expected["title"])
        assert article.unit == tree.commune_a and article.get_ancestors().filter(pk=home.pk).exists()
        assert article.published_at == expected["published_at"]
        assert article.author == expected["author"]
        assert article.view_count() == (expected["view_count"] or 0)
        assert article.source == expected.get("source", "")
        assert article.revisions.count() == 2, prefix  # the second import is a new revision, not a new page
    assert ArticlePage.objects.get(title=EXPECTED["000"]["title"]).get_parent().title == "Thông tin hoạt động"
    assert ArticlePage.objects.get(title=EXPECTED["004"]["title"]).get_parent().title == "Tin tức"


def test_imported_body_reads_as_paragraphs_in_the_authors_spelling(tree):
    from chibo.portal import services
    from chibo.portal.tests.factories import make_site

    home = make_site(tree.commune_a)
    article, _ = services.do_import_article(home, parse_article(seed("002")))
    body = article.safe_body
    assert body.count("<p>") >= 5
    assert "Hướng dẫn số 56-HD/BTGTU" in body and "DetailController" not in body
    assert "  " not in body and "\xa0" not in body


def test_demo_imports_each_seed_into_its_committees_site(tree):
    import datetime as dt
    import random

    from chibo.core.demo import DemoContext
    from chibo.core.testing import make_unit
    from chibo.orgs.models import UnitKind
    from chibo.portal import demo

    ctx = DemoContext(seed=1, rng=random.Random(1), today=dt.date(2025, 9, 1), log=lambda m: None)
    ctx.units["province"] = tree.province
    for number, (key, _) in demo.SEED_SITES.items():
        ctx.units[key] = make_unit(tree.central, f"Cấp ủy của bài {number}", UnitKind.PROVINCE, code="TU")
    demo.load(ctx)
    for number, (key, _) in demo.SEED_SITES.items():
        article = ArticlePage.objects.get(unit=ctx.units[key])
        assert article.live and article.title == EXPECTED[number]["title"]
    assert ArticlePage.objects.count() == 5
