"""Properties that must hold for any input: the article reader, the date resolver and the
extraction pipeline never fail on hostile text, and what they return is consistent."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, assume, example, given, settings as hsettings, strategies as st
from sqlmodel import Session, func, select

from app.extract.dates import find_dates
from app.ingest.article import Article, ArticleError, build_article, decode_article_bytes, parse_article
from app.ingest.runner import IngestReport, ingest_article
from app.store.models import Article as StoredArticle, Event, Site

PROPERTY = hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YEAR_IN_TEXT = re.compile(r"(?:19|20)\d{2}")

# Pieces of real reporting, so that random text meets the patterns it must survive.
SITES = ["Ain al-Asad", "Camp Taji", "al-Qaim", "Tower 22", "Air Base 101", "Bagram", "K1 base",
         "the Qayyarah air base", "Kandahar Airfield", "Camp Zzyzx", "the base", "Harir Air Base"]
CUES = ["US troops withdrew from", "US forces left", "handed over", "was attacked by rockets",
        "will withdraw from", "the coalition began pulling out of", "American soldiers are stationed at",
        "troops were redeployed to", "the plan is to leave", "completed the withdrawal from", "Iraqi army took over"]
DATES = ["on Sunday", "next Tuesday", "February 29", "29 February", "Feb. 30", "May 5", "by June", "until June",
         "this December", "in March", "last month", "last year", "next year", "the end of the year",
         "the past 5 days", "the past 99999999999999 days", "the past ² weeks", "the past 40000 months",
         "999 years ago", "three weeks ago", "within 999 years", "in the coming months", "in 2020",
         "by 2030", "2019-02-29", "2021-13-01", "early 2024", "late May 2021", "the 3rd of March",
         "yesterday", "today", "earlier this week", "mid-July", "September 15, 2024", "the summer of 1999"]
GLUE = [" ", ", ", ". ", "\n", " and ", " - ", " ---- ", "—", "  ", "\t", ".\n\n", " al-", " the "]
FRAGMENT = st.one_of(st.sampled_from(SITES), st.sampled_from(CUES), st.sampled_from(DATES),
                     st.sampled_from(GLUE), st.text(max_size=12))
NEWSY_TEXT = st.lists(FRAGMENT, max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), NEWSY_TEXT)
PUBLISHED = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


# -- the article reader ------------------------------------------------------------------

def read_bytes(data: bytes, name: str = "a.txt") -> Article:
    return parse_article(decode_article_bytes(data, 2_000_000), name)


@PROPERTY
@given(st.one_of(st.binary(max_size=400), ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
@example(b"published: 2024-02-30\n---\nbody")
@example(b"\xef\xbb\xbfpublished: 2024-01-01\n---\n\x00")
@example("published: ٢٠٢٠-٠٣-١٩\n---\nbody".encode())
def test_any_bytes_are_an_article_or_a_stated_rejection(data):
    try:
        article = read_bytes(data)
    except ArticleError as error:
        assert str(error)
        return
    assert article.body and article.body == article.body.strip()
    assert 1900 <= article.published.year <= 2100


HEADER_VALUE = st.text(alphabet=st.characters(blacklist_characters="\r\n\x00", blacklist_categories=("Cs",)),
                       max_size=60).map(str.strip)
EXTRA_KEY = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,10}", fullmatch=True).filter(
    lambda k: k.lower() not in {"title", "source", "url", "published"})
BODY = st.text(alphabet=st.characters(blacklist_characters="\r\x00", blacklist_categories=("Cs",)),
               min_size=1, max_size=300).filter(lambda b: b.strip())


@PROPERTY
@given(title=HEADER_VALUE.filter(bool), source=HEADER_VALUE, url=HEADER_VALUE, published=PUBLISHED,
       approx=st.booleans(), extra=st.dictionaries(EXTRA_KEY, HEADER_VALUE, max_size=3), body=BODY,
       crlf=st.booleans())
@example(title="---x", source="", url="", published=date(2020, 1, 1), approx=False, extra={}, body="---\nb",
         crlf=False)
def test_a_valid_article_file_round_trips_its_fields(title, source, url, published, approx, extra, body, crlf):
    lines = [f"title: {title}", f"source: {source}", f"url: {url}",
             f"published: {published.isoformat()}{' approx' if approx else ''}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    text = "\n".join(lines) + "\n---\n" + body
    if crlf:
        text = text.replace("\n", "\r\n")
    article = read_bytes(text.encode())
    assert (article.title, article.source, article.url) == (title, source, url)
    assert (article.published, article.published_approx) == (published, approx)
    assert article.body == body.strip()
    assert article.key == (url or "a.txt")
    assert article.headers == {key.lower(): value for key, value in extra.items()}


@PROPERTY
@given(ANY_TEXT.map(lambda t: f"<html><head><title>{t[:40]}</title></head><body><article><p>{t}</p>"
                              f"<p>{t[::-1]}</p></article></body></html>") | st.text(max_size=300),
       st.sampled_from([None, "2024-07-08"]))
def test_any_html_is_an_article_or_a_stated_rejection(html, published):
    from app.ingest.html import article_from_html

    try:
        article = article_from_html(html, key="page.html", published=published)
    except ArticleError as error:
        assert str(error)
        return
    assert article.body
    if published:
        assert article.published == date(2024, 7, 8)


# -- the date resolver -------------------------------------------------------------------

@PROPERTY
@given(ANY_TEXT, PUBLISHED)
@example("US troops left on February 29", date(2024, 2, 10))
@example("They will leave by February 29", date(2024, 3, 10))
@example("in the past 99999999999999 days", date(2020, 1, 1))
@example("over the past ² weeks", date(2020, 1, 1))
@example("troops must leave by June", date(2024, 7, 8))
@example("the base closes this December", date(2024, 7, 8))
def test_find_dates_resolves_any_text_consistently(text, published):
    mentions = find_dates(text, published)
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        previous_end = mention.end
        assert mention.precision in {"day", "month", "year"}
        if mention.precision != "day":
            assert mention.date.day == 1
        if mention.precision == "year":
            assert mention.date.month == 1
        if not YEAR_IN_TEXT.search(mention.text) and not mention.is_target:
            # relative forms ("on Sunday", "May 5", "last month", "in March") resolve to
            # the publication date or before it, unless they name a target
            assert mention.date <= published, mention


# -- the extraction pipeline -------------------------------------------------------------

def column_length(model, name: str) -> int | None:
    return getattr(model.__table__.c[name].type, "length", None)


@PROPERTY
@given(NEWSY_TEXT | st.text(max_size=300), PUBLISHED)
@example("US troops withdrew from " + "A" * 400 + " base on Sunday.", date(2024, 7, 8))
@example("US troops left Camp Taji in" + " " * 300 + "May.", date(2024, 7, 8))
@example("US troops withdrew from the Zzyzx" + "ﬃ" * 150 + " base on Sunday.", date(2024, 7, 8))
def test_extraction_of_any_text_is_consistent_and_fits_the_store(extractor, text, published):
    assume(text.strip())
    article = Article(key="a.txt", title="t", source="", url="", published=published,
                      published_approx=False, body=text.strip())
    result = extractor.extract(article)
    site_ids = {site.id for site in result.sites}
    limits = {name: column_length(Event, name) for name in ("kind", "precision", "date_basis", "date_text")}
    for event in result.events:
        assert article.body[event.quote_start:event.quote_end] == event.quote
        assert event.site in site_ids  # every event's site is stored with it
        assert event.precision in {"day", "month", "year"}
        for name, limit in limits.items():
            assert limit is None or len(getattr(event, name)) <= limit, (name, getattr(event, name))
    for site in result.sites:
        assert len(site.id) <= column_length(Site, "id"), site.id
        assert len(site.name) <= column_length(Site, "name"), site.name
        assert site.country is None or len(site.country) <= column_length(Site, "country")


STORE_PROPERTY = hsettings(max_examples=100, deadline=None,
                           suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@STORE_PROPERTY
@given(title=st.text(max_size=80), body=NEWSY_TEXT | st.text(max_size=300), published=PUBLISHED)
@example(title="t", body="US troops left Camp Taji on Sunday.\x00", published=date(2024, 7, 8))
@example(title="t\ud800", body="US troops left Camp Taji on Sunday.", published=date(2024, 7, 8))
def test_any_article_is_stored_whole_or_rejected_with_a_reason(engine, extractor, title, body, published):
    """What the HTTP API would hand over: fields built by build_article, then stored."""
    headers = {"title": title, "published": published.isoformat()}
    try:
        article = build_article(headers, body, fallback_key=f"prop-{abs(hash((title, body, published)))}")
    except ArticleError as error:
        assert str(error)
        return
    report = IngestReport()
    outcome = ingest_article(engine, extractor, article, report)
    assert outcome in {"stored", "unchanged"}
    with Session(engine) as session:
        row = session.exec(select(StoredArticle).where(StoredArticle.key == article.key)).one()
        assert (row.title, row.body, row.published) == (article.title, article.body, article.published)
        stored = session.exec(select(func.count()).select_from(Event).where(Event.article_id == row.id)).one()
    assert stored == len(extractor.extract(article).events)
