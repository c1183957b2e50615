"""Dates, months and years as Vietnamese texts write them; impossible dates are rejected."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.text import find_dates, parse_date, parse_period


@pytest.mark.parametrize("text, expected", [
    ("11/01/2021", datetime.date(2021, 1, 11)),  # seed 000
    ("14/05/2011", datetime.date(2011, 5, 14)),  # seed 001
    ("23/8/2011", datetime.date(2011, 8, 23)),
    ("11-01-2021", datetime.date(2021, 1, 11)),
    ("01-10-1997", datetime.date(1997, 10, 1)),
    ("05.6.2023", datetime.date(2023, 6, 5)),
    ("ngày 04/9/2022", datetime.date(2022, 9, 4)),  # seed 002
    ("ngày 13 tháng 12 năm 2023", datetime.date(2023, 12, 13)),  # seed 004
    ("Ngày 4 tháng 9 năm 2022", datetime.date(2022, 9, 4)),
    ("ngay 13 thang 12 nam 2023", datetime.date(2023, 12, 13)),  # typed without diacritics
    ("2021-01-11", datetime.date(2021, 1, 11)),
    ("29/02/2024", datetime.date(2024, 2, 29)),  # leap year
    ("  ngày\u00a025/3/2023 ", datetime.date(2023, 3, 25)),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected
    assert parse_date(unicodedata.normalize("NFD", text)) == expected


@pytest.mark.parametrize("text", [
    "31/02/2023", "30/02/2024", "29/02/2023", "31/04/2022", "32/01/2024", "00/01/2024", "11/13/2021",
    "ngày 31 tháng 2 năm 2023", "2023-02-31", "tháng 6 năm 2023", "năm 2023", "Kế hoạch 227", "", "11/01",
])
def test_parse_date_rejects_what_is_not_a_day(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text, iso", [
    ("tháng 6 năm 2023", "2023-06"),  # seed 004
    ("tháng 6/2023", "2023-06"),
    ("6/2023", "2023-06"),
    ("năm 2023", "2023"),
    ("2025", "2025"),
    ("ngày 13 tháng 12 năm 2023", "2023-12-13"),
])
def test_parse_period(text, iso):
    assert parse_period(text).iso == iso


@pytest.mark.parametrize("text", ["tháng 13 năm 2023", "31/02/2023", "13/2023", "năm 99", "hôm qua"])
def test_parse_period_rejects(text):
    assert parse_period(text) is None


def test_find_dates_in_running_text():
    text = ("Chỉ thị số 03-CT/TW ngày 14/05/2011 của Bộ Chính trị; chậm nhất 31/02/2023, hoàn thành trong "
            "tháng 6 năm 2023 và tổng kết năm 2024, ngày 13 tháng 12 năm 2023.")
    found = find_dates(text)
    assert [d.iso for d in found] == ["2011-05-14", "2023-06", "2024", "2023-12-13"]
    assert [text[d.start:d.end] for d in found] == [
        "ngày 14/05/2011", "tháng 6 năm 2023", "năm 2024", "ngày 13 tháng 12 năm 2023"]
    assert found[0].date == datetime.date(2011, 5, 14) and found[1].date is None


def test_find_dates_positions_are_in_the_original_string():
    text = unicodedata.normalize("NFD", "Ngày 25/3/2023, Đảng ủy xã tổ chức hội nghị; ngày 04/9/2022 đã có")
    found = find_dates(text)
    assert [d.iso for d in found] == ["2023-03-25", "2022-09-04"]
    assert unicodedata.normalize("NFC", text[found[1].start:found[1].end]) == "ngày 04/9/2022"


def test_numbers_that_are_not_dates():
    assert find_dates("điện thoại 0214-3852-123, 1.600.000 đồng, tỷ lệ 98,6%") == []


@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)), st.sampled_from(["/", "-", "."]),
       st.booleans())
def test_every_real_date_reads_back(day, sep, padded):
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (str(day.day), str(day.month))
    assert parse_date(f"{d}{sep}{m}{sep}{day.year}") == day
    assert parse_date(f"ngày {day.day} tháng {day.month} năm {day.year}") == day
