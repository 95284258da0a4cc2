/* Status bands (templates/_bands.html): one row per site shown, a coloured band for each status
 * from the day it was set, red ticks on attack days, and a line at the slider's day.
 *
 * Rows come from the events already on the page, compiled by status.js (the same steps the map
 * uses), so the bands cannot disagree with the markers. The rows are drawn on one canvas and only
 * those in view: a thousand sites cost the same as thirty, ten thousand a little more (sorting).
 * The slider moves only the day line (a transform); rows are redrawn when the set of rows changes
 * (filters, or a status filter as the day moves), on scroll and on resize.
 *
 * A click on a band moves the slider to the band's first day and opens the site.
 */
(function (root) {
  "use strict";

  var S = root.BasewatchStatus;
  var Basewatch = root.Basewatch;
  var ROW = 14;         // px per site
  var BAND = 9;         // px of band height inside a row
  var LABEL = 180;      // px for the site names
  var PAD = 8;          // px right of the plot
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function humanDay(day) {
    var date = new Date(day * 86400000);
    return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }

  function Bands(app) {
    this.app = app;
    this.section = document.getElementById("bands");
    this.scroll = document.getElementById("bands-scroll");
    this.canvas = document.getElementById("bands-canvas");
    this.spacer = document.getElementById("bands-spacer");
    this.line = document.getElementById("bands-day");
    this.count = document.getElementById("bands-count");
    this.sortSelect = document.getElementById("bands-sort");
    this.ctx = this.canvas.getContext("2d");
    this.colours = this._colours();
    this.first = app.firstDay;
    this.span = Math.max(1, app.lastDay - app.firstDay + 1);
    this.lastChange = app.index.compiled.map(function (site) { return site.days.length ? site.days[site.days.length - 1] : -Infinity; });
    this.rows = [];
    this.rowKey = "";
    this.lastDrawMs = 0;
    this.frame = null;
  }

  Bands.prototype._colours = function () {
    var css = getComputedStyle(document.documentElement), colour = function (name) { return css.getPropertyValue("--" + name).trim(); };
    return { present: colour("present"), planned: colour("planned"), withdrawing: colour("withdrawing"),
             withdrawn: colour("withdrawn"), disputed: colour("disputed") || "#8a1c7c", attack: colour("attack"),
             text: colour("ink") || "#1c2530", grid: "#eef1f4", selected: "#e8f0fb" };
  };

  /* The sites shown: the same filters as the map and the list, in the chosen order. */
  Bands.prototype.shownRows = function () {
    var app = this.app, rows = [];
    for (var i = 0; i < app.sites.length; i++) if (app._matches(i, app.index.status(i))) rows.push(i);
    if (app.state.sort === "changed") {
      var last = this.lastChange;
      rows.sort(function (a, b) { return last[b] - last[a] || a - b; });
    }
    return rows;
  };

  Bands.prototype.refreshRows = function (force) {
    var rows = this.shownRows(), key = rows.length + ":" + rows.slice(0, 50).join(",") + ":" + rows[rows.length - 1];
    if (!force && key === this.rowKey && rows.length === this.rows.length) return;
    this.rows = rows;
    this.rowKey = key;
    this.section.setAttribute("data-rows", String(rows.length));
    this.count.textContent = rows.length + (rows.length === 1 ? " site" : " sites");
    this._size();
    this.draw();
  };

  Bands.prototype._size = function () {
    var width = this.scroll.clientWidth, height = this.scroll.clientHeight, ratio = root.devicePixelRatio || 1;
    var canvasHeight = Math.min(height, this.rows.length * ROW);
    this.width = width;
    this.height = canvasHeight;
    this.canvas.style.height = canvasHeight + "px";
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(canvasHeight * ratio);
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.spacer.style.height = Math.max(0, this.rows.length * ROW - canvasHeight) + "px";
    this.plot = Math.max(10, width - LABEL - PAD);
  };

  Bands.prototype.x = function (day) { return LABEL + (day - this.first) / this.span * this.plot; };

  Bands.prototype.dayAt = function (x) {
    return Math.max(this.app.firstDay, Math.min(this.app.lastDay, Math.floor(this.first + (x - LABEL) / this.plot * this.span)));
  };

  /* Draw the rows in view; every row is laid out from the site's compiled steps. */
  Bands.prototype.draw = function () {
    var started = root.performance.now();
    var ctx = this.ctx, top = this.scroll.scrollTop, firstRow = Math.floor(top / ROW);
    var lastRow = Math.min(this.rows.length, Math.ceil((top + this.height) / ROW));
    var offset = -(top % ROW), selected = this.app.state.site;
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    for (var r = firstRow; r < lastRow; r++) {
      var i = this.rows[r], y = offset + (r - firstRow) * ROW, site = this.app.sites[i];
      if (site.id === selected) { ctx.fillStyle = this.colours.selected; ctx.fillRect(0, y, this.width, ROW); }
      else if (r % 2) { ctx.fillStyle = this.colours.grid; ctx.fillRect(0, y, this.width, ROW); }
      ctx.fillStyle = this.colours.text;
      ctx.fillText(this._label(site), 6, y + ROW / 2, LABEL - 12);
      this._drawRow(this.app.index.compiled[i], y + (ROW - BAND) / 2);
    }
    this.drawn = lastRow - firstRow;
    this.section.setAttribute("data-drawn", String(this.drawn));
    this.placeLine();
    this.lastDrawMs = root.performance.now() - started;
  };

  Bands.prototype._label = function (site) { return (site.country ? site.country + " · " : "") + site.name; };

  Bands.prototype._drawRow = function (compiled, y) {
    var ctx = this.ctx, days = compiled.days, end = this.app.lastDay + 1;
    for (var k = 0; k < days.length; k++) {
      var from = this.x(days[k]), to = this.x(k + 1 < days.length ? days[k + 1] : end);
      ctx.fillStyle = this.colours[compiled.statuses[k]] || this.colours.present;
      ctx.fillRect(from, y, Math.max(1, to - from), BAND);
    }
    ctx.fillStyle = this.colours.attack;
    var starts = compiled.incidentStarts;
    for (var a = 0; a < starts.length; a++) ctx.fillRect(Math.round(this.x(starts[a])) - 1, y - 2, 2, BAND + 4);
  };

  Bands.prototype.placeLine = function () {
    var day = this.app.state.day;
    this.line.style.transform = "translateX(" + this.x(day).toFixed(1) + "px)";
    this.line.setAttribute("data-day", S.isoDay(day));
  };

  /* {site index, band start day or null, day} under a point of the canvas, or null. */
  Bands.prototype.hit = function (x, y) {
    var r = Math.floor((y + this.scroll.scrollTop) / ROW);
    if (r < 0 || r >= this.rows.length) return null;
    var i = this.rows[r], day = this.dayAt(x), compiled = this.app.index.compiled[i], k = S.stepAt(compiled, day);
    return { index: i, day: day, start: x >= LABEL && k >= 0 ? compiled.days[k] : null, status: k >= 0 ? compiled.statuses[k] : S.UNREPORTED };
  };

  /* Where the band of site `id` covering `iso` is on the page (for tests and for scrolling to it). */
  Bands.prototype.pointOf = function (id, iso) {
    var r = this.rows.indexOf(this.app.indexById[id]);
    if (r < 0) return null;
    this.scroll.scrollTop = Math.max(0, r * ROW - this.height / 2);
    var box = this.canvas.getBoundingClientRect();
    return { x: box.left + this.x(S.dayNumber(iso)) + 1, y: box.top + r * ROW - this.scroll.scrollTop + ROW / 2 };
  };

  Bands.prototype.bind = function () {
    var self = this, app = this.app;
    this.canvas.addEventListener("click", function (event) {
      var box = self.canvas.getBoundingClientRect(), hit = self.hit(event.clientX - box.left, event.clientY - box.top);
      if (!hit) return;
      app.stop();
      if (hit.start !== null) app.setDay(hit.start);
      app.openSite(app.sites[hit.index].id, { from: "list" });
      self.draw();
    });
    this.canvas.addEventListener("mousemove", function (event) {
      var box = self.canvas.getBoundingClientRect(), hit = self.hit(event.clientX - box.left, event.clientY - box.top);
      self.canvas.title = hit ? app.sites[hit.index].name + ": " + hit.status +
        (hit.start !== null ? " from " + humanDay(hit.start) : "") : "";
    });
    this.scroll.addEventListener("scroll", function () { self._schedule(); }, { passive: true });
    root.addEventListener("resize", function () { self._size(); self._schedule(); });
    this.sortSelect.addEventListener("change", function () {
      app.state.sort = self.sortSelect.value === "changed" ? "changed" : null;
      app._scheduleUrl();
      self.refreshRows(true);
    });
    app.onChange(function (what) {
      // The day moves only the line, unless the rows shown depend on the day (a status filter).
      if (what === "day" && !app.state.status) self.placeLine();
      else self.refreshRows(false);
    });
  };

  Bands.prototype._schedule = function () {
    if (this.frame !== null) return;
    var self = this;
    this.frame = root.requestAnimationFrame(function () { self.frame = null; self.draw(); });
  };

  function start() {
    var app = Basewatch && Basewatch.app;
    if (!app || !document.getElementById("bands")) return;
    var bands = Basewatch.bands = new Bands(app);
    bands.bind();
    bands.refreshRows(true);
    document.documentElement.setAttribute("data-bands-ready", "");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window);
