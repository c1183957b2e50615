"""Reading an article saved from a committee's news site (text or HTML) into its parts.

The seeds show how such pages look once copied: breadcrumbs and the category name above the
title ("Thông tin hoạt động Thông tin hoạt động"), the site's name ("Tỉnh uỷ Hoà Bình"), page
chrome ("Print E-mail", "Cỡ chữ Màu chữ image", "DetailController", "Đăng nhập", "Chung nhan
Tin Nhiem Mang"), a date line in one of several shapes ("07:34 | 06/02/2021", "Thứ tư,
09/11/2011, 22:04 CH", "14/09/2022 00:00", "13:30 - 27/08/2020"), and at the foot the author
("Tin, ảnh: …", a bare name), the source ("Nguồn: …"), the view count ("Số lượng lượt xem: 431",
a bare number) and download links ("Tải …"). `parse_article` separates them; dates go through
`chibo.text.parse_date`.
"""

import datetime
import hashlib
import html
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from zoneinfo import ZoneInfo

import nh3
from django.utils.translation import gettext as _

import chibo.text as vtext
from chibo.text import fold

# Whole lines that are page chrome, compared folded (no diacritics, lower case).
CHROME_LINES = {
    "detailcontroller", "dang nhap", "dang xuat", "chung nhan tin nhiem mang", "co chu mau chu image",
    "co chu mau chu", "anh tin bai", "image", "print e-mail", "print", "e-mail", "in bai viet", "gui email",
    "chia se", "quay lai", "len dau trang", "ban in", "tro ve",
}
CHROME_PREFIXES = ("title ",)
CHROME_TOKENS = ("print", "e-mail", "email", "in bai", "gui mail")
KNOWN_CATEGORIES = {"tin tuc", "thong tin hoat dong", "tin hoat dong", "su kien", "thong bao", "tin tuc su kien"}
COMMITTEE_WORDS = ("tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "dang uy", "dang bo", "chi bo")
WEEKDAYS = ("thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat")
TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:h]([0-5]\d)(?:\s*(SA|CH|AM|PM))?(?!\d)", re.IGNORECASE)
DATE_TOKEN_SPLIT = re.compile(r"[\s|,;]+|\s-\s")
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class ParsedArticle:
    """What an imported page says about itself."""

    title: str
    body_paragraphs: list[str]
    published_at: datetime.datetime | None = None
    author: str = ""
    source: str = ""
    view_count: int | None = None
    category: str = ""
    publisher: str = ""
    attachments: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    checksum: str = ""

    @property
    def body_html(self) -> str:
        parts = []
        for para in self.body_paragraphs:
            text = html.escape(para, quote=False)
            if para in self.captions:
                parts.append(f'<p class="caption"><em>{text}</em></p>')
            else:
                parts.append(f"<p>{text}</p>")
        return "\n".join(parts)

    @property
    def import_key(self) -> str:
        """The same article imported twice has the same key: its folded title and date."""
        when = self.published_at.date().isoformat() if self.published_at else ""
        return hashlib.sha256(f"{fold(self.title)}|{when}".encode()).hexdigest()[:40]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        data["import_key"] = self.import_key
        return data


def html_to_text(raw: str) -> str:
    """Block-level HTML as lines of text (tags dropped, entities decoded)."""
    text = re.sub(r"(?is)<(script|style|noscript|head)\b.*?</\1>", " ", raw)
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</?(p|div|h[1-6]|li|tr|section|article|header|footer|figure|figcaption|table|ul|ol)\b[^>]*>", "\n", text)
    text = nh3.clean(text, tags=set())
    return html.unescape(text)


def clean_line(line: str) -> str:
    """A display line: NFC, no zero-width or non-breaking spaces, single spaces.

    The author's spelling and typography (`uỷ`, curly quotes) are kept as published; search keys are
    folded separately.
    """
    line = unicodedata.normalize("NFC", line.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", ""))
    return " ".join(line.split())


def _is_chrome(line: str) -> bool:
    key = fold(line)
    return key in CHROME_LINES or key.startswith(CHROME_PREFIXES)


def _dedupe_repeated(line: str) -> str:
    """'Thông tin hoạt động Thông tin hoạt động' (breadcrumb and heading) → one copy."""
    words = line.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return line


def find_datetime(line: str) -> datetime.datetime | None:
    """The date and time on a short date line, or None when the line has no date."""
    if len(line) > 60:
        return None
    date = None
    for token in DATE_TOKEN_SPLIT.split(line):
        token = token.strip(" .")
        if not token or not any(c.isdigit() for c in token) or ("/" not in token and "-" not in token):
            continue
        try:
            date = vtext.parse_date(token)
        except ValueError:
            date = None
        if isinstance(date, datetime.datetime):
            date = date.date()
        if date:
            break
    if not date:
        return None
    hour = minute = 0
    match = TIME.search(line)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        meridiem = (match.group(3) or "").upper()
        if meridiem in ("CH", "PM") and hour < 12:
            hour += 12
        elif meridiem in ("SA", "AM") and hour == 12:
            hour = 0
    return datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=LOCAL)


