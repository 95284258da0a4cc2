/* The site list beside the map: one server-rendered row per site, kept in step with the slider.
 *
 * Rows on screen are written at once; rows that content-visibility currently skips (off screen)
 * are written in background chunks after the next frame, so a date change costs about the same
 * for 30 sites as for 10,000. While rows are pending, <html> carries data-rows-pending.
 */
(function (root) {
  "use strict";

  var Basewatch = root.Basewatch = root.Basewatch || {};
  var ROW_CHUNK = 2000;

  function SiteList(listElement, sites, describe) {
    var byId = {};
    Array.prototype.forEach.call(listElement.querySelectorAll(".site-row"), function (element) {
      byId[element.getAttribute("data-site-id")] = element;
    });
    this.rows = sites.map(function (site) { return byId[site.id] ? rowParts(byId[site.id]) : null; });
    this.describe = describe;               // i -> {status, incident, since}
    this.onScreen = this._initialOnScreen();
    this.dirty = new Uint8Array(sites.length);
    this.pending = 0;
    this.timer = null;
    // The browser reports changes only (scrolling, filtering), hence the first look above.
    listElement.addEventListener("contentvisibilityautostatechange", this._onVisibility.bind(this), true);
  }

  /* 1 for rows whose contents are rendered now; all of them where the browser cannot say. */
  SiteList.prototype._initialOnScreen = function () {
    var flags = new Uint8Array(this.rows.length).fill(1);
    var probe = document.body.checkVisibility ? function (row) {
      return row.badge.parentNode.checkVisibility({ contentVisibilityAuto: true }) ? 1 : 0;
    } : null;
    if (probe) this.rows.forEach(function (row, i) { if (row) flags[i] = probe(row); });
    return flags;
  };

  function rowParts(element) {
    return { element: element, badge: textNode(element.querySelector(".status-badge")),
             since: textNode(element.querySelector(".site-since")) };
  }

  /* The element's own text node, created if missing: writing its .data is cheaper than textContent. */
  function textNode(element) {
    if (!element.firstChild || element.firstChild.nodeType !== 3 || element.childNodes.length > 1) element.textContent = " ";
    return element.firstChild;
  }

  SiteList.prototype.update = function (i) {
    if (!this.rows[i]) return;
    if (this.onScreen[i]) { this._write(i); return; }
    if (!this.dirty[i]) { this.dirty[i] = 1; this.pending++; }
    this._schedule();
  };

  SiteList.prototype._write = function (i) {
    var row = this.rows[i], look = this.describe(i);
    if (this.dirty[i]) { this.dirty[i] = 0; this.pending--; }
    row.element.setAttribute("data-status", look.status);
    if (look.incident) row.element.setAttribute("data-incident", ""); else row.element.removeAttribute("data-incident");
    if (row.badge.data !== look.status) row.badge.data = look.status;
    if (row.since.data !== look.since) row.since.data = look.since;
  };

  /* After the next frame: the rows on screen are shown first, the others follow. */
  SiteList.prototype._schedule = function () {
    if (this.timer !== null) return;
    document.documentElement.setAttribute("data-rows-pending", "");
    var flush = this._flush.bind(this);
    this.timer = requestAnimationFrame(function () { setTimeout(flush, 0); });
  };

  SiteList.prototype._flush = function () {
    this.timer = null;
    for (var i = 0, written = 0; i < this.dirty.length && written < ROW_CHUNK; i++) {
      if (this.dirty[i]) { this._write(i); written++; }
    }
    if (this.pending > 0) this._schedule();
    else document.documentElement.removeAttribute("data-rows-pending");
  };

  SiteList.prototype._onVisibility = function (event) {
    var i = this.indexOf(event.target);
    if (i < 0) return;
    this.onScreen[i] = event.skipped ? 0 : 1;
    if (!event.skipped && this.dirty[i]) this._write(i);
  };

  SiteList.prototype.indexOf = function (element) {
    if (!this.positions) {
      this.positions = new Map();
      this.rows.forEach(function (row, i) { if (row) this.positions.set(row.element, i); }, this);
    }
    var i = this.positions.get(element);
    return i === undefined ? -1 : i;
  };

  Basewatch.SiteList = SiteList;
})(window);
