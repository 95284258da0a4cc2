"""Date expressions in a sentence, resolved against the article's publication date.

Rules (taxonomy.md): a weekday is the last such day on or before publication; a
day-and-month without year is the most recent one not after publication (the next
one when it is a target); "last month" is the previous month at month precision.
Expressions led by "by", "until", "within", "in the coming" ... are target dates.
Written by hand because these rules, the precision of each form and the speed we
need (hundreds of articles a second) are not what general date parsers offer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {name: n for n, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3, "a few": 3,
}

HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1), "new year's eve": (12, 31)}

# A dot only after an abbreviation ("Feb. 3"); in "in May." the dot ends the sentence.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d{1,3}|a few|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_EVENT_NOUN = r"(?:(?:US|American|coalition|U\.S\.)\s+)?(?:withdrawal|pullout|pull-out|exit|departure|drawdown|handover|hand-over|transfer|closure|evacuation)\b"

PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<iso>{_YEAR}-[01]\d-[0-3]\d)\b"),
    ("mdy", rf"\b(?:(?P<mdy_wd>{_WEEKDAY}),?\s+)?(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY})\b(?:,?\s+(?P<mdy_y>{_YEAR})\b)?"),
    ("dmy", rf"\b(?:(?P<dmy_wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{_MONTH})(?:,?\s+(?P<dmy_y>{_YEAR})\b)?"),
    ("my", rf"\b(?:(?P<my_part>early|mid|late|the end of|the start of|the beginning of)[\s-]+)?(?P<my_m>{_MONTH})\s+(?:of\s+)?(?P<my_y>{_YEAR})\b"),
    ("season", rf"\b(?:(?:early|mid|late)[\s-]+|the (?:spring|summer|autumn|fall|winter) of\s+|(?:spring|summer|autumn|fall|winter)\s+|the end of\s+|the start of\s+)(?P<season_y>{_YEAR})\b"),
    ("m", rf"\b(?P<m_lead>in|since|during|until|by|from|through|last|this|early|late|mid|mid-|the end of|end of|the start of|the beginning of)[\s-]+(?P<m_m>{_MONTH})(?![\w-])(?!,?\s+(?:{_YEAR}|{_DAY})\b)"),
    # "the 2011 withdrawal": a year standing before the event noun it dates
    ("y", rf"\b(?P<y_lead>in|since|during|until|by|from|through|of|before|after|the(?=\s+{_YEAR}\s+{_EVENT_NOUN}))\s+(?P<y_y>{_YEAR})\b(?!\s*[-–]\w)"),
    # "the 1977 treaties", "a 2004 agreement": the year of an accord, named as its adjective
    ("accord", rf"\b(?:a|an|the|its|their)\s+(?P<accord_y>{_YEAR})\s+(?=(?:[\w-]+\s+)?(?:treaty|treaties|agreement|accord|deal|roadmap|"
               rf"plan|decision|pact|memorandum|understanding|arrangement|review)\b)"),
    ("holiday", r"\b(?P<holiday>Christmas Day|Christmas Eve|New Year's Day|New Year’s Day|New Year's Eve|New Year’s Eve)\b"),
    # "a month into the drawdown": the drawdown began that long before the report
    ("ago", rf"\b(?P<ago_n>{_NUM})\s+(?P<ago_u>day|week|month|year|decade)s?\s+(?:ago|earlier|before(?!\s+(?:the|a|an|its|their|his|her|it|they|[a-z]+ing)\b)|into\s+(?:the|its|their)\s+{_EVENT_NOUN})"),
    ("within", rf"\b(?P<within_lead>within|in|over|for|during)\s+(?:the\s+)?(?:next|coming|another|following|just|only)?\s*(?:(?P<within_n>{_NUM})\s+)?(?:more\s+)?(?P<within_u>day|week|month|year)s?\b(?:'s)?(?!\s+(?:ago|earlier))"),
    # "at the start of the month", "by the end of last month": the month itself, at month precision
    ("part", r"\b(?:the\s+)?(?:start|beginning|middle|end)\s+of\s+(?P<part_which>the|this|last|the previous|the past)\s+month\b"),
    # "in the 1990s", "since the early 1950s": the decade's first year (year precision)
    ("decade", r"\b(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?P<decade>(?:19|20)\d0)['’]?s\b"),
    # "last summer", "over the summer": the year of the most recent such season
    ("rseason", r"\b(?P<rs_lead>last|this|over\s+the|during\s+the|in\s+the|earlier\s+this)\s+(?P<rs>spring|summer|autumn|fall|winter)\b(?!\s+of\b)"),
    # "left Subic the following year", "a year later": counted from the year named before it
    ("seq", r"\b(?P<seq>the\s+(?:following|next|same)\s+year|a\s+year\s+later|the\s+year\s+after|that\s+same\s+year)\b(?!'s|’s)"),
    ("rel", r"\b(?P<rel>(?:the\s+)?end\s+of\s+(?:the|this)\s+year|year's\s+end|yesterday|today|tonight|last night|this morning|(?:earlier|later|late|early)\s+this\s+(?:week|month|year)|this\s+(?:week|month|year)|(?:last|past|previous|next)\s+(?:week|month|year)|the\s+(?:past|last|previous)\s+(?P<rel_n>\w+)\s+(?P<rel_u>days|weeks|months))\b"),
    # not "on Friday, February 14": that whole phrase is one mdy/dmy date
    ("wd", rf"\b(?:(?:late|early)\s+)?(?:on\s+)?(?P<wd_next>next\s+)?(?P<wd>{_WEEKDAY})\b"
           rf"(?!,?\s+(?:{_MONTH}\s+{_DAY}\b|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}))"),
]
DATE_RE = re.compile("|".join(f"(?P<_{name}>{rx})" for name, rx in PATTERNS), re.IGNORECASE)
TARGET_LEAD = re.compile(
    r"\b(?:by|until|till|before|no later than|deadline(?: of)?|within|to be completed (?:by|in)|"
    r"scheduled for|set for|due (?:by|in)|ahead of|next)\s+(?:the\s+)?(?:end\s+of\s+)?$",
    re.IGNORECASE,
)
# "will leave Ain al-Asad in March", "said the mission would end in September": a month or year
# named in a future clause (reported speech included) is a target.
FUTURE_CONTEXT = re.compile(
    r"\b(?:will|would|shall|is to|are to|was to|were to|plans? to|planned to|expected to|set to|scheduled to|slated to|due to)\b[^.;,]*$",
    re.IGNORECASE)
FUTURE_KINDS = frozenset({"my", "m", "y"})
FUTURE_WORDS = re.compile(r"\b(?:coming|next|another|more|following)\b", re.IGNORECASE)
# "On September 30 last year": the year phrase after a day or month without a year of its own.
YEAR_AFTER = re.compile(r",?\s+(last|this|next|that) year\b(?!'s|’s)", re.IGNORECASE)
YEAR_OFFSETS = {"last": -1, "this": 0, "next": 1}
SEQUEL_OFFSETS = {"same": 0}  # of the word before "year"; every other sequel is a year on
MAX_EXPRESSION = 80  # characters; a longer match is padding between words, not a date
MAX_COUNT = 999  # "the past N days" and the like, as for "N days ago"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: date
    precision: str
    is_target: bool


def _in_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _number(word: str | None) -> int:
    if not word:
        return 1
    word = word.lower()
    return int(word) if word.isdecimal() else NUMBERS.get(word, 1)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day_month(day: int, month: int, year: str | None, published: date, target: bool) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        date(2000, month, day)  # a leap year: is there such a day at all?
    except ValueError:
        return None
    candidate_year = published.year
    while True:  # at most 9 rounds: February 29 only comes in leap years
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and (candidate >= published if target else candidate <= published):
            return candidate
        candidate_year += 1 if target else -1


def _month_only(month: int, published: date, target: bool, lead: str) -> date:
    lead = lead.lower()
    if lead == "this":
        return date(published.year, month, 1)
    if target or lead in {"until", "by"}:
        return date(published.year + (month < published.month), month, 1)
    if lead == "last":
        return date(published.year - (month >= published.month), month, 1)
    return date(published.year - (month > published.month), month, 1)


def _relative(g: dict, published: date) -> tuple[date, str, bool] | None:
    rel = g["rel"].lower()
    rel = re.sub(r"\s+", " ", rel)
    if rel in {"yesterday", "last night"}:
        return published - timedelta(days=1), "day", False
    if rel in {"today", "tonight", "this morning"}:
        return published, "day", False
    if "end" in rel:
        return date(published.year, 1, 1), "year", True
    unit = rel.split()[-1]
    if g.get("rel_n"):
        count = _number(g["rel_n"])
        if count > MAX_COUNT:
            return None
        unit = g["rel_u"].lower().rstrip("s")
        back = {"day": timedelta(days=count), "week": timedelta(weeks=count)}.get(unit)
        if back is not None:
            return month_start(published - back), "month", False
        return add_months(published, -count), "month", False
    if rel.startswith("next"):
        if unit == "year":
            return date(published.year + 1, 1, 1), "year", True
        if unit == "month":
            return add_months(published, 1), "month", True
        return month_start(published + timedelta(days=7)), "month", True
    previous = rel.startswith(("last", "past", "previous"))
    if unit == "year":
        return date(published.year - (1 if previous else 0), 1, 1), "year", False
    if unit == "month":
        return (add_months(published, -1) if previous else month_start(published)), "month", False
    return month_start(published - timedelta(days=7 if previous else 0)), "month", False


def _within(g: dict, published: date) -> tuple[date, str, bool] | None:
    lead = g["within_lead"].lower()
    text = g["_within"].lower()
    if lead in {"in", "over", "for", "during"} and not FUTURE_WORDS.search(text):
        return None  # "in two years of fighting", "for months": a duration, not a date
    count = _number(g.get("within_n"))
    unit = g["within_u"].lower()
    if unit == "day":
        return published + timedelta(days=count), "day", True
    if unit == "week":
        return month_start(published + timedelta(weeks=count)), "month", True
    if unit == "month":
        return add_months(published, count), "month", True
    return date(published.year + count, 1, 1), "year", True


def _resolve(kind: str, g: dict, published: date, target: bool) -> tuple[date, str, bool] | None:
    if kind == "iso":
        try:
            return date.fromisoformat(g["iso"]), "day", target
        except ValueError:
            return None
    if kind in {"mdy", "dmy"}:
        day = int(re.match(r"\d+", g[f"{kind}_d"]).group())
        resolved = _day_month(day, _month(g[f"{kind}_m"]), g.get(f"{kind}_y"), published, target)
        return (resolved, "day", target) if resolved else None
    if kind == "my":
        return date(int(g["my_y"]), _month(g["my_m"]), 1), "month", target
    if kind == "season":
        return date(int(g["season_y"]), 1, 1), "year", target
    if kind == "m":
        if g["m_m"].lower().startswith("may") and g["m_m"][0] == "m":
            return None  # "may" the verb
        lead = g["m_lead"].lower()
        day = _month_only(_month(g["m_m"]), published, target, lead)
        return day, "month", target or day > published  # "by June", "this December": ahead
    if kind == "y":
        year = int(g["y_y"])
        return date(year, 1, 1), "year", target or (g["y_lead"].lower() in {"by", "until"} and year >= published.year)
    if kind == "decade":
        return date(int(g["decade"]), 1, 1), "year", target
    if kind == "rseason":  # "this summer" before it has ended lies ahead: a target
        ahead = g["rs_lead"].lower() == "this" and published.month <= SEASON_ENDS[g["rs"].lower()]
        return _recent_season(g, published), "year", target or ahead
    if kind == "accord":
        return date(int(g["accord_y"]), 1, 1), "year", False
    if kind == "holiday":
        month, day = HOLIDAYS[g["holiday"].lower().replace("’", "'")]
        return _day_month(day, month, None, published, target), "day", target
    if kind == "ago":
        count, unit = _number(g["ago_n"]), g["ago_u"].lower()
        if unit == "day":
            return published - timedelta(days=count), "day", False
        if unit == "week":
            return month_start(published - timedelta(weeks=count)), "month", False
        if unit == "month":
            return add_months(published, -count), "month", False
        if unit == "year" and count == 1:  # "a year ago": the same month a year before (taxonomy's gold)
            return add_months(published, -12), "month", False
        return date(published.year - count * (10 if unit == "decade" else 1), 1, 1), "year", False
    if kind == "within":
        return _within(g, published)
    if kind == "rel":
        return _relative(g, published)
    if kind == "part":
        back = 0 if g["part_which"].lower() in {"the", "this"} else -1
        return add_months(published, back), "month", target
    if kind == "wd":
        weekday = WEEKDAYS[g["wd"].lower()]
        if g.get("wd_next"):
            return published + timedelta(days=(weekday - published.weekday()) % 7 or 7), "day", True
        if target:
            return published + timedelta(days=(weekday - published.weekday()) % 7), "day", True
        return published - timedelta(days=(published.weekday() - weekday) % 7), "day", False
    return None


SEASON_ENDS = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}  # the month each season ends


def _recent_season(g: dict, published: date) -> date:
    """"last summer" in June 2015 is the summer of 2014, in October 2015 that of 2015; "this summer",
    "over the summer" are this year's."""
    lead = g["rs_lead"].split()[0].lower()
    if lead != "last":
        return date(published.year, 1, 1)
    ended = published.month > SEASON_ENDS[g["rs"].lower()]
    return date(published.year if ended else published.year - 1, 1, 1)


