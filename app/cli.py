"""The basewatch command line: ingest, extract, geocode, serve, eval, review."""

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
    verbose: bool = typer.Option(False, "-v", "--verbose", help="List every miss."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Score extraction against gold: site P/R/F1, geocoding within 25 km, event P/R/F1, dates."""
    from app.core.context import build_extractor
    from app.evaluate import Score, evaluate

    settings = get_settings()
    extractor = build_extractor(settings)
    results, total = {}, Score()
    for path in gold:
        if not path.is_file():
            _fail(f"{path}: no such gold file")
        score = evaluate(path, articles or settings.articles_dir, extractor)
        total.add(score)
        results[str(path)] = score.summary()
        if not as_json:
            for miss in score.misses if verbose else ():
                typer.echo(f"  {miss}")
            typer.echo(_score_line(str(path), score))
    if len(gold) > 1:
        results["all"] = total.summary()
        if not as_json:
            typer.echo(_score_line("all", total))
    if as_json:
        typer.echo(json.dumps(results, indent=2))


def _score_line(label: str, score) -> str:
    s = score.summary()
    return (f"{label}: sites P {s['site_precision']:.3f} R {s['site_recall']:.3f} F1 {s['site_f1']:.3f} | "
            f"geocoded within 25 km {s['geocoding_within_25km']:.3f} | events P {s['event_precision']:.3f} "
            f"R {s['event_recall']:.3f} F1 {s['event_f1']:.3f} | dates right {s['dates_right']:.3f} ({s['dates']})")


@cli.command()
def review(db: Optional[str] = DB_OPTION) -> None:
    """List sites that need a person: unlocated ones, and ones placed only by a town's coordinate."""
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


def main() -> None:
    cli()


if __name__ == "__main__":
    sys.exit(main())
