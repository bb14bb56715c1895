"""Dates known to the day, the month or only the year."""

from __future__ import annotations

import datetime as dt

import pytest

from shangliang.dates import Date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2022-10-14", Date(2022, 10, 14)),
        ("2022-10", Date(2022, 10)),
        ("2022", Date(2022)),
        (" 2022-10 ", Date(2022, 10)),
        (2022, Date(2022)),
        (dt.date(2022, 10, 14), Date(2022, 10, 14)),
        (dt.datetime(2022, 10, 14, 9, 30), Date(2022, 10, 14)),
        ("2024-02-29", Date(2024, 2, 29)),
    ],
)
def test_parse_keeps_the_precision_written(written, expected):
    assert Date.parse(written) == expected


@pytest.mark.parametrize("date", [Date(2022, 10, 14), Date(2022, 10), Date(2022), Date(2022, 3, 5)])
def test_isoformat_writes_what_parse_reads(date):
    assert Date.parse(date.isoformat()) == date


def test_isoformat_pads_month_and_day():
    assert str(Date(2022, 3, 5)) == "2022-03-05"
    assert str(Date(2022, 3)) == "2022-03"
    assert str(Date(2022)) == "2022"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2022-13", "'2022-13' has no month 13; months run from 01 to 12"),
        ("2022-00-10", "'2022-00-10' has no month 0; months run from 01 to 12"),
        ("2022-02-30", "'2022-02-30' has no day 30; that month has 28 days"),
        ("2023-02-29", "'2023-02-29' has no day 29; that month has 28 days"),
        ("2022-04-31", "'2022-04-31' has no day 31; that month has 30 days"),
        ("2022-10-00", "'2022-10-00' has no day 0; that month has 31 days"),
        ("last spring", "'last spring' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("2022/10/14", "'2022/10/14' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("2022-1-5", "'2022-1-5' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("22-10-14", "'22-10-14' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("2022年10月", "'2022年10月' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        (999, "'999' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        (True, "'True' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        (None, "found nothing; write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("0000-03", "'0000-03' has the year 0; write a four-digit year from 1000"),
    ],
)
def test_parse_explains_what_is_wrong(written, message):
    with pytest.raises(ValueError) as caught:
        Date.parse(written)
    assert str(caught.value) == message


def test_first_and_last_day_span_the_precision():
    assert (Date(2024, 2).first_day, Date(2024, 2).last_day) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert (Date(2022).first_day, Date(2022).last_day) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert Date(2022, 10, 14).first_day == Date(2022, 10, 14).last_day == dt.date(2022, 10, 14)


def test_dates_sort_by_year_then_month_then_day_with_partial_dates_first():
    dates = [Date(2022, 10, 14), Date(2021), Date(2022, 10), Date(2022), Date(2022, 9, 30)]
    assert sorted(dates) == [Date(2021), Date(2022), Date(2022, 9, 30), Date(2022, 10), Date(2022, 10, 14)]
    assert Date(2022, 10) < Date(2022, 10, 1)
    assert not Date(2022, 10, 1) < Date(2022, 10)


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (Date(2022, 9, 30), Date(2022, 10, 1)),
        (Date(2022, 9), Date(2022, 10, 1)),
        (Date(2022, 9, 30), Date(2022, 10)),
        (Date(2021), Date(2022, 1, 1)),
        (Date(2021, 12), Date(2022)),
    ],
)
def test_is_surely_before_when_every_possible_day_is_earlier(earlier, later):
    assert earlier.is_surely_before(later)
    assert not later.is_surely_before(earlier)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (Date(2022, 10), Date(2022, 10, 14)),  # the day may be any in October
        (Date(2022), Date(2022, 6)),
        (Date(2022), Date(2022, 12, 31)),
        (Date(2022, 10, 14), Date(2022, 10, 14)),
    ],
)
def test_overlapping_dates_are_not_surely_before_each_other(one, other):
    assert not one.is_surely_before(other)
    assert not other.is_surely_before(one)
