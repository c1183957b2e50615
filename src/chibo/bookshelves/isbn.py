"""ISBN-10 and ISBN-13: normalising and checking the check digit (pure functions: no database)."""

from django.utils.translation import gettext as _

SEPARATORS = str.maketrans("", "", " -\u00a0\u2010\u2011\u2012\u2013.")


class InvalidISBN(ValueError):
    """Mã ISBN không hợp lệ (the message says why, in Vietnamese)."""


def isbn10_check_digit(first9: str) -> str:
    total = sum((10 - i) * int(d) for i, d in enumerate(first9))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def isbn13_check_digit(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def normalize_isbn(text: str) -> str:
    """The ISBN without separators ("978-604-…" → "978604…"), or InvalidISBN.

    Accepts ISBN-10 (last character may be X) and ISBN-13 (prefix 978 or 979);
    the check digit must be right. An empty value gives "".
    """
    raw = (text or "").strip()
    if raw.upper().startswith("ISBN"):
        raw = raw[4:].lstrip(":").strip()
    value = raw.translate(SEPARATORS).upper()
    if not value:
        return ""
    if len(value) == 10:
        if not (value[:9].isdigit() and (value[9].isdigit() or value[9] == "X")):
            raise InvalidISBN(_("ISBN-10 “%(v)s” chỉ gồm chữ số (ký tự cuối có thể là X).") % {"v": text})
        if isbn10_check_digit(value[:9]) != value[9]:
            raise InvalidISBN(_("ISBN-10 “%(v)s” sai số kiểm tra (chữ số cuối).") % {"v": text})
        return value
    if len(value) == 13:
        if not value.isdigit():
            raise InvalidISBN(_("ISBN-13 “%(v)s” chỉ gồm chữ số.") % {"v": text})
        if value[:3] not in ("978", "979"):
            raise InvalidISBN(_("ISBN-13 “%(v)s” phải bắt đầu bằng 978 hoặc 979.") % {"v": text})
        if isbn13_check_digit(value[:12]) != value[12]:
            raise InvalidISBN(_("ISBN-13 “%(v)s” sai số kiểm tra (chữ số cuối).") % {"v": text})
        return value
    raise InvalidISBN(_("ISBN “%(v)s” phải có 10 hoặc 13 chữ số (đang có %(n)s).") % {"v": text, "n": len(value)})


def is_valid_isbn(text: str) -> bool:
    try:
        return bool(normalize_isbn(text))
    except InvalidISBN:
        return False


def isbn10_to_13(isbn10: str) -> str:
    body = "978" + isbn10[:9]
    return body + isbn13_check_digit(body)
