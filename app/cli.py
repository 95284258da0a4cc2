"""The basewatch command line: ingest, extract, geocode, serve, migrate, eval, review."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from app.core.config import Settings, get_settings

cli = typer.Typer(help="basewatch: a map of US military base withdrawals, built from news articles.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
DB_OPTION = typer.Option(None, "--db", help="Store URL or SQLite path (default: DATABASE_URL, else ./basewatch.db).")


def _settings(db: str | None) -> Settings:
    settings = get_settings()
    if db:
        from dataclasses import replace

        settings = replace(settings, database_url=db)
    return settings


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@cli.command()
def ingest(
    inputs: list[str] = typer.Argument(None, help="Article files, folders or http(s) URLs (default: the bundled data/articles/)."),
    feed: list[str] = typer.Option(None, "--feed", metavar="URL",
                                   help="An RSS or Atom feed: each entry's page is fetched and read. Repeatable."),
    published: Optional[str] = typer.Option(None, "--published", metavar="YYYY-MM-DD",
                                            help="Publication date of URL pages, used instead of the page's own; "
                                                 "for feed entries only where neither the page nor the entry gives one."),
    db: Optional[str] = DB_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary and rejections."),
) -> None:
    """Read articles, extract sites and events, store them. Exit 1 if any input was rejected."""
    from app.core.context import build_extractor
    from app.ingest.article import ArticleError, parse_published
    from app.ingest.runner import IngestReport, feed_sources, input_sources
    from app.store.db import engine_for

    settings = _settings(db)
    if published is not None:
        try:
            parse_published(published)
        except ArticleError as error:
            _fail(f"--published: {error}")
    engine = engine_for(settings.database_url)
    report = IngestReport()
    sources = input_sources(inputs or ([] if feed else [settings.articles_dir]), settings, published)
    for url in feed or []:
        sources += feed_sources(url, settings, report, published)
    total = len(sources) + len(report.rejected)
    if not total:
        _fail("no article files found")
    extractor = build_extractor(settings, engine)
    report = _run_with_progress(engine, extractor, sources, report, show=not quiet and len(sources) > 20)
    counts = report.outcomes
    typer.echo(f"{total} inputs: {counts['stored']} stored, {counts['replaced']} replaced, "
               f"{counts['unchanged']} unchanged, {len(report.rejected)} rejected; {report.events} events written")
    for name, reason in report.rejected:
        typer.secho(f"rejected {name}: {reason}", fg=typer.colors.RED, err=True)
    if not quiet:
        _print_store_summary(engine)
    raise typer.Exit(0 if report.ok else 1)


def _run_with_progress(engine, extractor, sources, report, show: bool):
    from app.ingest.runner import ingest_sources

    if not show:
        return ingest_sources(engine, extractor, sources, report=report)
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("ingesting", total=len(sources))
        return ingest_sources(engine, extractor, sources, report=report,
                              on_progress=lambda _source: progress.advance(task))


def _print_store_summary(engine) -> None:
    from app.store.queries import store_summary

    summary = store_summary(engine)
    typer.echo(f"store: {summary['articles']} articles, {summary['sites']} sites "
               f"({summary['unlocated']} unlocated), {summary['events']} events")
    for row in summary["site_rows"]:
        typer.echo(f"  {row['id']:<28} {row['country'] or '--'}  {row['events']:>3} events  {row['status_now']}")


@cli.command()
def extract(
    file: Path = typer.Argument(..., help="One article file."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (the default is a readable list)."),
) -> None:
    """Extract sites and events from one article; stores nothing."""
    from app.core.context import build_extractor
    from app.ingest.article import ArticleError
    from app.ingest.runner import read_input

    settings = get_settings()
    try:
        article = read_input(file, settings)
    except ArticleError as error:
        _fail(f"{file}: {error}", 1)
    result = build_extractor(settings).extract(article)
    if as_json:
        typer.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    for site in result.sites:
        where = f"{site.lat:.4f}, {site.lon:.4f}" if site.located else "unlocated"
        typer.echo(f"site  {site.id}  {site.name} [{site.country or '--'}] {where} via {site.geocoder}")
    for event in result.events:
        typer.echo(f"event {event.date} ({event.precision}) {event.kind:<21} {event.site}: {event.quote[:90]}")


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    db: Optional[str] = DB_OPTION,
    workers: int = typer.Option(1, help="Worker processes (use PostgreSQL for more than one)."),
) -> None:
    """Serve the map and the API."""
    import os

    import uvicorn

    if db:
        os.environ["DATABASE_URL"] = db
    typer.echo(f"basewatch: serving the map at http://{host}:{port}/")
    uvicorn.run("app.web.main:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


@cli.command()
def migrate(db: Optional[str] = DB_OPTION) -> None:
    """Create the store or bring its schema to the newest migration, then exit.

    Every command does this itself on start (safely at once from several processes: SQLite
    takes a write lock, PostgreSQL an advisory lock); this is for deployments that migrate
    in a step of their own before starting the workers."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from app.store.db import init_db, make_engine, normalise_url

    settings = _settings(db)
    engine = make_engine(settings.database_url)
    try:
        init_db(engine)
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as error:
        _fail(f"{_safe_url(normalise_url(settings.database_url))}: {str(error.orig).strip().splitlines()[0]}", 1)
    finally:
        engine.dispose()
    typer.echo(f"{_safe_url(normalise_url(settings.database_url))}: schema at revision {revision}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@cli.command()
def geocode(name: str = typer.Argument(..., help="A place or base name.")) -> None:
    """Show how a name resolves, and by which geocoder."""
    from app.core.context import build_geocoder

    result = build_geocoder(get_settings()).geocode(name)
    if not result.located:
        typer.echo(f"{name!r}: not found by any geocoder")
        raise typer.Exit(1)
    typer.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))


