/* The site list beside the map, kept in step with the slider. Two kinds, one interface
 * (update, setVisible, select, reveal):
 *
 * SiteList         one server-rendered row per site. Rows on screen are written at once; rows
 *                  that content-visibility currently skips (off screen) are written in background
 *                  chunks after the next frame, so a date change costs about the same for 30 sites
 *                  as for thousands. While rows are pending, <html> carries data-rows-pending.
 * VirtualSiteList  above a few thousand sites (app/web/view.py VIRTUAL_LIST_FROM) the server sends
 *                  no rows: only the rows in view exist, rendered here from the page data and
 *                  re-rendered on scroll. Even rows that are skipped by layout cost style work on
 *                  every change; ten thousand of them were most of a slider step's time.
 */
(function (root) {
  "use strict";

  var Basewatch = root.Basewatch = root.Basewatch || {};
  var ROW_CHUNK = 2000;

  function SiteList(listElement, sites, describe) {  // (a fourth argument, options, is VirtualSiteList's)
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
    if (look.disputed) row.element.setAttribute("data-disputed", ""); else row.element.removeAttribute("data-disputed");
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

  SiteList.prototype.setVisible = function (i, visible) {
    var row = this.rows[i];
    if (row && row.element.hidden === visible) row.element.hidden = !visible;
  };

  SiteList.prototype.select = function (selected) {
    this.rows.forEach(function (row, i) {
      if (!row) return;
      if (i === selected) row.element.setAttribute("aria-current", "true");
      else row.element.removeAttribute("aria-current");
    });
  };

  SiteList.prototype.reveal = function (i) {
    var row = this.rows[i];
    if (row) row.element.scrollIntoView({ block: "nearest" });
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

  /* ---- the virtual list ---- */

  var OVERSCAN = 8;  // rows rendered beyond each edge of the view

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* options: link(i) -> href of site i's row; countryName(code) -> its name. */
  function VirtualSiteList(listElement, sites, describe, options) {
    this.element = listElement;
    this.sites = sites;
    this.describe = describe;
    this.options = options;
    this.rows = [];                              // site index -> rendered row parts, or undefined
    this.visible = new Uint8Array(sites.length).fill(1);
    this.order = null;                           // indices of visible sites, rebuilt when stale
    this.pool = [];                              // row elements, in DOM order
    this.shown = [];                             // site index each pooled row shows
    this.selected = null;
    this.first = 0;
    this.rowHeight = 0;
    this.frame = null;
    // Spacers stand for the rows above and below the view (padding would not let the list shrink).
    this.above = this._spacer();
    this.below = this._spacer();
    var schedule = this._schedule.bind(this);
    listElement.addEventListener("scroll", schedule, { passive: true });
    root.addEventListener("scroll", schedule, { passive: true });  // narrow screens: the page scrolls
    root.addEventListener("resize", schedule);
    this.render();
  }

  VirtualSiteList.prototype._spacer = function () {
    var spacer = el("li", "virtual-spacer");
    spacer.setAttribute("aria-hidden", "true");
    spacer.setAttribute("role", "presentation");
    spacer.style.height = "0px";
    this.element.appendChild(spacer);
    return spacer;
  };

  VirtualSiteList.prototype.update = function (i) {
    if (this.rows[i]) this._fill(this.rows[i], i);
  };

  VirtualSiteList.prototype.setVisible = function (i, visible) {
    if (this.visible[i] === (visible ? 1 : 0)) return;
    this.visible[i] = visible ? 1 : 0;
    this.order = null;
    this._schedule();
  };

  VirtualSiteList.prototype.select = function (i) {
    var before = this.selected;
    this.selected = i;
    if (before !== null && this.rows[before]) this.rows[before].element.removeAttribute("aria-current");
    if (i !== null && this.rows[i]) this.rows[i].element.setAttribute("aria-current", "true");
  };

  /* Scroll so that site i's row is in view (if it passes the filters). */
  VirtualSiteList.prototype.reveal = function (i) {
    var at = this._order().indexOf(i);
    if (at < 0) return;
    this.render();
    var height = this.rowHeight, top = this.element.scrollTop, view = this.element.clientHeight;
    if (at * height < top) this.element.scrollTop = at * height;
    else if ((at + 1) * height > top + view) this.element.scrollTop = (at + 1) * height - view;
    this.render();
    if (this.rows[i]) this.rows[i].element.scrollIntoView({ block: "nearest" });  // the page, on narrow screens
  };

  VirtualSiteList.prototype._order = function () {
    if (!this.order) {
      var order = [];
      for (var i = 0; i < this.visible.length; i++) if (this.visible[i]) order.push(i);
      this.order = order;
    }
    return this.order;
  };

  VirtualSiteList.prototype._schedule = function () {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(function () { this.frame = null; this.render(); }.bind(this));
  };

  /* Rows for the part of the list that is on screen, plus OVERSCAN either side. */
  VirtualSiteList.prototype.render = function () {
    var order = this._order(), list = this.element;
    if (!this.rowHeight) this.rowHeight = this._measure();
    var height = this.rowHeight;
    var box = list.getBoundingClientRect();
    var top = Math.max(box.top, 0), bottom = Math.min(box.bottom, root.innerHeight || box.bottom);
    // Where the content starts on screen: the box's top, less what the list itself scrolled.
    var contentTop = box.top - list.scrollTop;
    var first = Math.max(0, Math.floor((top - contentTop) / height) - OVERSCAN);
    var last = Math.min(order.length, Math.ceil((bottom - contentTop) / height) + OVERSCAN);
    if (bottom <= top) last = Math.min(order.length, first + 2 * OVERSCAN);  // off screen: a few rows
    if (last < first) last = first;
    while (this.pool.length < last - first) {
      var parts = this._create();
      this.pool.push(parts);
      this.shown.push(-1);
      list.insertBefore(parts.element, this.below);
    }
    for (var k = 0; k < this.pool.length; k++) {
      var row = this.pool[k], i = k < last - first ? order[first + k] : -1;
      if (this.shown[k] !== i) {
        if (this.shown[k] >= 0 && this.rows[this.shown[k]] === row) this.rows[this.shown[k]] = undefined;
        this.shown[k] = i;
        row.element.hidden = i < 0;
        if (i >= 0) {
          this.rows[i] = row;
          this._fill(row, i, true);
        }
      }
    }
    this.above.style.height = first * height + "px";
    this.below.style.height = Math.max(0, order.length - last) * height + "px";
    this.first = first;
  };

  VirtualSiteList.prototype._measure = function () {
    var probe = this._create();
    if (this.sites.length) this._fill(probe, 0, true);
    this.element.appendChild(probe.element);
    var height = probe.element.getBoundingClientRect().height;
    this.element.removeChild(probe.element);
    return height > 0 ? height : 50;
  };

  /* A row with the markup of templates/_site_list.html; its text is set in _fill. */
  VirtualSiteList.prototype._create = function () {
    var row = el("li", "site-row"), link = el("a", "site-link"), main = el("span", "site-main");
    var meta = el("span", "site-meta"), dot = el("span", "dot"), flag = el("span", "incident-flag", "attack");
    row.setAttribute("data-testid", "site-row");
    dot.setAttribute("aria-hidden", "true");
    flag.title = "Attacked on this day";
    var parts = { element: row, link: link, name: el("span", "site-name", "\u00a0"), country: el("span", "site-country", "\u00a0"),
                  since: el("span", "site-since", "\u00a0"), unlocated: el("span", "site-unlocated", " · no coordinates"),
                  badge: el("span", "status-badge", "\u00a0") };
    meta.appendChild(parts.country);
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(parts.since);
    meta.appendChild(parts.unlocated);
    main.appendChild(parts.name);
    main.appendChild(meta);
    link.appendChild(dot);
    link.appendChild(main);
    link.appendChild(flag);
    link.appendChild(parts.badge);
    row.appendChild(link);
    return parts;
  };

  /* Write site i into a row: everything when it starts showing that site, else the day's look. */
  VirtualSiteList.prototype._fill = function (row, i, all) {
    var site = this.sites[i], look = this.describe(i), element = row.element;
    if (all) {
      element.setAttribute("data-site-id", site.id);
      element.setAttribute("data-country", site.country || "");
      row.link.setAttribute("href", this.options.link(i));
      row.name.textContent = site.name;  // text, never markup: names come from articles
      row.country.textContent = site.country || "—";
      row.country.title = site.country ? this.options.countryName(site.country) : "unknown country";
      row.unlocated.hidden = site.lat !== null && site.lat !== undefined && site.lon !== null && site.lon !== undefined;
      if (i === this.selected) element.setAttribute("aria-current", "true"); else element.removeAttribute("aria-current");
    }
    element.setAttribute("data-status", look.status);
    if (look.incident) element.setAttribute("data-incident", ""); else element.removeAttribute("data-incident");
    if (look.disputed) element.setAttribute("data-disputed", ""); else element.removeAttribute("data-disputed");
    row.badge.textContent = look.status;
    row.since.textContent = look.since;
  };

  Basewatch.VirtualSiteList = VirtualSiteList;
})(window);
