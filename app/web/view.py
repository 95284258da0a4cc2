"""What the page shows for one ViewState: rows, counts, title, detail, and the data handed to scripts.

The server renders the same day the scripts would compute, so a shared link reads
right before (or without) JavaScript. Both sides use the rule in app/timeline.py;
static/js/status.js is its browser twin, held to the same case table.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from sqlalchemy.engine import Engine

from app.store import queries
from app.store.models import Article, Event, Site
from app.store.history import known_view
from app.store.snapshot import Snapshot, snapshot
from app.corroboration import contradictions, corroboration_groups, independent_stories
from app.ingest.article import credit_line
from app.timeline import STATUSES, DayStatus, dispute_on, status_on
from app.web.params import FILTER_STATUSES, ViewState, country_name

# From this many sites on, the server sends no list rows and static/js/sitelist.js renders only
# those in view (benchmarks/slider.py: ten thousand rows were most of a slider step's time).
VIRTUAL_LIST_FROM = 5000
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
KIND_LABELS = {
    "presence": "US forces present",
    "attack": "Attack",
    "withdrawal_planned": "Withdrawal planned",
    "withdrawal_started": "Withdrawal started",
    "withdrawal_completed": "Withdrawal completed",
    "handover": "Handed over",
    "reinforcement": "Reinforced",
    "denial": "Move denied",
}
REVIEW_LABELS = {"confirmed": "confirmed by a reviewer", "corrected": "corrected by a reviewer",
                 "added": "added by a reviewer"}
BASIS_LABELS = {
    "text": "date from the text",
    "publication": "no date in the text: the article's publication date",
    "previous sentence": "date from the previous sentence",
    "lead": "date from the story's lead, which tells the same act",
    "review": "date set by a reviewer",
}


def human_day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def event_date_label(day: date, precision: str) -> str:
    """A date written as precisely as it is known: 15 Feb 2026, Feb 2026 or 2026."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return human_day(day)


def basis_label(event: Event) -> str:
    label = BASIS_LABELS.get(event.date_basis, event.date_basis or "date basis unknown")
    return f"{label}: “{event.date_text}”" if event.date_text else label


def count_statuses(days: Iterable[DayStatus]) -> dict[str, int]:
    counts = dict.fromkeys(FILTER_STATUSES, 0)
    for day in days:
        counts[day.status] += 1
    return counts


def counts_phrase(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts.get(s)]
    return ", ".join(parts) if parts else "none reported"


def page_title(day: date, counts: dict[str, int], country: str | None) -> str:
    where = f" in {country_name(country)}" if country else ""
    return f"US sites{where} on {human_day(day)} — {counts_phrase(counts)}"


def page_description(day: date, counts: dict[str, int], country: str | None, attacks: int) -> str:
    where = f" in {country_name(country)}" if country else ""
    total = sum(counts.values())
    attack_note = f"; {attacks} under attack that day" if attacks else ""
    return (f"Status of {total} US military sites{where} on {human_day(day)}, from news reports: "
            f"{counts_phrase(counts)}{attack_note}.")


@dataclass(frozen=True)
class SiteRow:
    site: Site
    day: DayStatus
    hidden: bool
    disputed: bool = False

    @property
    def status(self) -> str:
        return self.day.status

    @property
    def country_name(self) -> str:
        return country_name(self.site.country)


@dataclass(frozen=True)
class EventView:
    event: Event
    article: Article
    future: bool
    sources: tuple = ()  # articles reporting the same kind at the site within a week (app/corroboration.py)
    independent: int = 1  # how many stories those are
    contradicted_by: tuple = ()  # (event, article) of other stories that contradict this one

    @property
    def is_quote(self) -> bool:
        """Only an original article's sentence is the outlet's own words."""
        return self.article.provenance == "original"

    @property
    def credit(self) -> str:
        return credit_line(self.article.provenance, self.article.source, self.article.published)

    @property
    def corroboration(self) -> str:
        outlets = len(self.sources)
        if self.independent > 1:
            return f"Corroborated: {self.independent} independent stories, {outlets} outlets"
        if outlets > 1:
            return f"Single source: one story, printed by {outlets} outlets"
        return "Single source"

    @property
    def review_label(self) -> str:
        return REVIEW_LABELS.get(self.event.review, "")

    @property
    def date_label(self) -> str:
        return event_date_label(self.event.date, self.event.precision)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.event.kind, self.event.kind)

    @property
    def basis_label(self) -> str:
        return basis_label(self.event)


@dataclass(frozen=True)
class SiteDetail:
    site: Site
    day: DayStatus
    events: list[EventView]
    disputed: bool = False

    @property
    def country_name(self) -> str:
        return country_name(self.site.country)


@dataclass
class PageView:
    state: ViewState
    day: date
    first_day: date
    last_day: date
    rows: list[SiteRow]
    counts: dict[str, int]
    attacks: int
    countries: list[tuple[str, str]]
    detail: SiteDetail | None
    disputed: int = 0  # sites disputed on the day (app/timeline.py dispute_on)
    event_days: list[date] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @property
    def prev_event_day(self) -> date | None:
        position = bisect_left(self.event_days, self.day)  # event_days is ascending
        return self.event_days[position - 1] if position else None

    @property
    def next_event_day(self) -> date | None:
        position = bisect_right(self.event_days, self.day)
        return self.event_days[position] if position < len(self.event_days) else None

    @property
    def span(self) -> int:
        return (self.last_day - self.first_day).days

    @property
    def offset(self) -> int:
        return (self.day - self.first_day).days

    @property
    def title(self) -> str:
        return page_title(self.day, self.counts, self.state.country)

    @property
    def description(self) -> str:
        return page_description(self.day, self.counts, self.state.country, self.attacks)

    @property
    def visible_rows(self) -> list[SiteRow]:
        return [row for row in self.rows if not row.hidden]

    @property
    def virtual_list(self) -> bool:
        """Whether the site list is rendered by the page's script, only the rows in view."""
        return len(self.rows) >= VIRTUAL_LIST_FROM


