/* The page controller: date slider, filters, site list, detail panel and the URL.
 *
 * The URL query is the whole view state (date, country, status, site, z/lat/lon); every change
 * is written back with history.replaceState, so the address bar is always a permalink. Statuses
 * are recomputed here from the events delivered once with the page (#bw-data), by the rule in
 * status.js: no request per slider step. Text from articles is only ever set with textContent.
 */
(function (root) {
  "use strict";

  var S = root.BasewatchStatus;
  var Basewatch = root.Basewatch;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var STATUSES = ["present", "planned", "withdrawing", "withdrawn"];
  var FILTER_STATUSES = STATUSES.concat([S.UNREPORTED]);
  var URL_DELAY_MS = 200;   // replaceState at most this often while the slider is dragged
  var PLAY_STEP_MS = 700;   // one event day per step when playing
  var FIT = { padding: [30, 30], maxZoom: 7 };
  var ANNOUNCE_QUIET_MS = 700;   // the day is announced once the slider has rested this long
  var ANNOUNCE_EVERY_MS = 2500;  // and at most this often while it keeps moving (playing)
  var NARROW = "(max-width: 760px)";  // static/css/app.css: the detail opens above the list

  /* ---- formatting (mirrors app/web/view.py) ---- */

  function humanDay(day) {
    var date = new Date(day * 86400000);
    return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }

  function eventDateLabel(day, precision) {
    var date = new Date(day * 86400000);
    if (precision === "year") return String(date.getUTCFullYear());
    if (precision === "month") return MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
    return humanDay(day);
  }

  function shortNumber(value) {
    var text = String(Number(value.toFixed(4)));
    return text === "-0" ? "0" : text;
  }

  function countsPhrase(counts) {
    var parts = STATUSES.filter(function (s) { return counts[s]; }).map(function (s) { return counts[s] + " " + s; });
    return parts.length ? parts.join(", ") : "none reported";
  }

  function safeLink(url) {
    var text = (url || "").trim();
    return /^https?:\/\//i.test(text) ? text : null;
  }

  /* A new element with a class and text (textContent: never parsed as markup). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function plainClick(event) {
    return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  }

  function sortedEventDays(sites) {
    var seen = {};
    sites.forEach(function (site) { site.events.forEach(function (e) { seen[S.dayNumber(e[0])] = true; }); });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
  }

  /* ---- the controller ---- */

  function App(data) {
    var state = data.state;
    this.data = data;
    this.sites = data.sites;
    this.index = new S.SiteIndex(data.sites);
    this.layer = Basewatch.layer;
    this.map = Basewatch.map;
    this.firstDay = S.dayNumber(data.firstDay);
    this.lastDay = S.dayNumber(data.lastDay);
    this.eventDays = sortedEventDays(data.sites);
    this.indexById = {};
    this.sites.forEach(function (site, i) { this.indexById[site.id] = i; }, this);
    this.state = {
      day: S.dayNumber(state.date), country: state.country || null, status: state.status || null,
      site: state.site || null, view: state.z !== undefined ? { z: state.z, lat: state.lat, lon: state.lon } : null,
      known: state.known || null, compare: state.compare || null, sort: state.sort || null,  // see timetools.js, bands.js
      disputedOnly: false  // the legend's "disputed" filter (not part of the URL)
    };
    this.listeners = [];
    this.dom = this._findElements();
    // Above a few thousand sites the server sends no rows: the list renders only those in view.
    var List = this.dom.list.hasAttribute("data-virtual") ? Basewatch.VirtualSiteList : Basewatch.SiteList;
    this.list = new List(this.dom.list, this.sites, this._rowLook.bind(this), {
      link: function (i) { return "/?" + this.query({ site: this.sites[i].id }); }.bind(this),
      countryName: function (code) { return this.data.countries[code] || code; }.bind(this)
    });
    this.urlTimer = null;
    this.playTimer = null;
    this.detailRequest = null;
    this.announceTimer = null;
    this.lastAnnounced = 0;
    this.opener = null;  // the row link that opened the detail: focus goes back to it on close
  }

  App.prototype._findElements = function () {
    var byId = function (id) { return document.getElementById(id); };
    return {
      form: byId("view-form"), slider: byId("date-slider"), label: byId("date-label"), dateInput: byId("date-input"),
      prev: byId("prev-event"), next: byId("next-event"), play: byId("play"), country: byId("country-filter"),
      status: byId("status-filter"), permalink: byId("permalink"), list: byId("site-list"), detail: byId("site-detail"),
      workspace: byId("workspace"), shown: byId("shown-count"), empty: byId("empty-note"),
      announcer: byId("announcer"), mapPane: byId("map-pane"),
      disputed: byId("disputed-filter"),
      description: document.querySelector('meta[name="description"]'),
      counts: Array.prototype.reduce.call(document.querySelectorAll("[data-count-for]"), function (found, node) {
        found[node.getAttribute("data-count-for")] = node;
        return found;
      }, {})
    };
  };

  App.prototype.start = function () {
    this._bindTimeline();
    this._bindFilters();
    this._bindList();
    this._bindDetail();
    this._bindPermalink();
    this._bindKeyboard();
    this.layer.describe = this.describe.bind(this);
    this.layer.on("siteclick", function (event) { this.openSite(this.sites[event.index].id, { from: "map" }); }, this);
    this.setDay(this.state.day);
    clearTimeout(this.announceTimer);  // the page's title and heading already say the day it opens on
    if (this.state.site) this._markSelected(this.state.site);
    // Attached last: the view the page opened with is already in the URL (or fitted by the server).
    this.map.on("moveend", this._onMapMoved, this);
    document.documentElement.setAttribute("data-ready", "");
  };

  /* ---- the day ---- */

  App.prototype.setDay = function (day) {
    this.state.day = Math.max(Math.min(day, this.lastDay), this.firstDay);
    var changed = this.index.update(this.state.day);
    for (var k = 0; k < changed.length; k++) this._applySite(changed[k]);
    this._refreshCounts();
    this._refreshDayControls();
    this._refreshDetailDay();
    this._scheduleUrl();
    this._scheduleAnnouncement();
    this._notify("day");
  };

  /* fn(what) after the day ("day") or the filters ("filters") changed: for the panels of timetools.js and bands.js. */
  App.prototype.onChange = function (fn) { this.listeners.push(fn); };

  App.prototype._notify = function (what) {
    for (var k = 0; k < this.listeners.length; k++) this.listeners[k](what);
  };

  App.prototype.stepEvent = function (direction) {
    var target = this._eventDayFrom(this.state.day, direction);
    if (target !== null) this.setDay(target);
    return target !== null;
  };

  App.prototype._eventDayFrom = function (day, direction) {
    var days = this.eventDays, low = 0, high = days.length;
    while (low < high) {  // first index with days[i] > day
      var middle = (low + high) >>> 1;
      if (days[middle] <= day) low = middle + 1; else high = middle;
    }
    if (direction > 0) return low < days.length ? days[low] : null;
    var k = days[low - 1] === day ? low - 2 : low - 1;
    return k >= 0 ? days[k] : null;
  };

  App.prototype._applySite = function (i) {
    var status = this.index.status(i);
    this.list.update(i);
    this.layer.paint(i, status, this.index.incidents[i] > 0, this.index.disputed[i] > 0);
    this._applyVisibility(i, status);
  };

  App.prototype._rowLook = function (i) {
    return { status: this.index.status(i), incident: this.index.incidents[i] > 0, disputed: this.index.disputed[i] > 0,
      since: this._sinceText(i) };
  };

  App.prototype._sinceText = function (i) {
    var since = this.index.since(i);
    return since ? "since " + eventDateLabel(since.day, since.precision) : "no report yet";
  };

  App.prototype._matches = function (i, status) {
    return (!this.state.country || this.sites[i].country === this.state.country) &&
      (!this.state.status || status === this.state.status) && (!this.state.disputedOnly || this.index.disputed[i] > 0);
  };

  App.prototype._applyVisibility = function (i, status) {
    var visible = this._matches(i, status);
    this.list.setVisible(i, visible);
    this.layer.setVisible(i, visible);
  };

  /* ---- the live region: the day and its counts, for screen readers ---- */

  /* Announced when the slider rests, and every few seconds while it keeps moving: one message
   * per arrow key would queue dozens of stale days. */
  App.prototype._scheduleAnnouncement = function () {
    if (!this.dom.announcer) return;
    var self = this, now = Date.now();
    clearTimeout(this.announceTimer);
    var wait = now - this.lastAnnounced >= ANNOUNCE_EVERY_MS ? ANNOUNCE_QUIET_MS
      : Math.min(ANNOUNCE_QUIET_MS, this.lastAnnounced + ANNOUNCE_EVERY_MS - now);
    this.announceTimer = setTimeout(function () { self.announce(self.dayMessage()); }, Math.max(wait, 0));
  };

  App.prototype.announce = function (message) {
    this.lastAnnounced = Date.now();
    this.dom.announcer.textContent = message;
  };

  App.prototype.dayMessage = function () {
    var counts = this.counts || {}, where = this.state.country ? " in " + (this.data.countries[this.state.country] || this.state.country) : "";
    var unreported = counts[S.UNREPORTED] ? ", " + counts[S.UNREPORTED] + " not yet reported" : "";
    var attacks = counts.attack ? "; " + counts.attack + " attacked that day" : "";
    return humanDay(this.state.day) + where + ": " + countsPhrase(counts) + unreported + attacks + ".";
  };

  App.prototype._refreshCounts = function () {
    var counts = { attack: 0, disputed: 0 }, shown = 0, inCountry = 0;
    FILTER_STATUSES.forEach(function (s) { counts[s] = 0; });
    for (var i = 0; i < this.sites.length; i++) {
      if (this.state.country && this.sites[i].country !== this.state.country) continue;
      var status = this.index.status(i);
      inCountry++;
      counts[status]++;
      if (this.index.incidents[i]) counts.attack++;
      if (this.index.disputed[i]) counts.disputed++;
      if (this._matches(i, status)) shown++;
    }
    this.counts = counts;
    for (var key in this.dom.counts) this.dom.counts[key].textContent = counts[key];
    this.dom.shown.textContent = shown + " of " + this.sites.length + " shown";
    this.dom.empty.hidden = shown > 0;
    this._refreshTitle(counts, inCountry);
  };

  App.prototype._refreshTitle = function (counts, total) {
    var country = this.state.country, day = humanDay(this.state.day);
    var where = country ? " in " + (this.data.countries[country] || country) : "";
    document.title = "US sites" + where + " on " + day + " — " + countsPhrase(counts);
    if (this.dom.description) {
      var attacks = counts.attack ? "; " + counts.attack + " under attack that day" : "";
      this.dom.description.setAttribute("content", "Status of " + total + " US military sites" + where + " on " + day +
        ", from news reports: " + countsPhrase(counts) + attacks + ".");
    }
  };

  App.prototype._refreshDayControls = function () {
    var day = this.state.day, dom = this.dom;
    dom.slider.value = String(day - this.firstDay);
    dom.slider.setAttribute("aria-valuetext", humanDay(day));
    dom.label.textContent = humanDay(day);
    dom.dateInput.value = S.isoDay(day);
    this._pointStep(dom.prev, this._eventDayFrom(day, -1));
    this._pointStep(dom.next, this._eventDayFrom(day, 1));
  };

  App.prototype._pointStep = function (link, day) {
    if (day === null) {  // a link to nowhere: still named and announced as a link, as disabled
      link.removeAttribute("href");
      link.setAttribute("role", "link");
      link.setAttribute("aria-disabled", "true");
    } else {
      link.setAttribute("href", "/?" + this.query({ day: day }));
      link.removeAttribute("role");
      link.removeAttribute("aria-disabled");
    }
  };

  /* ---- filters ---- */

  App.prototype.setCountry = function (code) {
    this.state.country = code || null;
    this.dom.country.value = code || "";
    this._applyAllVisibility();
    this._fitVisible();
  };

  App.prototype.setStatus = function (status) {
    this.state.status = status || null;
    this.dom.status.value = status || "";
    Array.prototype.forEach.call(document.querySelectorAll(".legend-item[data-status]"), function (item) {
      item.classList.toggle("active", item.getAttribute("data-status") === status);
    });
    this._applyAllVisibility();
  };

  App.prototype.setDisputedOnly = function (on) {
    this.state.disputedOnly = !!on;
    if (this.dom.disputed) this.dom.disputed.setAttribute("aria-pressed", on ? "true" : "false");
    this._applyAllVisibility();
  };

  App.prototype._applyAllVisibility = function () {
    for (var i = 0; i < this.sites.length; i++) this._applyVisibility(i, this.index.status(i));
    this._refreshCounts();
    this._scheduleUrl();
    this._notify("filters");
  };

  App.prototype._fitVisible = function () {
    var points = [];
    for (var i = 0; i < this.sites.length; i++) {
      var marker = this.layer.markers[i];
      if (marker && this.layer.hasLayer(marker)) points.push(marker.getLatLng());
    }
    if (points.length) this.map.fitBounds(root.L.latLngBounds(points), FIT);
  };

  /* ---- the site detail ---- */

  App.prototype.openSite = function (id, options) {
    var i = this.indexById[id];
    if (i === undefined) return;
    if (options && options.opener) this.opener = options.opener;
    this.state.site = id;
    this._markSelected(id);
    this._showDetailColumn(true);
    if (this.dom.detail.getAttribute("data-site-id") !== id) this._loadDetail(id);
    var marker = this.layer.markers[i];
    if (options && options.from === "map") this.list.reveal(i);
    if (options && options.from === "list" && marker && this.layer.hasLayer(marker)) {
      this.map.panInside(marker.getLatLng(), { padding: [40, 40] });
    }
    // On a phone the detail opens above the list, far from the row: take focus to it.
    if (options && options.from === "list" && root.matchMedia && root.matchMedia(NARROW).matches) this._focusDetail();
    this._scheduleUrl();
  };

  App.prototype._focusDetail = function () {
    var heading = this.dom.detail.querySelector(".detail-name");
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
    this.dom.detail.scrollIntoView({ block: "start" });
  };

  /* The row link of site `id`, where it is rendered and shown. */
  App.prototype._rowLink = function (id) {
    var rows = this.dom.list.querySelectorAll(".site-row[data-site-id]");
    for (var k = 0; k < rows.length; k++) {
      if (rows[k].getAttribute("data-site-id") === id && !rows[k].hidden) return rows[k].querySelector(".site-link");
    }
    return null;
  };

  App.prototype.closeSite = function (options) {
    var id = this.state.site;
    var focusWasInDetail = this.dom.detail.contains(document.activeElement);
    this.state.site = null;
    this._markSelected(null);
    this._showDetailColumn(false);
    this.dom.detail.removeAttribute("data-site-id");
    this._replaceDetail([el("p", "hint", "Select a site on the map or in the list to see its history, " +
      "with the sentence and the article behind each report.")]);
    this._scheduleUrl();
    // Focus left with the panel's contents: it goes back to the row that opened the detail,
    // or to that site's row, or to the list.
    if (focusWasInDetail || (options && options.returnFocus)) {
      var opener = this.opener && document.contains(this.opener) && !this.opener.closest("[hidden]") ? this.opener : null;
      var target = opener || (id && this._rowLink(id)) || this.dom.list;
      target.focus();
    }
    this.opener = null;
  };

  App.prototype._markSelected = function (id) {
    var i = id === null ? null : this.indexById[id];
    this.list.select(i === undefined ? null : i);
    this.layer.select(i === undefined ? null : i);
  };

  App.prototype._showDetailColumn = function (open) {
    if (this.dom.workspace.classList.contains("has-detail") === open) return;
    this.dom.workspace.classList.toggle("has-detail", open);
    this.map.invalidateSize();  // the map's column changed width
  };

  App.prototype._loadDetail = function (id) {
    var self = this, site = this.sites[this.indexById[id]];
    this.detailRequest = id;
    this.dom.detail.setAttribute("data-site-id", id);
    this._replaceDetail([this._detailHead(site.name), el("p", "hint", "Loading the history…")]);
    fetch("/api/v1/sites/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (feature) { if (self.detailRequest === id) self._renderDetail(feature); })
      .catch(function (error) {
        if (self.detailRequest === id) self._replaceDetail([self._detailHead(site.name), el("p", "hint", "Could not load the history (" + error.message + ").")]);
      });
  };

  App.prototype._replaceDetail = function (nodes) {
    var detail = this.dom.detail, focused = document.activeElement;
    var keepFocus = detail.contains(focused) && focused.classList.contains("detail-name");
    while (detail.firstChild) detail.removeChild(detail.firstChild);
    nodes.forEach(function (node) { detail.appendChild(node); });
    var heading = detail.querySelector(".detail-name");
    if (keepFocus && heading) {  // the heading was replaced, not left: focus and view stay with it
      heading.focus({ preventScroll: true });
      if (root.matchMedia && root.matchMedia(NARROW).matches) detail.scrollIntoView({ block: "start" });
    }
  };

  App.prototype._detailHead = function (name) {
    var head = el("header", "detail-head");
    var heading = el("h2", "detail-name", name);
    heading.setAttribute("tabindex", "-1");
    head.appendChild(heading);
    var close = el("a", "close-button", "×");
    close.id = "detail-close";
    close.setAttribute("href", "/?" + this.query({ site: null }));
    close.setAttribute("aria-label", "Close");
    close.title = "Close";
    head.appendChild(close);
    return head;
  };

  App.prototype._renderDetail = function (feature) {
    var site = feature.properties, labels = this.data.labels;
    var status = el("p", "detail-status");
    status.appendChild(el("span", "status-badge"));
    status.appendChild(el("span", "detail-status-text"));
    var facts = el("dl", "facts");
    var addFact = function (term, value, className) {
      facts.appendChild(el("dt", null, term));
      facts.appendChild(el("dd", className, value));
    };
    var countryName = this.data.countries[site.country] || site.country || "unknown country";
    addFact("Also called", site.aliases.length ? site.aliases.join(", ") : "—", "fact-aliases");
    addFact("Country", countryName + (site.country ? " (" + site.country + ")" : ""), "fact-country");
    addFact("Kind", site.kind, "fact-kind");
    addFact("Coordinates", this._coordinates(feature.geometry), "fact-coordinates");
    addFact("Geocoded by", (site.geocoder || "not geocoded") +
      (site.geocode_method ? " · method: " + site.geocode_method : "") +
      (site.geocode_precision ? " · precision: " + site.geocode_precision : ""), "fact-geocoder");
    addFact("Coordinate source", site.coord_source || "—", "fact-source");
    var title = el("h3", "history-title", "History ");
    title.appendChild(el("span", "muted", site.events.length + " reports"));
    var history = el("ol", "history");
    status.appendChild(el("span", "disputed-badge", "disputed"));
    site.events.forEach(function (event) { history.appendChild(this._eventItem(event, labels)); }, this);
    this._replaceDetail([this._detailHead(site.name), status, facts, title, history]);
    this._refreshDetailDay();
    this.announce(site.name + ": " + this.index.status(this.indexById[site.id]) + " on " + humanDay(this.state.day) +
      ", " + site.events.length + " reports.");
    if (Basewatch.review) Basewatch.review.decorate(this.dom.detail, feature, this);
  };

  App.prototype._coordinates = function (geometry) {
    if (!geometry) return "not located";
    var lon = geometry.coordinates[0], lat = geometry.coordinates[1];
    return Math.abs(lat).toFixed(4) + "° " + (lat >= 0 ? "N" : "S") + ", " + Math.abs(lon).toFixed(4) + "° " + (lon >= 0 ? "E" : "W");
  };

  App.prototype._eventItem = function (event, labels) {
    var item = el("li", "event"), day = S.dayNumber(event.date);
    item.setAttribute("data-kind", event.kind);
    item.setAttribute("data-date", event.date);
    item.setAttribute("data-event-id", String(event.id));
    if (event.contradicted_by && event.contradicted_by.length) item.setAttribute("data-contradicted", "");
    if (event.review) item.setAttribute("data-review", event.review);
    var head = el("div", "event-head");
    var time = el("time", null, eventDateLabel(day, event.precision));
    time.setAttribute("datetime", event.date);
    head.appendChild(time);
    head.appendChild(el("span", "precision", event.precision + " precision"));
    head.appendChild(el("span", "kind kind-" + event.kind, labels.kinds[event.kind] || event.kind));
    item.appendChild(head);
    // Only an outlet's own words are a quote; a summary's sentence is ours, and says so.
    if (event.provenance === "original") {
      item.appendChild(el("blockquote", "sentence quote", event.quote));
    } else {
      var summary = el("p", "sentence summary-sentence", event.sentence);
      summary.setAttribute("data-provenance", "summary");
      item.appendChild(summary);
    }
    var credit = el("p", "credit", event.credit + (event.provenance === "original" ? "" : " — our words, not the outlet's" +
      (event.article.based_on ? "; based on " + event.article.based_on : "")));
    credit.setAttribute("data-provenance", event.provenance || "unknown");
    item.appendChild(credit);
    if (event.attribution) item.appendChild(el("p", "attribution", "The sentence attributes it: “" + event.attribution + "”"));
    var basis = labels.basis[event.date_basis] || event.date_basis || "date basis unknown";
    item.appendChild(el("p", "basis", event.date_text ? basis + ": “" + event.date_text + "”" : basis));
    item.appendChild(this._corroborationLine(event));
    (event.contradicted_by || []).forEach(function (other) {
      item.appendChild(el("p", "contradiction", "Contradicted by " + (other.source || "unknown source") + ", " +
        humanDay(S.dayNumber(other.published)) + ": " + (labels.kinds[other.kind] || other.kind) + " (" + other.date + ")"));
    });
    if (event.review && labels.review[event.review]) {
      var mark = el("p", "review-mark", labels.review[event.review]);
      mark.setAttribute("data-review", event.review);
      item.appendChild(mark);
    }
    item.appendChild(this._sourceLine(event.article));
    return item;
  };

  App.prototype._corroborationLine = function (event) {
    var sources = event.sources || [], independent = event.independent_sources || 1, text;
    if (independent > 1) text = "Corroborated: " + independent + " independent stories, " + sources.length + " outlets";
    else if (sources.length > 1) text = "Single source: one story, printed by " + sources.length + " outlets";
    else text = "Single source";
    if (sources.length > 1) text += ": " + sources.map(function (s) { return s.source || "unknown source"; }).join("; ");
    var line = el("p", "corroboration", text);
    line.setAttribute("data-independent", String(independent));
    return line;
  };

  App.prototype._sourceLine = function (article) {
    var line = el("p", "source"), link = safeLink(article.url);
    if (link) {
      var anchor = el("a", null, article.title);
      anchor.setAttribute("href", link);
      anchor.setAttribute("rel", "noopener noreferrer nofollow");
      anchor.setAttribute("target", "_blank");
      line.appendChild(anchor);
    } else {
      line.appendChild(el("span", "source-title", article.title));
    }
    var published = humanDay(S.dayNumber(article.published)) + (article.published_approx ? " (approx.)" : "");
    line.appendChild(el("span", "source-meta", (article.source || "unknown source") + " · published " + published));
    return line;
  };

  /* The detail panel follows the slider: status on the day, later reports faded. */
  App.prototype._refreshDetailDay = function () {
    var id = this.dom.detail.getAttribute("data-site-id"), i = this.indexById[id];
    if (i === undefined) return;
    var day = this.state.day, status = this.dom.detail.querySelector(".detail-status");
    if (status) {
      var since = this.index.since(i);
      status.setAttribute("data-status", this.index.status(i));
      if (this.index.disputed[i]) status.setAttribute("data-disputed", ""); else status.removeAttribute("data-disputed");
      status.querySelector(".status-badge").textContent = this.index.status(i);
      status.querySelector(".detail-status-text").textContent = "on " + humanDay(day) +
        (since ? ", since " + eventDateLabel(since.day, since.precision) : "");
    }
    Array.prototype.forEach.call(this.dom.detail.querySelectorAll(".event[data-date]"), function (item) {
      if (S.dayNumber(item.getAttribute("data-date")) > day) item.setAttribute("data-future", "");
      else item.removeAttribute("data-future");
    });
  };

  App.prototype.describe = function (i) {
    var since = this.index.since(i), incident = this.index.incidents[i] > 0;
    return this.sites[i].name + " — " + this.index.status(i) +
      (since ? " since " + eventDateLabel(since.day, since.precision) : "") + (incident ? " · attacked this day" : "") +
      (this.index.disputed[i] ? " · disputed" : "");
  };

  /* ---- the URL ---- */

  /* The view as a canonical query (same key order and number format as app/web/params.py). */
  App.prototype.query = function (changes) {
    var state = this.state, view = state.view, params = new URLSearchParams();
    var pick = function (key, value) { return changes && key in changes ? changes[key] : value; };
    var day = pick("day", state.day), country = pick("country", state.country), status = pick("status", state.status);
    var site = pick("site", state.site), known = pick("known", state.known), compare = pick("compare", state.compare);
    var sort = pick("sort", state.sort);
    params.set("date", S.isoDay(day));
    if (known) params.set("known", known);
    if (compare) params.set("compare", compare);
    if (country) params.set("country", country);
    if (status) params.set("status", status);
    if (site) params.set("site", site);
    if (sort) params.set("sort", sort);
    if (view) {
      if (view.z !== undefined && view.z !== null) params.set("z", String(view.z));
      if (view.lat !== undefined && view.lat !== null) params.set("lat", shortNumber(Number(view.lat)));
      if (view.lon !== undefined && view.lon !== null) params.set("lon", shortNumber(Number(view.lon)));
    }
    return params.toString();
  };

  App.prototype._scheduleUrl = function () {
    if (this.urlTimer !== null) return;
    var self = this;
    this.urlTimer = setTimeout(function () { self.urlTimer = null; self.writeUrl(); }, URL_DELAY_MS);
  };

  App.prototype.writeUrl = function () {
    var url = "/?" + this.query();
    if (location.pathname + location.search !== url) history.replaceState(null, "", url);
    this.dom.permalink.setAttribute("href", url);
  };

  App.prototype._onMapMoved = function () {
    var center = this.map.getCenter().wrap();
    this.state.view = { z: Math.round(this.map.getZoom()), lat: center.lat, lon: center.lng };
    this._scheduleUrl();
  };

  /* ---- controls ---- */

  App.prototype._bindTimeline = function () {
    var self = this, dom = this.dom;
    dom.slider.addEventListener("input", function () { self.setDay(self.firstDay + Number(dom.slider.value)); });
    dom.slider.addEventListener("keydown", function (event) { self._onSliderKey(event); });
    dom.dateInput.addEventListener("change", function () {
      if (/^\d{4}-\d{2}-\d{2}$/.test(dom.dateInput.value)) self.setDay(S.dayNumber(dom.dateInput.value));
    });
    [[dom.prev, -1], [dom.next, 1]].forEach(function (pair) {
      pair[0].addEventListener("click", function (event) {
        if (!plainClick(event)) return;
        event.preventDefault();
        self.stop();
        self.stepEvent(pair[1]);
      });
    });
    dom.play.addEventListener("click", function () { self.togglePlay(); });
    dom.form.addEventListener("submit", function (event) { event.preventDefault(); });
  };

  App.prototype._onSliderKey = function (event) {
    var back = event.key === "PageDown" || (event.shiftKey && (event.key === "ArrowLeft" || event.key === "ArrowDown"));
    var forward = event.key === "PageUp" || (event.shiftKey && (event.key === "ArrowRight" || event.key === "ArrowUp"));
    if (back || forward) {
      event.preventDefault();
      this.stepEvent(forward ? 1 : -1);
    } else if (event.key === " ") {
      event.preventDefault();
      this.togglePlay();
    }
  };

  App.prototype.togglePlay = function () {
    if (this.playTimer !== null) { this.stop(); return; }
    if (this._eventDayFrom(this.state.day, 1) === null && this.eventDays.length) this.setDay(this.eventDays[0]);
    var self = this;
    this.playTimer = setInterval(function () { if (!self.stepEvent(1)) self.stop(); }, PLAY_STEP_MS);
    this._showPlaying(true);
  };

  App.prototype.stop = function () {
    if (this.playTimer === null) return;
    clearInterval(this.playTimer);
    this.playTimer = null;
    this._showPlaying(false);
  };

  App.prototype._showPlaying = function (playing) {
    this.dom.play.setAttribute("aria-pressed", playing ? "true" : "false");
    this.dom.play.setAttribute("aria-label", playing ? "Pause" : "Play");
  };

  App.prototype._bindFilters = function () {
    var self = this, dom = this.dom;
    dom.country.addEventListener("change", function () { self.setCountry(dom.country.value); });
    dom.status.addEventListener("change", function () { self.setStatus(dom.status.value); });
    if (dom.disputed) dom.disputed.addEventListener("click", function () { self.setDisputedOnly(!self.state.disputedOnly); });
    Array.prototype.forEach.call(document.querySelectorAll(".legend-item[data-status]"), function (item) {
      item.addEventListener("click", function (event) {
        if (!plainClick(event)) return;
        event.preventDefault();
        var status = item.getAttribute("data-status");
        self.setStatus(self.state.status === status ? "" : status);
      });
    });
  };

  App.prototype._bindList = function () {
    var self = this;
    this.dom.list.addEventListener("click", function (event) {
      var link = event.target.closest(".site-link");
      if (!link || !plainClick(event)) return;
      event.preventDefault();
      self.openSite(link.parentNode.getAttribute("data-site-id"), { from: "list", opener: link });
    });
  };

  App.prototype._bindDetail = function () {
    var self = this;
    this.dom.detail.addEventListener("click", function (event) {
      if (!event.target.closest("#detail-close") || !plainClick(event)) return;
      event.preventDefault();
      self.closeSite({ returnFocus: true });
    });
  };

  /* Escape closes the detail; the skip links move focus without writing a #fragment into the permalink. */
  App.prototype._bindKeyboard = function () {
    var self = this;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || event.defaultPrevented || !self.state.site) return;
      var inField = event.target.closest && event.target.closest("select, input[type=date]");
      if (inField) return;  // Escape there closes the field's own picker
      event.preventDefault();
      self.closeSite({ returnFocus: true });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".skip-link"), function (link) {
      link.addEventListener("click", function (event) {
        if (!plainClick(event)) return;
        event.preventDefault();
        var target = link.getAttribute("href") === "#map-pane" ? self.map.getContainer() : self.dom.list;
        target.focus();
      });
    });
  };

  App.prototype._bindPermalink = function () {
    var self = this, link = this.dom.permalink;
    link.addEventListener("click", function (event) {
      if (!plainClick(event)) return;
      event.preventDefault();
      self.writeUrl();
      copyText(location.href).then(function () { flash(link, "Link copied"); }, function () { flash(link, "Copy failed"); });
    });
  };

  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = el("textarea", null, text);
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand("copy");
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy"));
    });
  }

  function flash(link, message) {
    var label = link.querySelector(".permalink-text"), before = "Copy link";
    label.textContent = message;
    link.classList.add("flash");
    setTimeout(function () { label.textContent = before; link.classList.remove("flash"); }, 1600);
  }

  function start() {
    if (!Basewatch || !Basewatch.layer || !Basewatch.map) return;  // no map on this page
    Basewatch.app = new App(Basewatch.pageData("bw-data"));
    Basewatch.app.start();
    loadReviewControls();
  }

  /* Review controls (review.js) are loaded only in a tab where a reviewer has signed in:
   * a visitor's page never carries them. */
  function loadReviewControls() {
    var own = document.querySelector('script[src*="/js/app.js"]'), signedIn = null;
    try { signedIn = root.sessionStorage.getItem("basewatch.reviewToken"); } catch (error) { signedIn = null; }
    if (!own || !signedIn) return;
    var script = document.createElement("script");
    script.src = own.getAttribute("src").replace("/js/app.js", "/js/review.js");  // same ?v= version
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window);
