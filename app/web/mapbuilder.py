"""The folium map: offline country outlines, optional online tiles, the site layer and controls.

The offline basemap (outlines, coasts, borders, place names) is data/basemap/, drawn by
static/js/basemap.js. The map is embedded in our own page by its parts (header, html, script); nothing is
loaded from a CDN: folium's default assets (Leaflet from jsDelivr, jQuery, Bootstrap,
awesome-markers, Font Awesome) are replaced by Leaflet served from the xstatic-leaflet
package and our own scripts, and no folium element that needs jQuery is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import folium
from folium.elements import JSCSSMixin
from folium.map import FitBounds, Layer
from folium.template import Template
from markupsafe import Markup
from xstatic.pkg import leaflet as xstatic_leaflet

from app.core.config import PROJECT_DIR, Settings
from app.web.params import ViewState

LEAFLET_URL = f"/static/vendor/leaflet-{xstatic_leaflet.VERSION}"
BASEMAP_URL = "/basemap/countries.geojson"
BASEMAP_CELLS_URL = "/static/basemap/"  # data/basemap/cells/, mounted by app/web/main.py
BASEMAP_INDEX = PROJECT_DIR / "data" / "basemap" / "cells" / "index.json"
# With no site to fit, the page opens on the whole world.
DEFAULT_CENTER = (20.0, 0.0)
DEFAULT_ZOOM = 2
MIN_ZOOM = 2  # at 2 the whole world is 1,024 px wide: sites spread over every continent still fit
FIT_MAX_ZOOM = 7
# Above this many sites the markers are drawn on a canvas (static/js/sitelayer.js says why).
SVG_SITE_LIMIT = 2000


def static_url(path: str, version: str) -> str:
    # The version in the query lets browsers cache our scripts until the app changes.
    return f"/static/{path}?v={version}"


class AppMap(folium.Map):
    """folium.Map without the page-wide header it assumes it owns.

    folium's own header sets `user-scalable=no` and full-window html/body styles and
    its script calls jQuery for objects kept in front; our page owns its layout.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
            <style>#{{ this.get_name() }} { position: relative; width: 100%; height: 100%; }</style>
            <script>L_NO_TOUCH = false; L_DISABLE_3D = false;</script>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <div class="folium-map" id={{ this.get_name()|tojson }}></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
                center: {{ this.location|tojson }},
                crs: L.CRS.{{ this.crs }},
                ...{{ this.options|tojavascript }}
            });
            {%- if this.control_scale %}
            L.control.scale({imperial: false}).addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
    """)

    default_js = [("leaflet", f"{LEAFLET_URL}/leaflet.js")]
    default_css = [("leaflet_css", f"{LEAFLET_URL}/leaflet.css")]


@lru_cache(maxsize=1)
def basemap_levels() -> tuple[dict, ...]:
    """The detail levels of the offline basemap and which of their cells exist (built by
    data/basemap/build_basemap.py); the page's script asks only for cells that exist."""
    return tuple(json.loads(BASEMAP_INDEX.read_text(encoding="utf-8"))["levels"])


def basemap_options(version: str) -> dict:
    return {"base": BASEMAP_CELLS_URL, "version": version, "levels": list(basemap_levels())}


class OfflineBasemap(JSCSSMixin, Layer):
    """Natural Earth outlines at 1:110m, and from zoom 5 land, coasts and borders at 1:10m fetched
    by area as the view needs them (static/js/basemap.js); drawn in panes below the tiles."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = Basewatch.offlineBasemap({{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self, version: str):
        super().__init__(name="Coasts and borders (Natural Earth, offline)", overlay=True, control=True)
        self._name = "OfflineBasemap"
        # The asset version covers the basemap files too (app/web/main.py).
        self.options = basemap_options(version) | {"outlines": f"{BASEMAP_URL}?v={version}",
                                                   "attribution": "Outlines: Natural Earth"}
        self.default_js = [("basewatch_basemap", static_url("js/basemap.js", version))]
        self.default_css = [("basewatch_basemap_css", static_url("css/basemap.css", version))]


class PlaceLabels(JSCSSMixin, Layer):
    """Names of capitals, cities and towns, more of them as the reader zooms in, under the markers."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = Basewatch.placeLabels({{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self, version: str):
        super().__init__(name="Place names (GeoNames, offline)", overlay=True, control=True)
        self._name = "PlaceLabels"
        self.options = basemap_options(version) | {"places": f"{BASEMAP_CELLS_URL}places.json?v={version}",
                                                   "attribution": "Places: GeoNames (CC BY 4.0)"}
        self.default_js = [("basewatch_basemap", static_url("js/basemap.js", version))]
        self.default_css = [("basewatch_basemap_css", static_url("css/basemap.css", version))]


class SiteLayer(JSCSSMixin, Layer):
    """Every site as a circle marker coloured by its status on the slider's day (static/js/sitelayer.js)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = Basewatch.siteLayer({{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self, version: str, site_count: int, data_element: str = "bw-data",
                 states_element: str = "marker-states"):
        super().__init__(name="US sites", overlay=True, control=False)
        self._name = "SiteLayer"
        self.options = {"dataElement": data_element, "statesElement": states_element,
                        "renderer": "svg" if site_count <= SVG_SITE_LIMIT else "canvas"}
        self.default_js = [("basewatch_status", static_url("js/status.js", version)),
                           ("basewatch_sites", static_url("js/sitelayer.js", version))]


@dataclass(frozen=True)
class MapParts:
    header: Markup
    html: Markup
    script: Markup


def initial_view(state: ViewState, points: list[tuple[float, float]]) -> tuple[tuple[float, float], int, list | None]:
    """(center, zoom, bounds to fit or None): the URL's view where it gives one, else the sites'."""
    if state.z is not None or state.lat is not None or state.lon is not None:
        center = (state.lat if state.lat is not None else DEFAULT_CENTER[0],
                  state.lon if state.lon is not None else DEFAULT_CENTER[1])
        return center, state.z if state.z is not None else DEFAULT_ZOOM, None
    if not points:
        return DEFAULT_CENTER, DEFAULT_ZOOM, None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
    center = ((bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2)
    return center, DEFAULT_ZOOM, bounds


def build_map(state: ViewState, points: list[tuple[float, float]], settings: Settings, version: str,
              site_count: int) -> AppMap:
    center, zoom, bounds = initial_view(state, points)
    m = AppMap(location=list(center), zoom_start=zoom, tiles=None, control_scale=True, min_zoom=MIN_ZOOM,
               max_zoom=18, world_copy_jump=True)
    OfflineBasemap(version).add_to(m)
    if settings.tiles_url:
        folium.TileLayer(tiles=settings.tiles_url, attr=settings.tiles_attribution, name="Online map tiles",
                         overlay=True, control=True, max_zoom=18).add_to(m)
    PlaceLabels(version).add_to(m)
    SiteLayer(version, site_count).add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    if bounds:
        fit = FitBounds(bounds, padding=(30, 30), max_zoom=FIT_MAX_ZOOM)
        # Without animation the fitted view is final before the page's scripts start listening,
        # so only a move by the reader writes z/lat/lon into the URL.
        fit.options["animate"] = False
        fit.add_to(m)
    return m


def map_parts(m: folium.Map) -> MapParts:
    root = m.get_root()
    # folium's Figure adds <meta http-equiv="content-type">; our page declares <meta charset>, and
    # HTML allows only one of the two.
    root.header._children.pop("meta_http", None)
    root.render()
    return MapParts(Markup(root.header.render()), Markup(root.html.render()), Markup(root.script.render()))

