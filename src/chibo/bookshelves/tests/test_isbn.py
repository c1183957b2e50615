"""ISBN-10/13 check digits: valid numbers pass in any spelling, any one-digit change fails."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.bookshelves.isbn import (
    InvalidISBN,
    is_valid_isbn,
    isbn10_check_digit,
    isbn10_to_13,
    isbn13_check_digit,
    normalize_isbn,
)

digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@st.composite
def isbn13s(draw):
    body = draw(st.sampled_from(["978", "979"])) + draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    return body + isbn13_check_digit(body)


@given(digits)
def test_isbn10_with_its_check_digit_is_valid_with_or_without_hyphens(first9):
    isbn = first9 + isbn10_check_digit(first9)
    assert normalize_isbn(isbn) == isbn
    assert normalize_isbn(f"ISBN {isbn[:1]}-{isbn[1:4]}-{isbn[4:9]}-{isbn[9]}") == isbn


@given(isbn13s())
def test_isbn13_with_its_check_digit_is_valid(isbn):
    assert normalize_isbn(f"{isbn[:3]}-{isbn[3:6]} {isbn[6:]}") == isbn


@given(isbn13s(), st.integers(min_value=3, max_value=12), st.integers(min_value=1, max_value=9))
def test_changing_one_digit_of_an_isbn13_breaks_it(isbn, position, delta):
    changed = isbn[:position] + str((int(isbn[position]) + delta) % 10) + isbn[position + 1:]
    assert not is_valid_isbn(changed)


@given(digits, st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_changing_one_digit_of_an_isbn10_breaks_it(first9, position, delta):
    isbn = first9 + isbn10_check_digit(first9)
    changed = isbn[:position] + str((int(isbn[position]) + delta) % 10) + isbn[position + 1:]
    assert not is_valid_isbn(changed)


@given(digits)
def test_isbn10_converts_to_a_valid_isbn13(first9):
    assert is_valid_isbn(isbn10_to_13(first9 + isbn10_check_digit(first9)))


def test_known_isbns():
    assert normalize_isbn("0-306-40615-2") == "0306406152"
    assert normalize_isbn("978-0-306-40615-7") == "9780306406157"
    assert normalize_isbn("080442957X") == "080442957X"
    assert normalize_isbn("  ") == ""


@pytest.mark.parametrize("bad, reason", [
    ("978-0-306-40615-8", "sai số kiểm tra"),
    ("0-306-40615-3", "sai số kiểm tra"),
    ("12345", "10 hoặc 13 chữ số"),
    ("977-0-306-40615-7", "978 hoặc 979"),
    ("03064O6152", "chỉ gồm chữ số"),
])
def test_invalid_isbn_says_why(bad, reason):
    with pytest.raises(InvalidISBN, match=reason):
        normalize_isbn(bad)
