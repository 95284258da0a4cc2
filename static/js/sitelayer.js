/* The site markers: one circle marker per located site, created once, never re-created.
 *
 * Two renderers, chosen by the server from the number of sites (app/web/mapbuilder.py):
 *
 *  svg     (up to a few thousand sites) each marker is a <path class="bw-marker"> carrying
 *          data-site-id, data-status, data-country, data-incident, data-disputed and data-selected;
 *          static/css/app.css colours it from those attributes, so a status change is one
 *          setAttribute on the changed markers only.
 *  canvas  (more sites) the markers are drawn on one canvas: restyling ten thousand SVG
 *          paths costs more than a frame, redrawing a canvas does not. The same attributes
 *          are kept on one hidden <span class="marker-state"> per marker on the map, inside
 *          #marker-states, so the state is still read from the DOM (contracts.md); hidden
 *          elements cost no style or layout work. Colours come from the CSS custom properties.
 *
 * Filtered-out markers leave the map (and the DOM); one put back is written again in full.
 */
(function (root) {
  "use strict";

  var L = root.L;
  var Basewatch = root.Basewatch = root.Basewatch || {};
  var parsed = {};

  Basewatch.pageData = function (elementId) {
    if (!parsed[elementId]) parsed[elementId] = JSON.parse(document.getElementById(elementId).textContent);
    return parsed[elementId];
  };

  /* Leaflet's canvas renderer, drawing each circle marker as a copy of a pre-drawn sprite.
   * Filling and stroking ten thousand arcs is what made a redraw slow (it is rasterised when the
   * frame is committed); copying a small bitmap per marker is several times cheaper. Hit testing,
   * events, ordering and redraw regions stay Leaflet's. */
  var SpriteCanvas = L.Canvas.extend({
    initialize: function (options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._sprites = {};
    },

    _updateCircle: function (layer) {
      if (!this._drawing || layer._empty()) return;
      var sprite = this._sprite(layer.options, Math.max(Math.round(layer._radius), 1));
      // Whole pixels, and no scaling where the screen has one pixel per CSS pixel: the cheapest copy.
      var x = Math.round(layer._point.x) - sprite.half, y = Math.round(layer._point.y) - sprite.half;
      if (sprite.ratio === 1) this._ctx.drawImage(sprite.canvas, x, y);
      else this._ctx.drawImage(sprite.canvas, x, y, sprite.size, sprite.size);
    },

    _sprite: function (o, radius) {
      var key = [radius, o.fillColor, o.fillOpacity, o.color, o.opacity, o.weight].join("|");
      var sprite = this._sprites[key];
      if (sprite) return sprite;
      var ratio = root.devicePixelRatio || 1, half = radius + Math.ceil(o.weight / 2) + 1, size = 2 * half;
      var canvas = document.createElement("canvas");
      canvas.width = canvas.height = Math.ceil(size * ratio);
      var ctx = canvas.getContext("2d");
      ctx.scale(ratio, ratio);
      ctx.beginPath();
      ctx.arc(half, half, radius, 0, Math.PI * 2, false);
      ctx.globalAlpha = o.fillOpacity;
      ctx.fillStyle = o.fillColor;
      ctx.fill();
      ctx.globalAlpha = o.opacity;
      ctx.lineWidth = o.weight;
      ctx.strokeStyle = o.color;
      ctx.stroke();
      sprite = this._sprites[key] = { canvas: canvas, half: half, size: size, ratio: ratio };
      return sprite;
    }
  });

  function located(site) {
    return site.lat !== null && site.lon !== null && site.lat !== undefined && site.lon !== undefined;
  }

  /* Canvas styles per look, from the same custom properties the SVG markers use. */
  function canvasPalette() {
    var css = getComputedStyle(document.documentElement);
    var colour = function (name) { return css.getPropertyValue("--" + name).trim(); };
    return {
      status: function (status) {
        if (status === "unreported") return { fillColor: "#ffffff", fillOpacity: 0.85, color: colour("unreported"), opacity: 1, weight: 2 };
        return { fillColor: colour(status), fillOpacity: 1, color: "#ffffff", opacity: 1, weight: 1.5 };
      },
      incident: { color: colour("attack"), opacity: 1, weight: 4 },
      disputed: { color: colour("disputed"), opacity: 1, weight: 3 },
      selected: { color: "#0d1620", opacity: 1, weight: 3.5 }
    };
  }

  var SiteLayer = L.FeatureGroup.extend({
    initialize: function (sites, options) {
      L.FeatureGroup.prototype.initialize.call(this, [], options);
      this.sites = sites;
      this.canvas = options && options.renderer === "canvas";
      this.renderer = this.canvas ? new SpriteCanvas({ padding: 0.1, tolerance: 3 }) : L.svg({ padding: 0.3 });
      this.palette = this.canvas ? canvasPalette() : null;
      this.states = this.canvas ? document.getElementById(options.statesElement) : null;
      this.stateElements = [];
      this.markers = sites.map(this._createMarker, this);
      this.looks = sites.map(function () { return { status: "unreported", incident: false, disputed: false, selected: false }; });
      this.tooltip = L.tooltip({ direction: "top", offset: [0, -8], className: "site-tooltip" });
      this.describe = function (i) { return sites[i].name; };
      this.on("click", this._onClick, this);
      this.on("mouseover", this._onOver, this);
      this.on("mouseout", this._onOut, this);
    },

    _createMarker: function (site, i) {
      if (!located(site)) return null;
      var marker = L.circleMarker([site.lat, site.lon], {
        renderer: this.renderer, radius: 7, weight: 2, fillOpacity: 1, className: "bw-marker", bubblingMouseEvents: true
      });
      marker.siteIndex = i;
      return marker;
    },

    /* Put marker i on or off the map. */
    setVisible: function (i, visible) {
      var marker = this.markers[i];
      if (!marker || visible === this.hasLayer(marker)) return;
      if (visible) {
        this.addLayer(marker);
        if (this.canvas) this.states.appendChild(this._stateElement(i));
        this._write(i, true);
      } else {
        this.removeLayer(marker);
        if (this.canvas) this.states.removeChild(this._stateElement(i));
      }
    },

    /* Record how marker i looks; writes to its element only what changed. */
    paint: function (i, status, incident, disputed) {
      var look = this.looks[i];
      disputed = !!disputed;
      var changed = look.status !== status || look.incident !== incident || look.disputed !== disputed;
      look.status = status;
      look.incident = incident;
      look.disputed = disputed;
      if (changed) this._write(i, false);
    },

    select: function (i) {
      for (var k = 0; k < this.looks.length; k++) {
        if (this.looks[k].selected !== (k === i)) {
          this.looks[k].selected = k === i;
          this._write(k, true);
        }
      }
      var marker = i === null ? null : this.markers[i];
      if (marker && this.hasLayer(marker)) marker.bringToFront();
    },

    /* The element that carries marker i's state: its SVG path, or its hidden mirror. */
    element: function (i) {
      var marker = this.markers[i];
      if (!marker || !this.hasLayer(marker)) return null;
      return this.canvas ? this._stateElement(i) : marker.getElement();
    },

    _stateElement: function (i) {
      if (!this.stateElements[i]) {
        var span = document.createElement("span");
        span.className = "marker-state";
        this.stateElements[i] = span;
      }
      return this.stateElements[i];
    },

    _write: function (i, all) {
      var element = this.element(i);
      if (!element) return;
      var look = this.looks[i];
      if (all) {
        element.setAttribute("data-site-id", this.sites[i].id);
        element.setAttribute("data-country", this.sites[i].country || "");
        if (look.selected) element.setAttribute("data-selected", ""); else element.removeAttribute("data-selected");
      }
      element.setAttribute("data-status", look.status);
      if (look.incident) element.setAttribute("data-incident", ""); else element.removeAttribute("data-incident");
      if (look.disputed) element.setAttribute("data-disputed", ""); else element.removeAttribute("data-disputed");
      if (this.canvas) this.markers[i].setStyle(this._canvasStyle(look));
    },

    /* One shared style object per look: ten thousand restyles allocate nothing. */
    _canvasStyle: function (look) {
      var key = look.status + (look.incident ? "+incident" : "") + (look.disputed ? "+disputed" : "") + (look.selected ? "+selected" : "");
      var styles = this._styles || (this._styles = {});
      if (!styles[key]) {
        styles[key] = L.extend({}, this.palette.status(look.status), look.disputed ? this.palette.disputed : {},
          look.incident ? this.palette.incident : {}, look.selected ? this.palette.selected : {});
      }
      return styles[key];
    },

    _onClick: function (event) {
      this.fire("siteclick", { index: event.layer.siteIndex });
    },

    _onOver: function (event) {
      var label = document.createElement("span");
      label.textContent = this.describe(event.layer.siteIndex); // text, never markup: names come from articles
      this.tooltip.setLatLng(event.layer.getLatLng()).setContent(label);
      this._map.openTooltip(this.tooltip);
    },

    _onOut: function () {
      this._map.closeTooltip(this.tooltip);
    },

    onAdd: function (map) {
      L.FeatureGroup.prototype.onAdd.call(this, map);
      Basewatch.map = map;
    }
  });

  /* Called from the folium element's script (app/web/mapbuilder.py: SiteLayer). */
  Basewatch.siteLayer = function (options) {
    var data = Basewatch.pageData(options.dataElement);
    Basewatch.layer = new SiteLayer(data.sites, options);
    return Basewatch.layer;
  };
  Basewatch.SiteLayer = SiteLayer;
})(window);
