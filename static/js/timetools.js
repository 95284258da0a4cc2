/* Knowledge time and comparison on the map page (templates/_timetools.html).
 *
 * "As known on" changes which events the page holds (the server leaves out those from articles
 * published later), so a new knowledge day loads the page for it. "Compare with" needs no request:
 * each site's status on the compared day is worked out once from the events already on the page,
 * by the same rule (status.js), and the sites whose status differs from the slider's day are
 * ringed on the map and listed, kept in step as the slider moves.
 */
(function (root) {
  "use strict";

  var S = root.BasewatchStatus;
  var Basewatch = root.Basewatch;
  var L = root.L;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var LIST_LIMIT = 500;  // rows listed; the summary gives the full number

  function humanDay(day) {
    var date = new Date(day * 86400000);
    return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }

  function isDay(text) { return /^\d{4}-\d{2}-\d{2}$/.test(text); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Compare(app) {
    this.app = app;
    this.panel = document.getElementById("compare-panel");
    this.summary = document.getElementById("compare-summary");
    this.list = document.getElementById("compare-list");
    this.input = document.getElementById("compare-input");
    this.rings = L.layerGroup().addTo(app.map);
    this.renderer = L.svg({ padding: 0.3 });  // rings as SVG paths whatever the markers use: few, and readable in the DOM
    this.ringByIndex = {};
    this.before = null;  // status index per site on the compared day
    this.changed = [];
  }

  Compare.prototype.setDay = function (iso) {
    this.app.state.compare = iso || null;
    this.before = null;
    if (iso) {
      var day = S.dayNumber(iso), compiled = this.app.index.compiled;
      this.before = compiled.map(function (site) { var k = S.stepAt(site, day); return k < 0 ? S.UNREPORTED : site.statuses[k]; });
    }
    this.refresh();
    this.app._scheduleUrl();
  };

  Compare.prototype.refresh = function () {
    var app = this.app, changed = [];
    if (this.before) {
      for (var i = 0; i < app.sites.length; i++) {
        if (app.state.country && app.sites[i].country !== app.state.country) continue;
        if (this.before[i] !== app.index.status(i)) changed.push(i);
      }
    }
    this.changed = changed;
    this._ring(changed);
    this._list(changed);
  };

  Compare.prototype._ring = function (changed) {
    var wanted = {}, self = this;
    changed.forEach(function (i) { wanted[i] = true; });
    Object.keys(this.ringByIndex).forEach(function (key) {
      if (!wanted[key]) { self.rings.removeLayer(self.ringByIndex[key]); delete self.ringByIndex[key]; }
    });
    changed.forEach(function (i) {
      var site = self.app.sites[i], ring = self.ringByIndex[i];
      if (site.lat === null || site.lon === null) return;
      if (!ring) {
        ring = self.ringByIndex[i] = L.circleMarker([site.lat, site.lon], {
          renderer: self.renderer, radius: 12, className: "bw-changed", interactive: false
        });
        self.rings.addLayer(ring);
      }
      var path = ring.getElement();
      path.setAttribute("data-site-id", site.id);
      path.setAttribute("data-from", self.before[i]);
      path.setAttribute("data-to", self.app.index.status(i));
    });
  };

  Compare.prototype._list = function (changed) {
    var app = this.app, list = this.list;
    this.panel.hidden = !this.before;
    if (!this.before) return;
    this.summary.textContent = changed.length + (changed.length === 1 ? " site" : " sites") + " changed between " +
      humanDay(S.dayNumber(app.state.compare)) + " and " + humanDay(app.state.day);
    while (list.firstChild) list.removeChild(list.firstChild);
    changed.slice(0, LIST_LIMIT).forEach(function (i) {
      var site = app.sites[i], row = el("li", "compare-row"), link = el("a", null, site.name);
      row.setAttribute("data-site-id", site.id);
      row.setAttribute("data-from", this.before[i]);
      row.setAttribute("data-to", app.index.status(i));
      link.setAttribute("href", "/?" + app.query({ site: site.id }));
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        app.openSite(site.id, { from: "list" });
      });
      row.appendChild(link);
      row.appendChild(document.createTextNode(" "));
      row.appendChild(this._chip(this.before[i]));
      row.appendChild(document.createTextNode(" → "));
      row.appendChild(this._chip(app.index.status(i)));
      list.appendChild(row);
    }, this);
  };

  Compare.prototype._chip = function (status) {
    var chip = el("span", "status-chip", status);
    chip.setAttribute("data-status", status);
    return chip;
  };

  function bindKnown(app) {
    var input = document.getElementById("known-input"), clear = document.getElementById("known-clear");
    input.addEventListener("change", function () {
      var value = isDay(input.value) ? input.value : null;
      if (value === app.state.known) return;
      // Other events are known on another day: the server sends the page for it.
      root.location.assign("/?" + app.query({ known: value }));
    });
    if (clear) {
      clear.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        root.location.assign("/?" + app.query({ known: null }));
      });
    }
  }

  function start() {
    var app = Basewatch && Basewatch.app;
    if (!app || !document.getElementById("time-tools")) return;
    bindKnown(app);
    var compare = Basewatch.compare = new Compare(app);
    compare.input.addEventListener("change", function () {
      compare.setDay(isDay(compare.input.value) ? compare.input.value : null);
    });
    if (app.state.compare) compare.setDay(app.state.compare);
    app.onChange(function () { if (compare.before) compare.refresh(); });
    document.documentElement.setAttribute("data-time-tools-ready", "");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window);
