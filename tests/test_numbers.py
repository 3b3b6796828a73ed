"""nlp.numbers / nlp.periods: value normalisation, English and French, property-based."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from nlp.numbers import find_numbers, parse_quantity, words_to_number
from nlp.periods import find_periods, parse_date, shift


@pytest.mark.parametrize("text, value, unit", [
    ("20,000", 20000, None),
    ("five", 5, None),
    ("nearly 900", 900, None),
    ("$173 million", 173_000_000, "CAD"),
    ("US$2.5 billion", 2_500_000_000, "USD"),
    ("91 per cent", 91, "percent"),
    ("34 percent", 34, "percent"),
    ("1.2 million", 1_200_000, None),
    ("15 000", 15000, None),
    ("15\u00a0000", 15000, None),
    ("40 %", 40, "percent"),
    ("40 pour cent", 40, "percent"),
    ("1,5 million", 1_500_000, None),
    ("twenty-five", 25, None),
    ("vingt-cinq", 25, None),
    ("two hundred and six", 206, None),
    # French money written out with "de dollars" (CIMM 41-1-64 evidence), and "a million"
    ("100 millions de dollars", 100_000_000, "CAD"),
    ("1,6 milliard de dollars", 1_600_000_000, "CAD"),
    ("26 milliards de dollars américains", 26_000_000_000, "USD"),
    ("over a million", 1_000_000, None),
    ("a billion", 1_000_000_000, None),
])
def test_examples(text, value, unit):
    assert parse_quantity(text) == (pytest.approx(value), unit)


def test_no_number():
    assert parse_quantity("nothing to count here") is None
    assert words_to_number("several") is None


def _english(n: int) -> str:
    """Independent speller for 0..999 (the test's own oracle)."""
    ones = "zero one two three four five six seven eight nine ten eleven twelve thirteen " \
           "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
    if n < 20:
        return ones[n]
    if n < 100:
        return tens[n // 10] + ("-" + ones[n % 10] if n % 10 else "")
    rest = n % 100
    return ones[n // 100] + " hundred" + (" and " + _english(rest) if rest else "")


@given(st.integers(min_value=0, max_value=999_999_999))
def test_english_grouping_round_trips(n):
    assert parse_quantity(f"{n:,}") == (n, None)


@given(st.integers(min_value=1000, max_value=999_999_999), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_french_grouping_round_trips(n, sep):
    assert parse_quantity(f"{n:,}".replace(",", sep)) == (n, None)


@given(st.integers(min_value=0, max_value=999))
def test_spelled_numbers(n):
    assert words_to_number(_english(n)) == n


@given(st.integers(min_value=0, max_value=100), st.sampled_from(["%", " %", " per cent", " percent"]))
def test_percentages(n, suffix):
    assert parse_quantity(f"{n}{suffix}") == (n, "percent")


@given(st.integers(min_value=1, max_value=999), st.sampled_from([("million", 10**6), ("billion", 10**9)]))
def test_money_scales(n, scale):
    word, factor = scale
    assert parse_quantity(f"${n} {word}") == (n * factor, "CAD")


@given(st.lists(st.integers(min_value=1, max_value=99_999), min_size=1, max_size=6))
def test_scan_finds_every_number_in_order(values):
    text = " and ".join(f"{v:,} people" for v in values)
    assert [n.value for n in find_numbers(text)] == values


@pytest.mark.parametrize("text, pub, period", [
    ("in the first three months of 2018", "2018-05-01", "2018-01/2018-03"),
    ("since January 2017", "2017-04-19", "2017-01/2017-04"),
    ("in June", "2017-07-21", "2017-06"),
    ("in November", "2017-07-21", "2016-11"),     # a later month is last year's
    ("last month", "2017-04-19", "2017-03"),
    ("so far this year", "2017-05-15", "2017"),
    ("in the first two months of this year", "2017-03-22", "2017-01/2017-02"),
    ("en juin 2018", None, "2018-06"),
    # relative to publication, both languages
    ("since March 1", "2017-05-15", "2017-03/2017-05"),
    ("depuis le 1er janvier", "2017-05-15", "2017-01/2017-05"),
    ("l'an dernier", "2023-03-20", "2022"),
    ("l'année prochaine", "2012-11-28", "2013"),
    ("next year", "2014-06-12", "2015"),
    ("les trois premiers mois de 2018", None, "2018-01/2018-03"),
    ("au premier trimestre 2018", None, "2018-01/2018-03"),
    ("au cours des deux derniers mois", "2017-03-21", "2017-01/2017-02"),
    ("in January of last year", "2017-03-21", "2016-01"),
    ("l'été dernier", "2017-03-21", "2016-06/2016-08"),
    ("last week", "2017-03-02", "2017-02"),
    ("between 2015 and 2017", None, "2015/2017"),
    ("in 2012-13", None, "2012-04/2013-03"),     # a two-digit second year: a fiscal year (session 23)
    ("in 2012-2013", None, "2012/2013"),         # four digits: calendar years without a fiscal word
    ("In 2017, 20,000 people", None, "2017"),        # a year before a comma is still a year
])
def test_periods(text, pub, period):
    found = [p for p in find_periods(text, pub) if p.kind == "absolute"]
    assert found and found[0].value == period


@pytest.mark.parametrize("text", ["welcome 4,000 refugees by 2015, for a total", "d'ici 2025", "until 2019"])
def test_a_deadline_is_no_period(text):
    assert [(p.kind, p.value) for p in find_periods(text, "2014-06-12")] == [("deadline", None)]


def test_without_a_publication_date_a_month_takes_the_texts_year_or_the_urls_date():
    from nlp.periods import date_from_url

    found = find_periods("In 2016, the RCMP intercepted 2,464. It caught 315 in January 2017 and 658 in February.", None)
    assert [p.value for p in found] == ["2016", "2017-01", "2017-02"]
    assert [p.value for p in find_periods("315 in January", None)] == [None]   # no year anywhere: unknown
    assert date_from_url("https://ipolitics.ca/2017/04/19/rcmp-intercepted-more") == parse_date("2017-04-19")
    assert date_from_url("https://www.pressreader.com/canada/medicine-hat-news/20170322/281741269242932") \
        == parse_date("2017-03-22")
    assert date_from_url("https://openparliament.ca/debates/2018/4/27/matthew-dube-2/only") == parse_date("2018-04-27")
    assert date_from_url("https://www.cbc.ca/news/politics/roxham-road-safe-third-country-1.4049515") is None


def test_dates_are_days_and_times_are_ignored():
    """A calendar date is the one day it names (a figure "as of" it is that day's); a clock time
    is no period. Both are spans whose numbers are never figures."""
    found = [(p.kind, p.value) for p in find_periods("Published Friday, July 21, 2017 3:10PM EDT", "2017-07-21")]
    assert found == [("day", "2017-07-21"), ("date", None)]
    assert [(p.kind, p.value) for p in find_periods("le 25 mars 2023", None)] == [("day", "2023-03-25")]
    # a weekday is the latest such day on or before publication (a Sunday text: Saturday = the day before)
    assert [p.value for p in find_periods("on Saturday afternoon", "2023-03-26")] == ["2023-03-25"]
    assert [p.kind for p in find_periods("they may 5 times", "2023-03-26")] == ["date"]  # the modal verb


@given(st.integers(min_value=2000, max_value=2030), st.integers(min_value=1, max_value=12),
       st.integers(min_value=-24, max_value=24))
def test_shift_is_reversible(year, month, k):
    start = f"{year}-{month:02d}"
    assert shift(shift(start, k), -k) == start


@pytest.mark.parametrize("text, found", [
    ("près de la moitié des demandeurs d'asile", [(50.0, "percent")]),
    ("more than half of the claims were accepted", [(50.0, "percent")]),
    ("a quarter of all crossings", [(25.0, "percent")]),
    ("le tiers des demandes", [(33.3, "percent")]),
    ("the safe third country agreement", []),          # an ordinal, not a proportion
    ("l'Entente sur les tiers pays sûrs", []),
    ("half an hour later", []),
    ("in the first half of 2017", [(2017.0, None)]),   # a time, not a proportion
    ("la seconde moitié de l'année", []),
])
def test_proportions_in_words(text, found):
    """Issue 21: 'la moitié' / 'half of' were no figure at all."""
    assert [(n.value, n.unit) for n in find_numbers(text)] == found


@pytest.mark.parametrize("text, pub, period", [
    ("Budget supplémentaire des dépenses (B) 2012-2013 de mon ministère", "2012-11-28", "2012-04/2013-03"),
    ("in fiscal 2017-18", None, "2017-04/2018-03"),
    ("depuis le début de l'année 2023", "2024-01-18", "2023-01/2024-01"),
])
def test_fiscal_years_and_since_the_start_of_a_named_year(text, pub, period):
    found = [p for p in find_periods(text, pub) if p.kind == "absolute"]
    assert [p.value for p in found] == [period]


def test_a_publication_date_known_to_the_year_dates_months_and_last_week():
    from nlp.periods import publication_year

    year = publication_year("2018 (approx.; summer/autumn 2018 per the text)")
    assert year == 2018 and publication_year("2018-07-01") is None and publication_year(None) is None
    assert [p.value for p in find_periods("in July the Government of Ontario", None, year)] == ["2018-07"]
    assert [p.value for p in find_periods("Last week, the Government of Quebec", None, year)] == ["2018"]
    assert [p.value for p in find_periods("in July", None, None)] == [None]


@pytest.mark.parametrize("text, value", [
    ("de nouveaux crédits nets de 1,663 million de dollars", 1_663_000),
    ("2,125 milliards", 2_125_000_000),
    ("$1,663 million", 1_663_000_000),          # English grouping stays
])
def test_a_comma_before_a_french_scale_is_decimal(text, value):
    (n,) = find_numbers(text)
    assert n.value == value
