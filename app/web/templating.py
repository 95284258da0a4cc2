"""Jinja helpers. Autoescaping stays on: every string from an article is data, never markup."""

from __future__ import annotations

from fastapi.templating import Jinja2Templates

from app.timeline import STATUSES
from app.web.params import FILTER_STATUSES
from app.web.view import KIND_LABELS, event_date_label, human_day

LINK_SCHEMES = ("http://", "https://")


def safe_link(url: str | None) -> str | None:
    """An article URL fit for href, or None: a `javascript:` URL escapes fine and still runs."""
    if url and url.strip().lower().startswith(LINK_SCHEMES):
        return url.strip()
    return None


def coordinates(lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return "not located"
    return f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.4f}° {'E' if lon >= 0 else 'W'}"


def configure_templates(templates: Jinja2Templates, asset_version: str) -> Jinja2Templates:
    env = templates.env
    env.globals.update(
        STATUSES=STATUSES, FILTER_STATUSES=FILTER_STATUSES, KIND_LABELS=KIND_LABELS,
        static=lambda path: f"/static/{path}?v={asset_version}",
    )
    env.filters.update(human_day=human_day, event_date=event_date_label, safe_link=safe_link)
    env.globals["coordinates"] = coordinates
    return templates