def _is_long(line: str) -> bool:
    return len(line.split()) > 14


def _looks_like_name(line: str) -> bool:
    """A by-line: a few words, capitalised, no sentence punctuation ("Hoàng Oanh", "Ngô Hải - BTG HU")."""
    words = line.split()
    if not 1 < len(words) <= 8 or line.endswith((".", ":", ";", "?", "!")):
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or w in ("-", "–"))
    return capitals >= len(words) - 1


def parse_article(raw: str) -> ParsedArticle:
    """Split a saved article page into title, date and time, body and by-line."""
    checksum = hashlib.sha256(raw.encode()).hexdigest()
    text = html_to_text(raw) if re.search(r"<(p|div|br|html|body)\b", raw, re.I) else raw
    lines = [clean_line(line) for line in text.splitlines()]
    lines = [line for line in lines if line and not _is_chrome(line)]
    if not lines:
        raise ValueError(_("Tệp không có nội dung bài viết."))

    # Head: up to the date line (or the first long paragraph when there is none).
    published_at, date_index = None, None
    for i, line in enumerate(lines[:8]):
        found = find_datetime(line)
        if found:
            published_at, date_index = found, i
            break
    if date_index is not None:
        head, rest = lines[:date_index], lines[date_index + 1:]
    else:
        first_long = next((i for i, line in enumerate(lines) if _is_long(line)), len(lines))
        head, rest = lines[: max(first_long, 1)], lines[max(first_long, 1):]
    title = head[-1] if head else ""
    publisher = category = ""
    for line in head[:-1]:
        line = _dedupe_repeated(line)
        folded = fold(line)
        if folded in KNOWN_CATEGORIES:
            category = category or line
        elif folded.startswith(COMMITTEE_WORDS) and len(line.split()) <= 6:
            # The site's name above the article ("Tỉnh uỷ Hoà Bình", "Đảng bộ sở"), never a category.
            publisher = publisher or line
    if not title:
        raise ValueError(_("Không tìm thấy tiêu đề bài viết."))

    # Foot: short lines after the last long paragraph carry the by-line, source, views, files.
    author = source = ""
    view_count = None
    attachments: list[str] = []
    while rest and not _is_long(rest[-1]):
        line = rest[-1]
        folded = fold(line)
        if folded.startswith(("so luong luot xem", "luot xem", "so lan xem")):
            digits = "".join(c for c in line.split(":")[-1] if c.isdigit())
            view_count = int(digits) if digits else view_count
        elif line.replace(".", "").isdigit() and view_count is None:
            view_count = int(line.replace(".", ""))
        elif folded.startswith("nguon:"):
            source = line.split(":", 1)[1].strip()
        elif folded.startswith(("tin, anh:", "tin anh:", "tin:", "bai, anh:", "bai:", "tac gia:", "anh:")):
            author = author or line.split(":", 1)[1].strip()
        elif folded.startswith("tai ") and len(line.split()) <= 10:
            attachments.insert(0, line.split(" ", 1)[1])
        elif folded in KNOWN_CATEGORIES:
            category = category or line
        elif _looks_like_name(line) and not author:
            author = line
        else:
            break
        rest.pop()
    # The foot may also open with a short note that belongs to the body; what stays is the body.
    captions = [line for line in rest if fold(line).startswith(("minh hoa:", "anh:", "anh minh hoa"))]
    return ParsedArticle(
        title=title.rstrip(), body_paragraphs=rest, published_at=published_at, author=author,
        source=source, view_count=view_count, category=_dedupe_repeated(category), publisher=publisher,
        attachments=attachments, captions=captions, checksum=checksum,
    )
