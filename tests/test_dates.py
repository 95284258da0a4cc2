"""Date expressions resolved against the publication date (app.extract.dates)."""

from __future__ import annotations

from datetime import date

import pytest

from app.extract.dates import find_dates

D = date.fromisoformat
WED = D("2026-02-25")  # a Wednesday

# (sentence, published, [(text within the match, date, precision, is_target), ...])
CASES = [
    # weekdays: the last such day on or before publication
    ("US troops left the base on Sunday.", WED, [("on Sunday", "2026-02-22", "day", False)]),
    ("US troops left the base on Sunday.", D("2026-02-22"), [("on Sunday", "2026-02-22", "day", False)]),
    ("The convoy left Monday, officials said.", WED, [("Monday", "2026-02-23", "day", False)]),
    ("The convoy left Monday, officials said.", D("2026-02-23"), [("Monday", "2026-02-23", "day", False)]),
    ("Rockets hit the base late on Thursday.", WED, [("late on Thursday", "2026-02-19", "day", False)]),
    ("The last troops left on Friday, February 14, officials said.", D("2025-03-10"),
     [("February 14", "2025-02-14", "day", False)]),
    ("Troops began leaving on Thursday, 13 February.", D("2025-03-10"), [("13 February", "2025-02-13", "day", False)]),
    # relative days and months
    ("Rockets hit the base yesterday.", WED, [("yesterday", "2026-02-24", "day", False)]),
    ("Rockets hit the base yesterday.", D("2024-03-01"), [("yesterday", "2024-02-29", "day", False)]),
    ("Troops left the base last month.", D("2026-01-10"), [("last month", "2025-12-01", "month", False)]),
    ("Troops left the base earlier this month.", WED, [("earlier this month", "2026-02-01", "month", False)]),
    ("Three days ago the convoy left.", WED, [("Three days ago", "2026-02-22", "day", False)]),
    ("Over the past two weeks troops left.", WED, [("the past two weeks", "2026-02-01", "month", False)]),
    # months and years
    ("The base was handed over in September 2024.", WED, [("September 2024", "2024-09-01", "month", False)]),
    ("September 2024 saw the handover.", WED, [("September 2024", "2024-09-01", "month", False)]),
    ("Troops left in March.", WED, [("in March", "2025-03-01", "month", False)]),
    ("Troops left in January.", WED, [("in January", "2026-01-01", "month", False)]),
    ("Troops left in May.", WED, [("in May", "2025-05-01", "month", False)]),
    ("US troops have been at the base since 2014.", WED, [("since 2014", "2014-01-01", "year", False)]),
    # day and month
    ("On February 15 the troops left.", WED, [("February 15", "2026-02-15", "day", False)]),
    ("On February 15 the troops left.", D("2026-02-15"), [("February 15", "2026-02-15", "day", False)]),
    ("On February 15 the troops left.", D("2026-02-10"), [("February 15", "2025-02-15", "day", False)]),
    ("They left on 15 February 2024.", WED, [("15 February 2024", "2024-02-15", "day", False)]),
    ("The troops left on Feb. 3.", WED, [("Feb. 3", "2026-02-03", "day", False)]),
    ("The last troops left on Dec. 31.", D("2026-01-03"), [("Dec. 31", "2025-12-31", "day", False)]),
    ("They left on Sept. 30, 2024, and came back on 2 October 2024.", D("2025-01-01"),
     [("Sept. 30, 2024", "2024-09-30", "day", False), ("2 October 2024", "2024-10-02", "day", False)]),
    ("It happened on 2024-05-03.", WED, [("2024-05-03", "2024-05-03", "day", False)]),
    # targets
    ("The troops will leave within a month.", WED, [("within a month", "2026-03-01", "month", True)]),
    ("The troops will leave by September 2025.", D("2025-02-10"), [("September 2025", "2025-09-01", "month", True)]),
    ("The troops will leave in the coming weeks.", WED, [("in the coming weeks", "2026-03-01", "month", True)]),
    ("The troops will stay for just one more year.", WED, [("for just one more year", "2027-01-01", "year", True)]),
    ("The troops will leave next month.", WED, [("next month", "2026-03-01", "month", True)]),
    ("The troops will leave next month.", D("2025-12-10"), [("next month", "2026-01-01", "month", True)]),
    ("The troops will leave by Friday.", WED, [("Friday", "2026-02-27", "day", True)]),
    ("The troops will be gone by February 20.", D("2026-02-25"), [("February 20", "2027-02-20", "day", True)]),
    # not dates
    ("The troops left on February 30.", WED, []),
    ("The troops may leave soon.", WED, []),
    ("Those who arrived since may also leave.", WED, []),
    ("The 2024 talks failed.", WED, []),
    ("In two years of fighting the troops stayed.", WED, []),
]


