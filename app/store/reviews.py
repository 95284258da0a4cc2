"""Reviewers' decisions: confirm, reject or correct an event, add one by hand, merge two sites.

Every decision is appended to the `reviews` table (who, when, why, before and after) and
applied to the store at once. A decision names the report by what identifies it across
re-ingestion and re-extraction: the article's key (its URL, else its file name), the
sentence as normalised words, and the site and kind it was read as; never a row id. After
an article is stored again (app/store/writer.py), `reapply` replays the decisions about it
in the order they were taken, so a rejected event stays rejected.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.ingest.stories import words
from app.store.models import Article, Event, Review, Site
from app.timeline import EVENT_KINDS, PRECISIONS

ACTIONS = ("confirm", "reject", "correct", "add", "merge")
CORRECTABLE = ("kind", "date", "precision", "site")


class ReviewError(ValueError):
    """A decision that cannot be taken; the message says why."""


class NotFound(ReviewError):
    pass


def sentence_key(sentence: str) -> str:
    """A sentence as the words it is made of: the same after whitespace, case or punctuation edits."""
    return " ".join(words(sentence))


def _event_state(event: Event, article: Article) -> dict:
    return {"site": event.site_id, "kind": event.kind, "date": event.date.isoformat(), "precision": event.precision,
            "sentence": event.quote, "article": article.key}


def _check_changes(session: Session, changes: dict) -> dict:
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise ReviewError(f"cannot correct {', '.join(unknown)}: only {', '.join(CORRECTABLE)}")
    clean = {key: value for key, value in changes.items() if value not in (None, "")}
    if not clean:
        raise ReviewError(f"a correction changes at least one of {', '.join(CORRECTABLE)}")
    if "kind" in clean and clean["kind"] not in EVENT_KINDS:
        raise ReviewError(f"kind {clean['kind']!r} is not one of {', '.join(EVENT_KINDS)}")
    if "precision" in clean and clean["precision"] not in PRECISIONS:
        raise ReviewError(f"precision {clean['precision']!r} is not one of {', '.join(PRECISIONS)}")
    if "date" in clean:
        clean["date"] = _parse_day(clean["date"]).isoformat()
    if "site" in clean and session.get(Site, clean["site"]) is None:
        raise ReviewError(f"no site with id {clean['site']!r}")
    return clean


def _parse_day(value) -> date:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise ReviewError(f"date {str(value)[:40]!r} is not a day (YYYY-MM-DD)") from None
    if not 1900 <= day.year <= 2100:
        raise ReviewError(f"date {day.isoformat()} is out of range (1900-2100)")
    return day


def _check_reviewer(reviewer: str) -> str:
    reviewer = (reviewer or "").strip()
    if not reviewer or len(reviewer) > 100:
        raise ReviewError("a decision needs the reviewer's name (1-100 characters)")
    return reviewer


def _record(session: Session, reviewer: str, action: str, reason: str, article_key: str = "", sentence: str = "",
            site_id: str = "", kind: str = "", before: dict | None = None, after: dict | None = None,
            at: datetime | None = None) -> Review:
    review = Review(reviewer=_check_reviewer(reviewer), action=action, reason=(reason or "").strip(),
                    article_key=article_key, sentence=sentence_key(sentence), site_id=site_id, kind=kind,
                    before=before, after=after, at=at or datetime.now(timezone.utc))
    session.add(review)
    session.flush()
    _apply(session, review)
    return review


def decide(engine: Engine, event_id: int, action: str, reviewer: str, reason: str = "",
           changes: dict | None = None) -> dict:
    """Confirm, reject or correct the event `event_id` (as the store holds it now)."""
    if action not in ("confirm", "reject", "correct"):
        raise ReviewError(f"action {action!r} is not one of confirm, reject, correct")
    with Session(engine) as session, session.begin():
        found = session.execute(select(Event, Article).join(Article, Article.id == Event.article_id)
                                .where(Event.id == event_id)).first()
        if found is None:
            raise NotFound(f"no event with id {event_id}")
        event, article = found
        before = _event_state(event, article)
        after = None
        if action == "correct":
            after = {**before, **_check_changes(session, changes or {})}
        review = _record(session, reviewer, action, reason, article.key, event.quote, event.site_id, event.kind,
                         before, after)
        return review_json(review)


def add_event(engine: Engine, reviewer: str, article_ref: str, sentence: str, site_id: str, kind: str,
              day: str, precision: str = "day", reason: str = "") -> dict:
    """Add an event by hand, citing a stored article (its key or URL) or a URL not yet stored.

    The sentence must be in the stored article's text, so that it is shown as what the article
    says; a URL not stored becomes a placeholder article whose sentence is labelled as a
    summary (the reviewer's words), until the page itself is ingested."""
    article_ref, sentence = (article_ref or "").strip(), " ".join((sentence or "").split())
    if not article_ref:
        raise ReviewError("cite the article: its key (URL or file name) or a URL")
    if not sentence:
        raise ReviewError("give the sentence the event is read from")
    with Session(engine) as session, session.begin():
        state = _check_changes(session, {"kind": kind, "date": day, "precision": precision or "day", "site": site_id})
        if set(state) != set(CORRECTABLE):
            raise ReviewError("an added event needs its site, kind, date and precision")
        article = session.execute(select(Article).where((Article.key == article_ref) | (Article.url == article_ref))).scalars().first()
        if article is None and not article_ref.lower().startswith(("http://", "https://")):
            raise NotFound(f"no stored article with key or URL {article_ref!r}; cite a stored article or an http(s) URL")
        if article is not None and article.body and sentence_key(sentence) not in sentence_key(article.body):
            raise ReviewError("the sentence is not in the article's text: quote it as the article words it")
        key = article.key if article is not None else article_ref
        after = {"site": state["site"], "kind": state["kind"], "date": state["date"], "precision": state["precision"],
                 "sentence": sentence, "article": key}
        review = _record(session, reviewer, "add", reason, key, sentence, state["site"], state["kind"], None, after)
        return review_json(review)


def merge_sites(engine: Engine, reviewer: str, site_from: str, site_into: str, reason: str = "") -> dict:
    """Merge `site_from` into `site_into`: its events and names move, it goes."""
    if site_from == site_into:
        raise ReviewError("a site cannot be merged into itself")
    with Session(engine) as session, session.begin():
        for site_id in (site_from, site_into):
            if session.get(Site, site_id) is None:
                raise NotFound(f"no site with id {site_id!r}")
        review = _record(session, reviewer, "merge", reason, site_id=site_from,
                         before={"site": site_from}, after={"site": site_into})
        return review_json(review)


# ---- applying decisions ----

def _apply(session: Session, review: Review, article_id: int | None = None) -> None:
    if review.action == "merge":
        _apply_merge(session, review.before["site"], review.after["site"])
    elif review.action == "add":
        _apply_add(session, review, article_id)
    else:
        for event in _matching_events(session, review, article_id):
            _apply_to_event(session, review, event)


def _matching_events(session: Session, review: Review, article_id: int | None) -> list[Event]:
    query = select(Event).join(Article, Article.id == Event.article_id).where(
        Article.key == review.article_key, Event.site_id == review.site_id, Event.kind == review.kind)
    if article_id is not None:
        query = query.where(Event.article_id == article_id)
    return [event for event in session.execute(query).scalars() if sentence_key(event.quote) == review.sentence]


def _apply_to_event(session: Session, review: Review, event: Event) -> None:
    if review.action == "reject":
        session.delete(event)
    elif review.action == "confirm":
        event.review = "confirmed"
    elif review.action == "correct":
        after = review.after
        if session.get(Site, after["site"]) is None:
            return  # the site was merged away since; a later merge decision moves the event
        event.site_id, event.kind = after["site"], after["kind"]
        event.date, event.precision = date.fromisoformat(after["date"]), after["precision"]
        event.date_basis, event.date_text, event.review = "review", "", "corrected"
    session.flush()


def _apply_add(session: Session, review: Review, article_id: int | None) -> None:
    after = review.after
    article = session.execute(select(Article).where(Article.key == review.article_key)).scalars().first()
    if article is None:
        article = Article(key=review.article_key, title=f"Cited by a reviewer: {review.article_key}"[:500],
                          source=_host(review.article_key), url=review.article_key, published=date.fromisoformat(after["date"]),
                          body="", content_hash="", provenance="summary", based_on=review.article_key)
        session.add(article)
        session.flush()
        article.story = f"a{article.id}"
    if article_id is not None and article.id != article_id:
        return
    if _matching_events(session, review, article.id) or session.get(Site, after["site"]) is None:
        return
    start = _sentence_start(article.body, after["sentence"])
    session.add(Event(article_id=article.id, site_id=after["site"], kind=after["kind"],
                      date=date.fromisoformat(after["date"]), precision=after["precision"], date_basis="review",
                      quote=_sentence_in(article.body, after["sentence"]), quote_start=max(start, 0),
                      quote_end=max(start, 0) + len(after["sentence"]), review="added"))
    session.flush()


def _sentence_in(body: str, sentence: str) -> str:
    """The article's own wording of the sentence where the body has it exactly, else as given."""
    start = _sentence_start(body, sentence)
    return body[start:start + len(sentence)] if start >= 0 else sentence


def _sentence_start(body: str, sentence: str) -> int:
    return body.find(sentence) if body else -1


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""


def _apply_merge(session: Session, site_from: str, site_into: str) -> None:
    gone, kept = session.get(Site, site_from), session.get(Site, site_into)
    if gone is None or kept is None:
        return
    session.execute(update(Event).where(Event.site_id == site_from).values(site_id=site_into))
    kept.aliases = list(dict.fromkeys([*(kept.aliases or []), gone.name, *(gone.aliases or [])]))
    session.add(kept)
    session.flush()
    session.execute(delete(Site).where(Site.id == site_from))
    session.flush()


def reapply(session: Session, article: Article) -> None:
    """Replay, in the order taken, every decision about `article` and every site merge, after its
    events were written again (app/store/writer.py)."""
    decisions = session.execute(select(Review).where((Review.article_key == article.key) | (Review.action == "merge"))
                                .order_by(Review.id)).scalars().all()
    for review in decisions:
        _apply(session, review, article.id)


# ---- the log ----

def review_json(review: Review) -> dict:
    return {"id": review.id, "at": review.at.isoformat() if review.at else None, "reviewer": review.reviewer,
            "action": review.action, "reason": review.reason, "article_key": review.article_key,
            "sentence": review.sentence, "site": review.site_id, "kind": review.kind,
            "before": review.before, "after": review.after}


def review_log(engine: Engine, limit: int | None = None) -> list[dict]:
    """The decisions, newest first."""
    with Session(engine) as session:
        query = select(Review).order_by(Review.id.desc())
        if limit:
            query = query.limit(limit)
        return [review_json(review) for review in session.execute(query).scalars()]


def export_jsonl(engine: Engine) -> str:
    """The decisions, oldest first, one JSON object a line: what `import_jsonl` reads."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in reversed(review_log(engine)))


def import_jsonl(engine: Engine, lines: Iterable[str]) -> int:
    """Append the decisions of an export (another store's, or a backup) and apply them; a
    decision already in the log (same time, reviewer, action and report) is skipped."""
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            raise ReviewError(f"line {number}: not JSON ({error})") from None
        if not isinstance(item, dict) or item.get("action") not in ACTIONS:
            raise ReviewError(f"line {number}: not a decision (action one of {', '.join(ACTIONS)})")
        try:
            item["at"] = datetime.fromisoformat(item["at"])
            _check_reviewer(item.get("reviewer", ""))
        except (KeyError, TypeError, ValueError) as error:
            raise ReviewError(f"line {number}: {error}") from None
        items.append(item)
    added = 0
    with Session(engine) as session, session.begin():
        seen = {(r.at.replace(tzinfo=None) if r.at else None, r.reviewer, r.action, r.article_key, r.sentence, r.site_id, r.kind)
                for r in session.execute(select(Review)).scalars()}
        for item in items:
            key = (item["at"].replace(tzinfo=None), item["reviewer"], item["action"], item.get("article_key", ""),
                   item.get("sentence", ""), item.get("site", ""), item.get("kind", ""))
            if key in seen:
                continue
            review = Review(reviewer=item["reviewer"], action=item["action"], reason=item.get("reason", ""),
                            article_key=item.get("article_key", ""), sentence=item.get("sentence", ""),
                            site_id=item.get("site", ""), kind=item.get("kind", ""), before=item.get("before"),
                            after=item.get("after"), at=item["at"] if item["at"].tzinfo else item["at"].replace(tzinfo=timezone.utc))
            session.add(review)
            session.flush()
            _apply(session, review)
            seen.add(key)
            added += 1
    return added