def row_hidden(site: Site, day: DayStatus, state: ViewState) -> bool:
    return bool((state.country and site.country != state.country) or (state.status and day.status != state.status))


def event_range(grouped: dict[str, list[Event]], fallback: date) -> tuple[date, date]:
    days = [event.date for events in grouped.values() for event in events]
    return (min(days), max(days)) if days else (fallback, fallback)


def site_detail(engine: Engine, site_id: str, day: date, known: date | None = None) -> SiteDetail | None:
    found = queries.site_events_with_articles(engine, site_id)
    if found is None:
        return None
    site, rows = found
    events = [event for event, _ in rows]
    known_events = [event for event, article in rows if known is None or article.published <= known]
    article_of = {event.id: article for event, article in rows}
    story_of = lambda event: article_of[event.id].story or f"a{article_of[event.id].id}"  # noqa: E731
    support = {event.id: group for group in corroboration_groups(events, story_of) for event in group}
    against = contradictions(events, story_of)
    views = []
    for event, article in rows:
        group = support[event.id]
        sources = tuple({article_of[e.id].id: article_of[e.id] for e in group}.values())
        views.append(EventView(event, article, future=event.date > day, sources=sources,
                               independent=len(independent_stories(group, story_of)),
                               contradicted_by=tuple((other, article_of[other.id]) for other in against.get(event.id, ()))))
    return SiteDetail(site, status_on(known_events, day), views, disputed=dispute_on(known_events, day, story_of))


def site_data(site: Site, events: list[Event], story_of=None) -> dict:
    """One site as the scripts need it: events as [date, kind, precision, story] in date order
    (the story, app/ingest/stories.py, tells static/js/status.js which reports are independent)."""
    story_of = story_of or (lambda event: f"a{event.article_id}")
    return {"id": site.id, "name": site.name, "country": site.country, "lat": site.lat, "lon": site.lon,
            "events": [[e.date.isoformat(), e.kind, e.precision, story_of(e)] for e in events]}


def countries_of(sites: list[Site], selected: str | None) -> list[tuple[str, str]]:
    codes = {s.country for s in sites if s.country} | ({selected} if selected else set())
    return sorted(((code, country_name(code)) for code in codes), key=lambda pair: pair[1])


def build_page(engine: Engine, state: ViewState, day: date, current: Snapshot | None = None) -> PageView:
    """The view of `day`, from the process's snapshot of the store (the status index's lookups
    give what the rule in app/timeline.py gives; tests/test_status_index.py holds them equal)."""
    current = current or snapshot(engine)
    known = known_view(engine, current, state.known)  # every event unless the view asks for knowledge time
    all_sites, grouped, index = current.sites, known.events, known.index
    first, last = current.first_day or day, current.last_day or day
    statuses = index.statuses_on([site.id for site in all_sites], day)
    rows = [SiteRow(site, status, row_hidden(site, status, state), current.disputed(site.id, day))
            for site, status in zip(all_sites, statuses)]
    in_country = [row.day for row in rows if not state.country or row.site.country == state.country]
    view = PageView(
        state=state, day=day, first_day=min(first, day), last_day=max(last, day), rows=rows,
        counts=count_statuses(in_country), attacks=sum(1 for d in in_country if d.incidents),
        disputed=sum(1 for row in rows if row.disputed and (not state.country or row.site.country == state.country)),
        countries=countries_of(all_sites, state.country),
        detail=site_detail(engine, state.site, day, state.known) if state.site else None,
        event_days=known.event_days,
    )
    view.data = {
        "state": {key: value for key, value in state.query_items()},
        "firstDay": view.first_day.isoformat(), "lastDay": view.last_day.isoformat(),
        "countries": dict(view.countries),
        "labels": {"kinds": KIND_LABELS, "basis": BASIS_LABELS, "review": REVIEW_LABELS},
        "sites": [site_data(site, grouped.get(site.id, []), current.story_of) for site in all_sites],
    }
    return view



STRIP_GROUPS = {"attack": "attack", "presence": "presence", "reinforcement": "presence"}


@dataclass(frozen=True)
class TimelineStrip:
    """Ticks for event days and year marks, placed in percent of the slider's span."""

    ticks: list[tuple[float, str]]
    years: list[tuple[float, int]]


def timeline_strip(view: PageView) -> TimelineStrip:
    first, span = view.first_day.toordinal(), max(1, (view.last_day - view.first_day).days)

    def where(day: date) -> float:
        # A fifth of a percent is under two pixels of the slider: finer ticks would only add weight.
        return round(100 * (day.toordinal() - first) / span / 0.2) * 0.2

    ticks = {(round(where(date.fromisoformat(e[0])), 1), STRIP_GROUPS.get(e[1], "withdrawal"))
             for site in view.data["sites"] for e in site["events"]}
    years = [(round(100 * (date(year, 1, 1).toordinal() - first) / span, 2), year) for year in range(view.first_day.year + 1, view.last_day.year + 1)]
    return TimelineStrip(sorted(ticks), years)
