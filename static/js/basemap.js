/* The offline basemap: Natural Earth outlines and GeoNames place names, all served by the app.
 *
 * Two map layers (app/web/mapbuilder.py adds them and lists them in the layer control):
 *
 *  OfflineBasemap  below zoom 5, every country at 1:110m (one file, part of the first load);
 *                  from zoom 5 on, land, coastlines and borders at 1:10m from the cells of
 *                  data/basemap/cells/<level>/ that overlap the view, fetched when first
 *                  needed (immutable URLs, so a browser keeps them). The 1:110m outlines are
 *                  fetched the first time a view needs them, and leave only once the detail
 *                  for the view has arrived, so a map zoomed in from them is never blank.
 *  PlaceLabels     capitals from the first load, larger cities from zoom 5, towns from 7 or 8
 *                  (each place carries the first zoom it may show at, data/basemap/build_basemap.py).
 *                  Labels sit in a pane under the markers and take no pointer events, so they
 *                  never cover a marker or catch its click, and a name is written on the side
 *                  of its place where it does not run under a marker; where two would overlap,
 *                  the higher-ranked (capital, then larger) place keeps its label.
 *
 * A cell file holds coordinates in thousandths of a degree, each line or ring as its first
 * point then differences: [lon, lat, dlon, dlat, ...].
 */