@cli.command("eval")
def evaluate_command(
    gold: list[Path] = typer.Argument(..., help="Gold annotation files (JSON lines)."),
    articles: Path = typer.Option(None, "--articles", help="Folder of the articles (default: the bundled data/articles/)."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="List every miss and every timeline day that disagrees."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Score extraction against gold: sites, geocoding, events, dated events, status timeline, per kind."""
    from app.core.context import build_extractor
    from app.evaluate import Score, evaluate, timeline_misses

    settings = get_settings()
    extractor = build_extractor(settings)
    results, total, lines = {}, Score(), []
    for path in gold:
        if not path.is_file():
            _fail(f"{path}: no such gold file")
        score = evaluate(path, articles or settings.articles_dir, extractor)
        total.add(score)
        results[str(path)] = score.summary()
        lines += [f"  {miss}" for miss in [*score.misses, *timeline_misses(score)]] if verbose else []
        lines.append(_score_line(str(path), score))
    if len(gold) > 1:
        results["all"] = total.summary()
        lines.append(_score_line("all", total))
    if as_json:
        typer.echo(json.dumps(results, indent=2))
        return
    typer.echo(_kind_table(total))  # first, so that the last lines are the totals
    for line in lines:
        typer.echo(line)


def _score_line(label: str, score) -> str:
    s = score.summary()
    return (f"{label}: sites P {s['site_precision']:.3f} R {s['site_recall']:.3f} F1 {s['site_f1']:.3f} | "
            f"geocoded within 25 km {s['geocoding_within_25km']:.3f} | events P {s['event_precision']:.3f} "
            f"R {s['event_recall']:.3f} F1 {s['event_f1']:.3f} | dates right {s['dates_right']:.3f} ({s['dates']}) | "
            f"dated-event F1 {s['dated_event_f1']:.3f} | timeline agreement {s['timeline_agreement']:.3f} "
            f"({s['timeline_days']} site-days)")


def _kind_table(score) -> str:
    rows = [f"{'kind':<22} {'gold':>5} {'found':>6} {'event F1':>9} {'dated F1':>9}"]
    for kind, row in score.summary()["by_kind"].items():
        rows.append(f"{kind:<22} {row['gold']:>5} {row['extracted']:>6} {row['event_f1']:>9.3f} {row['dated_event_f1']:>9.3f}")
    return "\n".join(rows)


review_cli = typer.Typer(help="Sites that need a person, and reviewers' decisions about events and sites.",
                         invoke_without_command=True, no_args_is_help=False)
cli.add_typer(review_cli, name="review")
REVIEWER_OPTION = typer.Option(..., "--reviewer", help="Your name, as the log records it.")
REASON_OPTION = typer.Option("", "--reason", help="Why: kept in the log with the decision.")


@review_cli.callback()
def review(ctx: typer.Context, db: Optional[str] = DB_OPTION) -> None:
    """Without a subcommand: list sites that need a person (unlocated, or placed only by a town)."""
    ctx.obj = db
    if ctx.invoked_subcommand is not None:
        return
    from app.store.db import engine_for
    from app.store.queries import sites_for_review

    rows = sites_for_review(engine_for(_settings(db).database_url))
    if not rows:
        typer.echo("nothing to review: every site is placed by the gazetteer")
        return
    for site, events, quote in rows:
        where = "UNLOCATED" if not site.located else f"{site.geocode_precision} via {site.geocoder}"
        typer.echo(f"{site.id:<30} {where:<22} {events:>3} events  named as: {', '.join(site.aliases[:3])}")
        if quote:
            typer.echo(f"    \"{quote[:140]}\"")


def _review_engine(ctx: typer.Context, db: str | None):
    from app.store.db import engine_for

    return engine_for(_settings(db or ctx.obj).database_url)


def _decided(call) -> None:
    from app.store.reviews import ReviewError

    try:
        result = call()
    except ReviewError as error:
        _fail(str(error))
    typer.echo(f"recorded: {result['action']} by {result['reviewer']} (decision {result['id']})")


@review_cli.command("confirm")
def review_confirm(ctx: typer.Context, event_id: int = typer.Argument(..., help="The event's id (API: events[].id)."),
                   reviewer: str = REVIEWER_OPTION, reason: str = REASON_OPTION, db: Optional[str] = DB_OPTION) -> None:
    """Confirm an event: the map marks it reviewed."""
    from app.store.reviews import decide

    _decided(lambda: decide(_review_engine(ctx, db), event_id, "confirm", reviewer, reason))


@review_cli.command("reject")
def review_reject(ctx: typer.Context, event_id: int = typer.Argument(..., help="The event's id."),
                  reviewer: str = REVIEWER_OPTION, reason: str = REASON_OPTION, db: Optional[str] = DB_OPTION) -> None:
    """Reject a wrong event; it stays rejected when its article is ingested again."""
    from app.store.reviews import decide

    _decided(lambda: decide(_review_engine(ctx, db), event_id, "reject", reviewer, reason))


@review_cli.command("correct")
def review_correct(ctx: typer.Context, event_id: int = typer.Argument(..., help="The event's id."),
                   kind: Optional[str] = typer.Option(None, "--kind"), date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD"),
                   precision: Optional[str] = typer.Option(None, "--precision"), site: Optional[str] = typer.Option(None, "--site"),
                   reviewer: str = REVIEWER_OPTION, reason: str = REASON_OPTION, db: Optional[str] = DB_OPTION) -> None:
    """Correct an event's kind, date, precision or site."""
    from app.store.reviews import decide

    changes = {key: value for key, value in (("kind", kind), ("date", date), ("precision", precision), ("site", site)) if value}
    _decided(lambda: decide(_review_engine(ctx, db), event_id, "correct", reviewer, reason, changes))


@review_cli.command("add")
def review_add(ctx: typer.Context, article: str = typer.Option(..., "--article", help="A stored article's key or URL, or a URL."),
               sentence: str = typer.Option(..., "--sentence", help="The sentence, as the article words it."),
               site: str = typer.Option(..., "--site"), kind: str = typer.Option(..., "--kind"),
               date: str = typer.Option(..., "--date", metavar="YYYY-MM-DD"), precision: str = typer.Option("day", "--precision"),
               reviewer: str = REVIEWER_OPTION, reason: str = REASON_OPTION, db: Optional[str] = DB_OPTION) -> None:
    """Add an event by hand, citing the article it is read from."""
    from app.store.reviews import add_event

    _decided(lambda: add_event(_review_engine(ctx, db), reviewer, article, sentence, site, kind, date, precision, reason))


@review_cli.command("merge")
def review_merge(ctx: typer.Context, site_from: str = typer.Argument(..., metavar="SITE", help="The site that goes."),
                 into: str = typer.Argument(..., metavar="INTO", help="The site that stays."),
                 reviewer: str = REVIEWER_OPTION, reason: str = REASON_OPTION, db: Optional[str] = DB_OPTION) -> None:
    """Merge two sites that are one place: SITE's events and names move to INTO."""
    from app.store.reviews import merge_sites

    _decided(lambda: merge_sites(_review_engine(ctx, db), reviewer, site_from, into, reason))


@review_cli.command("log")
def review_log_command(ctx: typer.Context, limit: int = typer.Option(50, "--limit"), db: Optional[str] = DB_OPTION) -> None:
    """The decisions, newest first."""
    from app.store.reviews import review_log

    for item in review_log(_review_engine(ctx, db), limit):
        what = f"{item['site']} {item['kind']}".strip()
        typer.echo(f"{item['at'][:19]}  {item['reviewer']:<12} {item['action']:<8} {what:<40} {item['reason'][:60]}")


@review_cli.command("export")
def review_export(ctx: typer.Context, dest: Path = typer.Argument(..., help="A .jsonl file to write."),
                  db: Optional[str] = DB_OPTION) -> None:
    """Write every decision to DEST as JSON lines, oldest first."""
    from app.store.reviews import export_jsonl

    text = export_jsonl(_review_engine(ctx, db))
    dest.write_text(text, encoding="utf-8")
    typer.echo(f"{len(text.splitlines())} decisions written to {dest}")


@review_cli.command("import")
def review_import(ctx: typer.Context, source: Path = typer.Argument(..., help="A .jsonl file of decisions."),
                  db: Optional[str] = DB_OPTION) -> None:
    """Append and apply the decisions of SOURCE (those already in the log are skipped)."""
    from app.store.reviews import ReviewError, import_jsonl

    if not source.is_file():
        _fail(f"{source}: no such file")
    try:
        added = import_jsonl(_review_engine(ctx, db), source.read_text(encoding="utf-8").splitlines())
    except (ReviewError, UnicodeDecodeError) as error:
        _fail(f"{source}: {error}")
    typer.echo(f"{added} decisions imported")


@cli.command()
def backup(
    dest: Path = typer.Argument(..., help="The file to write the copy to."),
    db: Optional[str] = DB_OPTION,
    force: bool = typer.Option(False, "--force", help="Replace DEST if it exists."),
) -> None:
    """Copy a SQLite store to DEST, consistently, even while the app or an ingest uses it.

    Uses SQLite's online backup: one snapshot, in one read transaction that writers do
    not wait for. The copy is written next to DEST and renamed when complete, so DEST is
    never half-written. A PostgreSQL store is backed up with pg_dump instead."""
    import os
    import sqlite3
    from contextlib import closing

    from sqlalchemy.engine import make_url

    from app.store.db import normalise_url

    url = make_url(normalise_url(_settings(db).database_url))
    if url.get_backend_name() != "sqlite":
        _fail(f"the store is {url.get_backend_name()}, not a SQLite file: back it up with pg_dump, "
              f"e.g. pg_dump --format=custom --file=basewatch.dump {url.database or 'DBNAME'}")
    if not url.database or url.database == ":memory:":
        _fail("an in-memory store has nothing to back up")
    source = Path(url.database)
    if not source.is_file():
        _fail(f"{source}: no such store")
    if dest.exists() and not force:
        _fail(f"{dest} exists; pass --force to replace it")
    if dest.exists() and dest.resolve() == source.resolve():
        _fail("DEST is the store itself")
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    try:
        with closing(sqlite3.connect(source, timeout=30)) as origin, closing(sqlite3.connect(partial)) as copy:
            origin.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            check = copy.execute("PRAGMA quick_check").fetchone()[0]
            counts = [copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                      for table in ("articles", "sites", "events")]
        if check != "ok":
            _fail(f"the copy failed its integrity check: {check}", 1)
        os.replace(partial, dest)
    except sqlite3.Error as error:
        _fail(f"backup failed: {error}", 1)
    finally:
        partial.unlink(missing_ok=True)
    typer.echo(f"backed up {source} to {dest}: {counts[0]} articles, {counts[1]} sites, {counts[2]} events "
               f"({dest.stat().st_size} bytes)")


@cli.command()
def snapshot(
    out: Path = typer.Argument(..., help="The HTML file to write."),
    day: str = typer.Option(..., "--date", help="The day to show, YYYY-MM-DD."),
    country: Optional[str] = typer.Option(None, "--country", help="Only sites in this country (ISO code, e.g. SY)."),
    db: Optional[str] = DB_OPTION,
    force: bool = typer.Option(False, "--force", help="Replace OUT if it exists."),
) -> None:
    """Write one day's map as a single HTML file that opens with no server and no network: the
    markers coloured by status and the list of sites with the sentence and article behind each."""
    import os

    from app.store.db import init_db, make_engine
    from app.web.params import BadParameter, parse_country, parse_day
    from app.web.standalone import render_snapshot

    try:
        when, code = parse_day(day, "--date"), parse_country(country)
    except BadParameter as error:
        _fail(str(error))
    if out.exists() and not force:
        _fail(f"{out} exists; pass --force to replace it")
    if not out.parent.is_dir():
        _fail(f"{out.parent}: no such folder")
    engine = make_engine(_settings(db).database_url)
    try:
        init_db(engine)
        page = render_snapshot(engine, when, code)
    finally:
        engine.dispose()
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    try:
        partial.write_text(page, encoding="utf-8")
        os.replace(partial, out)  # never a half-written OUT
    finally:
        partial.unlink(missing_ok=True)
    typer.echo(f"wrote {out}: {when.isoformat()}{' in ' + code if code else ''} ({len(page.encode()) // 1024} KB)")


def main() -> None:
    cli()


if __name__ == "__main__":
    sys.exit(main())