def _sequel(g: dict, earlier: list[DateMention], published: date) -> tuple[date, str, bool] | None:
    """"the following year", "a year later": a year after the last date named before it in the
    sentence; with none, "the next year" is next year from publication, the others are left out."""
    words = g["seq"].lower().split()
    if not earlier:
        return (date(published.year + 1, 1, 1), "year", True) if words[:2] == ["the", "next"] else None
    offset = SEQUEL_OFFSETS.get(words[-2], 1) if words[0] != "a" else 1
    year = earlier[-1].date.year + offset
    return date(year, 1, 1), "year", earlier[-1].is_target or year > published.year


def find_dates(sentence: str, published: date) -> list[DateMention]:
    """Every date expression in `sentence`, in order, resolved against `published`."""
    mentions = []
    consumed = 0  # end of the last mention, which "last year" after a day may have stretched
    for match in DATE_RE.finditer(sentence):
        if match.end() - match.start() > MAX_EXPRESSION or match.start() < consumed:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        kind = next(name for name, _ in PATTERNS if f"_{name}" in groups)
        before = sentence[max(0, match.start() - 60): match.start()]
        led_by_in = match.group().lower().startswith("in ") or before.rstrip().lower().endswith(" in")
        target = bool(TARGET_LEAD.search(before[-40:])) or (
            kind in FUTURE_KINDS and led_by_in and bool(FUTURE_CONTEXT.search(before)))
        resolved = _sequel(groups, mentions, published) if kind == "seq" else _resolve(kind, groups, published, target)
        if resolved is None:
            continue
        day, precision, is_target = resolved
        end = match.end()
        year_after = YEAR_AFTER.match(sentence, end)
        if year_after and kind in {"mdy", "dmy", "m"} and not groups.get(f"{kind}_y"):
            word = year_after.group(1).lower()
            if word != "that" or mentions:  # "on December 27 that year": the year named before
                day = _in_year(day, mentions[-1].date.year if word == "that" else published.year + YEAR_OFFSETS[word])
                end = year_after.end()
        consumed = end
        mentions.append(DateMention(match.start(), end, sentence[match.start():end], day, precision, is_target))
    return mentions
