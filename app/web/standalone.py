"""`basewatch snapshot`: one day's map as a single HTML file that needs no server and no network.

For a report or an email: the folium map with Leaflet's script and styles written into the
file, the bundled country outlines as inline GeoJSON, one circle marker per located site
coloured by its status (each carrying data-site-id and data-status, as on the live page),
and below it the list of sites with the sentence and article behind each status. Nothing is
fetched when the file is opened; online tiles are never added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import folium
from folium.elements import MacroElement
from folium.template import Template
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.engine import Engine
from xstatic.pkg import leaflet as xstatic_leaflet

from app.core.config import PROJECT_DIR
from app.store.dayindex import CODES, day_index
from app.store.history import ArticleRow, articles_of, known_view
from app.store.snapshot import snapshot
from app.timeline import STATUSES
from app.web.mapbuilder import AppMap, initial_view
from app.web.params import ViewState, country_name
from app.web.templating import coordinates, safe_link
from app.web.view import KIND_LABELS, counts_phrase, event_date_label, human_day

TEMPLATES_DIR = PROJECT_DIR / "templates"
BASEMAP_FILE = PROJECT_DIR / "data" / "basemap" / "countries.geojson"
COLOURS = {"present": "#2f6db5", "planned": "#d99a0b", "withdrawing": "#e8590c", "withdrawn": "#7048b8",
           "unreported": "#9aa5b1"}  # as static/css/app.css
ATTACK_COLOUR = "#d42a2f"


class StandaloneMap(AppMap):
    """The page's map without links to the app's Leaflet: the file carries its own copy."""

    default_js = []
    default_css = []


class InlineBasemap(MacroElement):
    """The bundled Natural Earth outlines, inline, in a pane below the markers."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.createPane("basemap").style.zIndex = 150;
            L.geoJSON({{ this.data }}, {pane: "basemap", interactive: false,
                attribution: "Outlines: Natural Earth", style: {{ this.style|tojson }}}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, geojson_text: str):
        super().__init__()
        self._name = "InlineBasemap"
        self.data = Markup(geojson_text)  # our own bundled file, parsed below to be sure it is JSON
        self.style = {"color": "#8a96a3", "weight": 0.8, "fillColor": "#f4f1ea", "fillOpacity": 1}


class StatusMarkers(MacroElement):
    """One circle marker per site; its popup is built from text nodes (names and quotes are data)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (map, sites, colours, attack) {
                sites.forEach(function (site) {
                    var marker = L.circleMarker([site.lat, site.lon], {radius: 7, weight: site.attacked ? 4 : 1.5,
                        color: site.attacked ? attack : "#ffffff", fillColor: colours[site.status], fillOpacity: 1,
                        className: "bw-marker"}).addTo(map);
                    var element = marker.getElement();
                    element.setAttribute("data-site-id", site.id);
                    element.setAttribute("data-status", site.status);
                    if (site.attacked) element.setAttribute("data-incident", "");
                    var box = document.createElement("div"), title = document.createElement("strong");
                    title.textContent = site.name;
                    box.appendChild(title);
                    box.appendChild(document.createElement("br"));
                    box.appendChild(document.createTextNode(site.label));
                    marker.bindPopup(box);
                    marker.bindTooltip(site.name + " — " + site.status);
                });
            })({{ this._parent.get_name() }}, {{ this.sites|tojson }}, {{ this.colours|tojson }}, {{ this.attack|tojson }});
        {% endmacro %}
    """)

    def __init__(self, sites: list[dict]):
        super().__init__()
        self._name = "StatusMarkers"
        self.sites, self.colours, self.attack = sites, COLOURS, ATTACK_COLOUR


@dataclass(frozen=True)
class SnapshotRow:
    site: object
    status: str
    event: object | None
    article: ArticleRow | None
    attacked: bool

    @property
    def since(self) -> str:
        return event_date_label(self.event.date, self.event.precision) if self.event else ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.event.kind, self.event.kind) if self.event else ""

    @property
    def label(self) -> str:
        return f"{self.status}" + (f" since {self.since}" if self.event else ", no report yet") + (
            " · attacked that day" if self.attacked else "")


def snapshot_rows(engine: Engine, day: date, country: str | None) -> list[SnapshotRow]:
    current = snapshot(engine)
    view = known_view(engine, current, None)
    index = day_index(current, view, country)
    found = index.steps_on(day)
    steps, codes = found.tolist(), index.codes_on(found).tolist()
    attacked = view.index.incidents_on(day)
    articles = articles_of(engine, current)
    rows = []
    for site, step, code in zip(current.sites_in(country), steps, codes):
        event = index.event(step)
        rows.append(SnapshotRow(site, CODES[code], event, articles.get(event.article_id) if event else None,
                                site.id in attacked))
    return rows


def build_map(rows: list[SnapshotRow], day: date) -> folium.Map:
    located = [row for row in rows if row.site.located]
    center, zoom, bounds = initial_view(ViewState(day=day), [(row.site.lat, row.site.lon) for row in located])
    m = StandaloneMap(location=list(center), zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False)
    basemap = BASEMAP_FILE.read_text(encoding="utf-8")
    json.loads(basemap)
    InlineBasemap(basemap).add_to(m)
    StatusMarkers([{"id": row.site.id, "name": row.site.name, "lat": row.site.lat, "lon": row.site.lon,
                    "status": row.status, "attacked": row.attacked, "label": row.label} for row in located]).add_to(m)
    if bounds:
        m.fit_bounds(bounds, padding=(30, 30), max_zoom=7)
    return m


def render_snapshot(engine: Engine, day: date, country: str | None) -> str:
    rows = snapshot_rows(engine, day, country)
    counts = {status: sum(1 for row in rows if row.status == status) for status in CODES}
    root = build_map(rows, day).get_root()
    root.render()
    leaflet = Path(xstatic_leaflet.BASE_DIR)
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]))
    env.filters.update(human_day=human_day, safe_link=safe_link)
    env.globals.update(coordinates=coordinates)
    where = f" in {country_name(country)}" if country else ""
    return env.get_template("snapshot.html").render(
        title=f"US sites{where} on {human_day(day)} — {counts_phrase(counts)}", day=day, rows=rows, counts=counts,
        statuses=STATUSES + ("unreported",), colours=COLOURS, country=country,
        made=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        leaflet_css=Markup(_inline_text(leaflet / "leaflet.css")), leaflet_js=Markup(_inline_script(leaflet / "leaflet.js")),
        map_header=Markup(root.header.render()), map_html=Markup(root.html.render()),
        map_script=Markup(root.script.render()))


def _inline_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _inline_script(path: Path) -> str:
    # A script element ends at the first "</script": make sure none is inside the inlined code.
    return _inline_text(path).replace("</script", "<\\/script")