@pytest.mark.parametrize("sentence, published, expected", CASES,
                         ids=[f"{s[:40]}@{p}" for s, p, _ in CASES])
def test_find_dates(sentence, published, expected):
    found = find_dates(sentence, published)
    got = [(m.date.isoformat(), m.precision, m.is_target) for m in found]
    assert got == [(d, p, t) for _, d, p, t in expected]
    for mention, (text, *_rest) in zip(found, expected):
        assert text.lower() in mention.text.lower()
        assert sentence[mention.start:mention.end] == mention.text


def test_month_alone_counts_from_the_first_of_that_month():
    (mention,) = find_dates("US forces left last month.", D("2025-03-31"))
    assert (mention.date, mention.precision) == (D("2025-02-01"), "month")


def test_sentence_end_is_not_part_of_the_date_text():
    (mention,) = find_dates("They handed the base over in May.", WED)
    assert mention.text == "in May"


def test_christmas_day_is_the_last_one_before_publication():
    from app.extract.dates import find_dates
    [mention] = find_dates("On Christmas Day, a drone struck the base.", date(2024, 1, 21))
    assert (mention.date, mention.precision) == (date(2023, 12, 25), "day")


def test_a_day_followed_by_last_year_is_in_the_year_before():
    from app.extract.dates import find_dates
    [mention] = find_dates("On September 30 last year, fighters stormed the gate.", date(2020, 12, 5))
    assert (mention.date, mention.text) == (date(2019, 9, 30), "September 30 last year")


def test_a_month_in_reported_future_speech_is_a_target():
    found = find_dates("He told reporters the mission at the base would conclude in September.", date(2025, 8, 24))
    assert [(d.date, d.precision, d.is_target) for d in found] == [(date(2025, 9, 1), "month", True)]


def test_a_month_into_the_drawdown_dates_its_start_a_month_back():
    found = find_dates("A month into the drawdown, the Pentagon said on Tuesday that half the work was done.", date(2021, 6, 1))
    assert (found[0].text, found[0].date, found[0].precision) == ("A month into the drawdown", date(2021, 5, 1), "month")


@pytest.mark.parametrize("sentence, published, expected", [
    ("The Air Force left Clark Air Base in 1991 and the Navy left Subic the following year.", date(2023, 4, 3),
     [(date(1991, 1, 1), "year", False), (date(1992, 1, 1), "year", False)]),
    ("The Senate voted in September 1991, and on December 27 that year Manila gave notice.", date(1992, 11, 25),
     [(date(1991, 9, 1), "month", False), (date(1991, 12, 27), "day", False)]),
    ("Washington and Tokyo signed a 2006 roadmap.", date(2018, 12, 14), [(date(2006, 1, 1), "year", False)]),
    ("The Air Force left Clark Air Base a year ago.", date(1992, 11, 25), [(date(1991, 11, 1), "month", False)]),
    ("They agreed to close it almost three decades ago.", date(2024, 12, 18), [(date(1994, 1, 1), "year", False)]),
    ("The fighters left last summer.", date(2015, 6, 3), [(date(2014, 1, 1), "year", False)]),
    ("The fighters will leave this summer.", date(2015, 6, 3), [(date(2015, 1, 1), "year", True)]),
])
def test_years_counted_from_other_dates_and_seasons(sentence, published, expected):
    assert [(m.date, m.precision, m.is_target) for m in find_dates(sentence, published)] == expected


def test_a_decade_is_its_first_year():
    assert [(m.date, m.precision) for m in find_dates("It has hosted US aircraft since the early 1950s.", date(2015, 1, 9))] \
        == [(date(1950, 1, 1), "year")]
