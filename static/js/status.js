/* The status rule of app/timeline.py, for the browser. Both are held to data/status_cases.json
 * (tests/browser/test_status_cases_js.py runs every case through this file in chromium).
 *
 * A site's status on day D follows from its latest non-incident event starting on or before D;
 * an event of month or year precision starts on the first day of its period (its stored date);
 * on a shared day the later stage wins (withdrawn > withdrawing > planned > present); attacks are
 * incidents, counted while D lies inside their period; before the first event: "unreported";
 * a denial sets no status. Disputed (a separate answer, app/timeline.py dispute_spans): two reports
 * of different stories conflict (a denial against a move; the site emptied, then held) within
 * DISPUTE_WINDOW days; from the first to the second, and where the second is a denial until a newer
 * report sets the status.
 *
 * Days are whole numbers (days since 1970-01-01, UTC) so that no time zone can move a date.
 * Each site is compiled once into arrays sorted by (day, stage); a date change is then one
 * binary search per site, which is what lets the slider redraw 10,000 sites inside a frame budget.
 */
(function (root) {
  "use strict";

  var DAY_MS = 86400000;
  var UNREPORTED = "unreported";
  var STATUS_AFTER = {
    presence: "present",
    reinforcement: "present",
    withdrawal_planned: "planned",
    withdrawal_started: "withdrawing",
    withdrawal_completed: "withdrawn",
    handover: "withdrawn"
  };
  var STAGE = { present: 0, planned: 1, withdrawing: 2, withdrawn: 3 };
  var INCIDENT_KINDS = { attack: true };
  var DENIAL_KINDS = { denial: true };
  var WITHDRAWAL_SIDE = { withdrawal_planned: true, withdrawal_started: true, withdrawal_completed: true, handover: true };
  var GONE = { withdrawal_completed: true, handover: true };
  var HELD = { presence: true, reinforcement: true };
  var DISPUTE_WINDOW = 30;  // days

  function dayNumber(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
  }

  function isoDay(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  /* Last day of the period an event's date stands for. */
  function periodEnd(start, precision) {
    var date = new Date(start * DAY_MS);
    if (precision === "year") return Date.UTC(date.getUTCFullYear(), 11, 31) / DAY_MS;
    if (precision === "month") return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / DAY_MS;
    return start;
  }

  function conflicting(first, second) {
    if (DENIAL_KINDS[first.kind] || DENIAL_KINDS[second.kind]) {
      return !!(WITHDRAWAL_SIDE[first.kind] || WITHDRAWAL_SIDE[second.kind]);
    }
    return !!(GONE[first.kind] && HELD[second.kind]);
  }

  /* [[firstDay, lastDay], ...] on which the site is disputed (lastDay Infinity: open-ended).
   * reports: [{day, kind, story}]. Events without a story are one story. */
  function disputeSpans(reports) {
    var ordered = reports.filter(function (r) { return STATUS_AFTER[r.kind] || DENIAL_KINDS[r.kind]; });
    ordered.sort(function (a, b) { return a.day - b.day; });
    var setters = ordered.filter(function (r) { return STATUS_AFTER[r.kind]; }).map(function (r) { return r.day; });
    var spans = [];
    for (var i = 0; i < ordered.length; i++) {
      for (var j = i + 1; j < ordered.length; j++) {
        var first = ordered[i], second = ordered[j];
        if (second.day - first.day > DISPUTE_WINDOW) break;
        if (first.story === second.story || !conflicting(first, second)) continue;
        var end = second.day;
        if (DENIAL_KINDS[second.kind]) {
          end = Infinity;
          for (var k = 0; k < setters.length; k++) if (setters[k] > second.day) { end = setters[k] - 1; break; }
        }
        spans.push([first.day, end]);
      }
    }
    return spans;
  }

  function disputedAt(site, day) {
    var spans = site.disputes;
    for (var k = 0; k < spans.length; k++) if (spans[k][0] <= day && day <= spans[k][1]) return true;
    return false;
  }

  /* events: [[isoDate, kind, precision, story], ...] in any order -> sorted arrays for lookups. */
  function compile(events) {
    var steps = [], incidents = [], reports = [];
    for (var i = 0; i < events.length; i++) {
      var event = events[i], start = dayNumber(event[0]);
      reports.push({ day: start, kind: event[1], story: event[3] === undefined ? "" : event[3] });
      if (INCIDENT_KINDS[event[1]]) incidents.push([start, periodEnd(start, event[2])]);
      else if (STATUS_AFTER[event[1]]) steps.push({ day: start, status: STATUS_AFTER[event[1]], precision: event[2], order: i });
    }
    // Among equal (day, stage) the lookup takes the last; the server keeps the first it meets,
    // so equal ones go in reverse store order.
    steps.sort(function (a, b) { return a.day - b.day || STAGE[a.status] - STAGE[b.status] || b.order - a.order; });
    var site = {
      days: new Int32Array(steps.length), statuses: new Array(steps.length), precisions: new Array(steps.length),
      incidentStarts: new Int32Array(incidents.length), incidentEnds: new Int32Array(incidents.length),
      disputes: disputeSpans(reports)
    };
    steps.forEach(function (step, k) { site.days[k] = step.day; site.statuses[k] = step.status; site.precisions[k] = step.precision; });
    incidents.forEach(function (span, k) { site.incidentStarts[k] = span[0]; site.incidentEnds[k] = span[1]; });
    return site;
  }

  /* Index of the step in force on `day` (the last one starting on or before it), or -1. */
  function stepAt(site, day) {
    var days = site.days, low = 0, high = days.length;
    while (low < high) {
      var middle = (low + high) >>> 1;
      if (days[middle] <= day) low = middle + 1; else high = middle;
    }
    return low - 1;
  }

  function incidentsAt(site, day) {
    var count = 0, starts = site.incidentStarts, ends = site.incidentEnds;
    for (var k = 0; k < starts.length; k++) if (starts[k] <= day && day <= ends[k]) count++;
    return count;
  }

  function asTuple(event) {
    return Array.isArray(event) ? event : [event.date, event.kind, event.precision, event.story];
  }

  /* The rule as one call, for tests: events as {kind, date, precision[, story]} or tuples. */
  function statusOn(events, iso) {
    var site = compile(events.map(asTuple)), day = dayNumber(iso), k = stepAt(site, day);
    return {
      status: k < 0 ? UNREPORTED : site.statuses[k],
      since: k < 0 ? null : isoDay(site.days[k]),
      incidents: incidentsAt(site, day),
      disputed: disputedAt(site, day)
    };
  }

  /* All sites of a page: compiled once; update(day) returns the indices whose state changed. */
  function SiteIndex(sites) {
    this.size = sites.length;
    this.compiled = sites.map(function (site) { return compile(site.events); });
    this.steps = new Int32Array(this.size).fill(-2); // -2: never computed, so the first update reports all
    this.incidents = new Uint16Array(this.size);
    this.disputed = new Uint8Array(this.size);
  }

  SiteIndex.prototype.update = function (day) {
    var changed = [];
    for (var i = 0; i < this.size; i++) {
      var site = this.compiled[i];
      var k = stepAt(site, day);
      var incidents = site.incidentStarts.length ? incidentsAt(site, day) : 0;
      var disputed = site.disputes.length && disputedAt(site, day) ? 1 : 0;
      if (k !== this.steps[i] || incidents !== this.incidents[i] || disputed !== this.disputed[i]) {
        this.steps[i] = k;
        this.incidents[i] = incidents;
        this.disputed[i] = disputed;
        changed.push(i);
      }
    }
    return changed;
  };

  SiteIndex.prototype.status = function (i) {
    var k = this.steps[i];
    return k < 0 ? UNREPORTED : this.compiled[i].statuses[k];
  };

  /* {day, precision} of the event that set the status, or null. */
  SiteIndex.prototype.since = function (i) {
    var k = this.steps[i], site = this.compiled[i];
    return k < 0 ? null : { day: site.days[k], precision: site.precisions[k] };
  };

  root.BasewatchStatus = {
    UNREPORTED: UNREPORTED, STATUS_AFTER: STATUS_AFTER, STAGE: STAGE,
    dayNumber: dayNumber, isoDay: isoDay, periodEnd: periodEnd, compile: compile,
    stepAt: stepAt, incidentsAt: incidentsAt, disputeSpans: disputeSpans, disputedAt: disputedAt,
    statusOn: statusOn, SiteIndex: SiteIndex
  };
})(typeof window !== "undefined" ? window : this);