(function (root) {
  "use strict";

  var L = root.L;
  var Basewatch = root.Basewatch = root.Basewatch || {};
  var SCALE = 1000;
  var LABEL_LIMIT = 250;       // labels on screen at once, at most
  var LABEL_FONT_PX = 11;
  var CHAR_WIDTH_PX = 6.2;     // average width of a label character at that size
  var MARKER_CLEARANCE_PX = 8; // a site marker's radius and ring, and a little air
  var NEAR_MARKER_PX = 24;     // a place this close to a site marker is labelled before others
  var GRID_PX = 64;
  var LAND = { stroke: false, fillColor: "#f4f1ea", fillOpacity: 1, interactive: false };
  var COAST = { color: "#7d8b99", weight: 0.9, fill: false, interactive: false };
  var BORDER = { color: "#9c8aa5", weight: 1.1, dashArray: "4 3", fill: false, interactive: false };

  function decode(code) {
    var lon = code[0], lat = code[1], points = [[lat / SCALE, lon / SCALE]];
    for (var i = 2; i < code.length; i += 2) {
      lon += code[i];
      lat += code[i + 1];
      points.push([lat / SCALE, lon / SCALE]);
    }
    return points;
  }

  function getJSON(url) {
    return root.fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  /* ---- the cells: fetched once each, shared by both layers ---- */

  function Cells(options) {
    this.base = options.base;
    this.version = options.version;
    this.levels = options.levels;  // [{name, size, minZoom, present: "0101..."}] by rising minZoom
    this.loaded = {};              // "level/col_row" -> promise of the cell's data
  }

  Cells.prototype.level = function (zoom) {
    var found = null;
    for (var i = 0; i < this.levels.length; i++) if (zoom >= this.levels[i].minZoom) found = this.levels[i];
    return found;
  };

  /* The keys of the level's cells that overlap bounds and hold anything (open sea has no file). */
  Cells.prototype.inView = function (level, bounds) {
    var size = level.size, rows = 180 / size, columns = 360 / size, keys = [];
    var south = Math.max(-90, bounds.getSouth()), north = Math.min(90, bounds.getNorth());
    var firstRow = Math.max(0, Math.floor((south + 90) / size));
    var lastRow = Math.min(rows - 1, Math.floor((north + 90) / size));
    var firstColumn = Math.floor((bounds.getWest() + 180) / size);
    var lastColumn = Math.floor((bounds.getEast() + 180) / size);
    if (lastColumn - firstColumn >= columns) lastColumn = firstColumn + columns - 1;
    for (var c = firstColumn; c <= lastColumn; c++) {
      var col = ((c % columns) + columns) % columns;  // the world repeats east and west
      for (var row = firstRow; row <= lastRow; row++) {
        if (level.present.charAt(col * rows + row) === "1") keys.push(level.name + "/" + col + "_" + row);
      }
    }
    return keys;
  };

  Cells.prototype.get = function (key) {
    if (!this.loaded[key]) {
      var self = this;
      this.loaded[key] = getJSON(this.base + key + ".json?v=" + this.version).catch(function (error) {
        delete self.loaded[key];  // try again on the next move
        throw error;
      });
    }
    return this.loaded[key];
  };

  var sharedCells = {};
  function cellsFor(options) {
    var id = options.base + "?v=" + options.version;
    if (!sharedCells[id]) sharedCells[id] = new Cells(options);
    return sharedCells[id];
  }

  /* ---- outlines and detail ---- */

  var OfflineBasemap = L.Layer.extend({
    initialize: function (options) {
      this.options = options;
      this.cells = cellsFor(options);
      this._drawn = {};  // cell key -> L.LayerGroup
      this._shown = {};  // cell key -> true while on the map
      this._request = 0;
    },

    getAttribution: function () { return this.options.attribution; },

    onAdd: function (map) {
      this._map = map;
      pane(map, "basemap", 150);
      pane(map, "basemap-lines", 160);
      map.getContainer().classList.add("bw-offline-map");
      if (!this._outlines) this._outlines = this._makeOutlines();
      this._outlinesShown = false;
      map.on("moveend", this._update, this);
      this._update();
    },

    onRemove: function (map) {
      map.off("moveend", this._update, this);
      map.getContainer().classList.remove("bw-offline-map");
      this._showOutlines(false);
      for (var key in this._shown) map.removeLayer(this._drawn[key]);
      this._shown = {};
      this._request++;
    },

    _makeOutlines: function () {
      return L.geoJSON(null, {
        pane: "basemap", interactive: false,
        style: { color: "#8a96a3", weight: 0.8, fillColor: LAND.fillColor, fillOpacity: 1 }
      });
    },

    _update: function () {
      var map = this._map, request = ++this._request, self = this;
      var level = this.cells.level(map.getZoom());
      if (!level) {
        this._show([]);
        this._showOutlines(true);
        return;
      }
      var keys = this.cells.inView(level, map.getBounds().pad(0.2));
      Promise.all(keys.map(function (key) { return self.cells.get(key); })).then(function (cells) {
        if (request !== self._request || !self._map) return;  // the view moved on meanwhile
        for (var i = 0; i < keys.length; i++) if (!self._drawn[keys[i]]) self._drawn[keys[i]] = draw(cells[i]);
        self._show(keys);
        self._showOutlines(false);
        map.fire("basemap:detail", { level: level.name, cells: keys });
      }, function () { /* a cell failed: keep what is drawn; the next move tries again */ });
    },

    _show: function (keys) {
      var wanted = {}, map = this._map;
      keys.forEach(function (key) { wanted[key] = true; });
      for (var key in this._shown) if (!wanted[key]) map.removeLayer(this._drawn[key]);
      for (key in wanted) if (!this._shown[key]) map.addLayer(this._drawn[key]);
      this._shown = wanted;
      map.getContainer().setAttribute("data-basemap-cells", keys.join(" "));
    },

    _showOutlines: function (show) {
      if (show === this._outlinesShown) return;
      if (show && !this._outlinesRequested) {
        // Fetched the first time they are shown: a page opened zoomed in never needs them.
        var outlines = this._outlines;
        this._outlinesRequested = true;
        getJSON(this.options.outlines).then(function (data) { outlines.addData(data); }, function () {
          this._outlinesRequested = false;
        }.bind(this));
      }
      if (show) this._map.addLayer(this._outlines); else this._map.removeLayer(this._outlines);
      this._outlinesShown = show;
    }
  });

  function pane(map, name, zIndex) {
    if (!map.getPane(name)) map.createPane(name).style.zIndex = zIndex;
    return map.getPane(name);
  }

  function draw(cell) {
    var group = L.layerGroup();
    if (cell.land.length) group.addLayer(L.polygon(cell.land.map(decode), L.extend({ pane: "basemap" }, LAND)));
    if (cell.coast.length) group.addLayer(L.polyline(cell.coast.map(decode), L.extend({ pane: "basemap-lines" }, COAST)));
    if (cell.borders.length) {
      group.addLayer(L.polyline(cell.borders.map(decode), L.extend({ pane: "basemap-lines" }, BORDER)));
    }
    return group;
  }

  /* ---- place names ---- */

  var PlaceLabels = L.Layer.extend({
    initialize: function (options) {
      this.options = options;
      this.cells = cellsFor(options);
      this._first = [];       // places of the first load
      this._fromCells = {};   // cell key -> its places
      this._markers = {};     // place rank and side -> L.marker on the map
    },

    getAttribution: function () { return this.options.attribution; },

    onAdd: function (map) {
      var self = this;
      this._map = map;
      pane(map, "basemap-labels", 390).style.pointerEvents = "none";  // under the markers (400)
      if (!this._firstLoad) {
        this._firstLoad = getJSON(this.options.places).then(function (places) { self._first = places; });
      }
      this._firstLoad.then(function () { if (self._map) self._update(); });
      map.on("moveend", this._update, this);
    },

    onRemove: function (map) {
      map.off("moveend", this._update, this);
      for (var rank in this._markers) map.removeLayer(this._markers[rank]);
      this._markers = {};
      this._map = null;
    },

    _update: function () {
      var map = this._map, self = this;
      if (!map) return;
      var zoom = map.getZoom(), level = this.cells.level(zoom);
      var keys = level ? this.cells.inView(level, map.getBounds().pad(0.2)) : [];
      var missing = keys.filter(function (key) { return !self._fromCells[key]; });
      this._place(keys);
      if (missing.length) {
        Promise.all(missing.map(function (key) {
          return self.cells.get(key).then(function (cell) { self._fromCells[key] = cell.places; });
        })).then(function () { self._update(); }, function () { /* retried on the next move */ });
      }
    },

    /* Greedy placement by rank: a label goes right of its place, else left of it, where it overlaps
     * no label placed before it; otherwise it waits for a closer zoom. */
    _place: function (keys) {
      var map = this._map, zoom = map.getZoom(), bounds = map.getBounds();
      var candidates = this._first.slice();
      for (var i = 0; i < keys.length; i++) if (this._fromCells[keys[i]]) candidates = candidates.concat(this._fromCells[keys[i]]);
      var markers = markerBoxes(map, bounds), taken = [], wanted = {}, seen = {};
      // By the zoom a place first shows at (capitals, cities, large towns, towns); within the
      // towns of one zoom, those right beside a site marker first (what a reader zoomed in on a
      // site wants to read); then by rank.
      var first = function (place) {
        if (place[3] <= 6) return place[3] <= 3 ? 0 : 1;
        var at = map.latLngToContainerPoint([place[1], place[2]]);
        var around = [at.x - NEAR_MARKER_PX, at.y - NEAR_MARKER_PX, at.x + NEAR_MARKER_PX, at.y + NEAR_MARKER_PX];
        return 2 * place[3] + (markers.some(around, function (marker) { return near(marker, at); }) ? 0 : 1);
      };
      candidates = candidates.filter(function (place) { return place[3] <= zoom && bounds.contains([place[1], place[2]]); })
        .map(function (place) { return [first(place), place]; })
        .sort(function (a, b) { return a[0] - b[0] || a[1][4] - b[1][4]; })
        .map(function (pair) { return pair[1]; });
      for (i = 0; i < candidates.length && taken.length < LABEL_LIMIT; i++) {
        var place = candidates[i];
        if (seen[place[4]]) continue;
        seen[place[4]] = true;  // the fine cells repeat the mid ones' cities
        var at = map.latLngToContainerPoint([place[1], place[2]]);
        var width = place[0].length * CHAR_WIDTH_PX + 8;
        // [side, box of dot and name, box of the name alone]: a name may not run under a site
        // marker, except the one over its own dot (the town is where the site is: its name
        // starts at the marker's edge and is what tells the reader where the marker stands).
        var sides = [["right", [at.x - 6, at.y - 10, at.x + 6 + width, at.y + 10], [at.x + 6, at.y - 8, at.x + 4 + width, at.y + 8]],
                     ["left", [at.x - 6 - width, at.y - 10, at.x + 6, at.y + 10], [at.x - 4 - width, at.y - 8, at.x - 6, at.y + 8]]];
        for (var s = 0; s < sides.length; s++) {
          var box = sides[s][1], name = sides[s][2];
          if (taken.some(function (other) { return intersects(box, other); }) ||
              markers.some(name, function (marker) { return intersects(name, marker) && !covers(marker, at); })) continue;
          taken.push(box);
          wanted[place[4] + sides[s][0]] = { place: place, side: sides[s][0] };
          break;
        }
      }
      for (var key in this._markers) {
        if (!wanted[key]) { map.removeLayer(this._markers[key]); delete this._markers[key]; }
      }
      for (key in wanted) if (!this._markers[key]) this._markers[key] = label(wanted[key].place, wanted[key].side).addTo(map);
    }
  });

  /* Boxes around the site markers in view (static/js/sitelayer.js), which names keep clear of, in a
   * grid of GRID_PX squares: with thousands of markers, each label looks only at those near it. */
  function markerBoxes(map, bounds) {
    var layer = Basewatch.layer, grid = {};
    if (layer && layer.markers && map.hasLayer(layer)) {
      layer.markers.forEach(function (marker) {
        if (!marker || !layer.hasLayer(marker) || !bounds.contains(marker.getLatLng())) return;
        var at = map.latLngToContainerPoint(marker.getLatLng()), r = MARKER_CLEARANCE_PX;
        var box = [at.x - r, at.y - r, at.x + r, at.y + r];
        eachSquare(box, function (key) { (grid[key] = grid[key] || []).push(box); });
      });
    }
    return {
      /* Whether test holds for a marker box in the squares that area overlaps. */
      some: function (area, test) {
        var found = false;
        eachSquare(area, function (key) { if (!found && grid[key]) found = grid[key].some(test); });
        return found;
      }
    };
  }

  function eachSquare(box, visit) {
    for (var x = Math.floor(box[0] / GRID_PX); x <= Math.floor(box[2] / GRID_PX); x++) {
      for (var y = Math.floor(box[1] / GRID_PX); y <= Math.floor(box[3] / GRID_PX); y++) visit(x + "," + y);
    }
  }

  function near(box, point) {
    var x = (box[0] + box[2]) / 2, y = (box[1] + box[3]) / 2;
    return Math.abs(point.x - x) <= NEAR_MARKER_PX && Math.abs(point.y - y) <= NEAR_MARKER_PX;
  }

  function covers(box, point) {
    return box[0] <= point.x && point.x <= box[2] && box[1] <= point.y && point.y <= box[3];
  }

  function intersects(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  function label(place, side) {
    var text = document.createElement("span");
    text.className = "bw-place-name";
    text.textContent = place[0];  // a name from the data file: text, never markup
    var holder = document.createElement("div");
    holder.appendChild(document.createElement("i"));
    holder.appendChild(text);
    var kind = place[3] <= 3 ? "capital" : place[3] <= 6 ? "city" : "town";
    var icon = L.divIcon({ className: "bw-place bw-place-" + kind + " bw-place-" + side, html: holder.innerHTML, iconSize: null,
                           iconAnchor: [3, LABEL_FONT_PX / 2 + 2] });
    return L.marker([place[1], place[2]], { icon: icon, pane: "basemap-labels", interactive: false,
                                           keyboard: false, title: "" });
  }

  /* Called from the folium elements' scripts (app/web/mapbuilder.py). */
  Basewatch.offlineBasemap = function (options) { return new OfflineBasemap(options); };
  Basewatch.placeLabels = function (options) { return new PlaceLabels(options); };
})(window);
