/* Review controls for signed-in reviewers (app/web/review.py). An anonymous visitor gets none:
 * the controls appear only once the token kept in this tab (sessionStorage, never a cookie) has
 * been accepted by GET /api/v1/reviewer. Each decision is sent with the token as a bearer header,
 * so no other site can make this browser write. After a decision the site's events are read
 * again and its status recomputed in place. Text from articles is only ever set with textContent.
 */
(function (root) {
  "use strict";

  var KEY = "basewatch.reviewToken";
  var Basewatch = root.Basewatch = root.Basewatch || {};
  var KINDS = ["presence", "attack", "withdrawal_planned", "withdrawal_started", "withdrawal_completed", "handover",
               "reinforcement", "denial"];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function token() {
    try { return root.sessionStorage.getItem(KEY); } catch (error) { return null; }
  }

  function send(method, url, body) {
    return fetch(url, {
      method: method, cache: "no-store",
      headers: { "Authorization": "Bearer " + token(), "Content-Type": "application/json", "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.detail ? String(data.detail) : "HTTP " + response.status);
        return data;
      });
    });
  }

  function whoAmI() {
    if (!token()) return Promise.resolve(null);
    return send("GET", "/api/v1/reviewer").then(function (data) { return data.reviewer; }, function () { return null; });
  }

  /* ---- on the map page ---- */

  function Review(app, name) {
    this.app = app;
    this.name = name;
  }

  Review.prototype.decorate = function (detail, feature) {
    var self = this, site = feature.properties;
    var bar = el("div", "review-bar");
    bar.setAttribute("data-testid", "review-bar");
    bar.appendChild(el("span", "review-who", "Reviewing as " + this.name));
    var reason = el("input", "review-reason");
    reason.placeholder = "Reason (kept in the log)";
    reason.setAttribute("aria-label", "Reason for the decision");
    reason.setAttribute("data-testid", "review-reason");
    bar.appendChild(reason);
    this.reason = reason;
    this.status = el("p", "review-status", this.lastMessage || "");  // the detail is rebuilt after each decision
    this.status.setAttribute("aria-live", "polite");
    this.status.setAttribute("data-testid", "review-status");
    bar.appendChild(this.status);
    bar.appendChild(this._siteForms(site));
    var history = detail.querySelector(".history");
    detail.insertBefore(bar, history ? history.previousSibling : null);
    Array.prototype.forEach.call(detail.querySelectorAll(".event[data-event-id]"), function (item) {
      item.appendChild(self._eventControls(item));
    });
  };

  Review.prototype._eventControls = function (item) {
    var self = this, id = item.getAttribute("data-event-id"), box = el("div", "review-controls");
    box.setAttribute("data-testid", "review-controls");
    [["confirm", "Confirm"], ["reject", "Reject"]].forEach(function (pair) {
      var button = el("button", "review-" + pair[0], pair[1]);
      button.type = "button";
      button.setAttribute("data-testid", "review-" + pair[0]);
      button.addEventListener("click", function () {
        self._decide("/api/v1/events/" + id + "/review", { action: pair[0], reason: self.reason.value });
      });
      box.appendChild(button);
    });
    var correct = el("details", "review-correct");
    correct.appendChild(el("summary", null, "Correct…"));
    var form = el("form", "review-form");
    var kind = el("select");
    kind.appendChild(el("option", null, ""));
    KINDS.forEach(function (k) { var o = el("option", null, k); o.value = k; kind.appendChild(o); });
    var date = el("input"); date.type = "date";
    var precision = el("select");
    ["", "day", "month", "year"].forEach(function (p) { var o = el("option", null, p); o.value = p; precision.appendChild(o); });
    var site = el("input"); site.placeholder = "site id";
    [["Kind", kind], ["Date", date], ["Precision", precision], ["Site", site]].forEach(function (pair) {
      var label = el("label", null, pair[0] + " ");
      label.appendChild(pair[1]);
      form.appendChild(label);
    });
    var save = el("button", null, "Save correction");
    save.type = "submit";
    form.appendChild(save);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = { action: "correct", reason: self.reason.value };
      if (kind.value) body.kind = kind.value;
      if (date.value) body.date = date.value;
      if (precision.value) body.precision = precision.value;
      if (site.value.trim()) body.site = site.value.trim();
      self._decide("/api/v1/events/" + id + "/review", body);
    });
    correct.appendChild(form);
    box.appendChild(correct);
    return box;
  };

  Review.prototype._siteForms = function (site) {
    var self = this, box = el("div", "review-site");
    var merge = el("details", "review-merge");
    merge.appendChild(el("summary", null, "Merge this site into…"));
    var mergeForm = el("form", "review-form"), into = el("input");
    into.placeholder = "id of the site that stays";
    into.required = true;
    mergeForm.appendChild(into);
    var mergeButton = el("button", null, "Merge");
    mergeButton.type = "submit";
    mergeForm.appendChild(mergeButton);
    mergeForm.addEventListener("submit", function (event) {
      event.preventDefault();
      self._decide("/api/v1/sites/" + encodeURIComponent(site.id) + "/merge", { into: into.value.trim(), reason: self.reason.value },
        into.value.trim());
    });
    merge.appendChild(mergeForm);
    box.appendChild(merge);
    var add = el("details", "review-add");
    add.appendChild(el("summary", null, "Add an event…"));
    var addForm = el("form", "review-form"), fields = {};
    [["article", "Article key or URL", "text"], ["sentence", "Sentence, as the article words it", "text"],
     ["kind", "Kind", "select"], ["date", "Date", "date"], ["precision", "Precision", "select"]].forEach(function (spec) {
      var input = spec[2] === "select" ? el("select") : el("input");
      if (spec[2] !== "select") input.type = spec[2];
      (spec[0] === "kind" ? KINDS : spec[0] === "precision" ? ["day", "month", "year"] : []).forEach(function (v) {
        var o = el("option", null, v); o.value = v; input.appendChild(o);
      });
      input.required = true;
      fields[spec[0]] = input;
      var label = el("label", null, spec[1] + " ");
      label.appendChild(input);
      addForm.appendChild(label);
    });
    var addButton = el("button", null, "Add event");
    addButton.type = "submit";
    addForm.appendChild(addButton);
    addForm.addEventListener("submit", function (event) {
      event.preventDefault();
      self._decide("/api/v1/events", {
        article: fields.article.value.trim(), sentence: fields.sentence.value, site: site.id, kind: fields.kind.value,
        date: fields.date.value, precision: fields.precision.value, reason: self.reason.value
      });
    });
    add.appendChild(addForm);
    box.appendChild(add);
    return box;
  };

  Review.prototype._decide = function (url, body, openSite) {
    var self = this, app = this.app, id = app.state.site;
    this.status.textContent = "Saving…";
    return send("POST", url, body).then(function (decision) {
      self.lastMessage = "Recorded: " + decision.action + " by " + decision.reviewer;
      self.status.textContent = self.lastMessage;
      return self.refreshSite(openSite || id);
    }).catch(function (error) {
      self.status.textContent = "Not recorded: " + error.message;
    });
  };

  /* Read the site's events again and recompute its status on the map in place. */
  Review.prototype.refreshSite = function (id) {
    var app = this.app, i = app.indexById[id], S = root.BasewatchStatus;
    return fetch("/api/v1/sites/" + encodeURIComponent(id), { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (feature) {
        if (!feature || i === undefined) { root.location.reload(); return; }
        var events = feature.properties.events.map(function (e) {
          return [e.date, e.kind, e.precision, e.article.story || "a" + e.article_id];
        });
        app.sites[i].events = events;
        app.index.compiled[i] = S.compile(events);
        app.index.steps[i] = -2;  // recompute and repaint this site on the next update
        app.setDay(app.state.day);
        app.dom.detail.removeAttribute("data-site-id");
        app._renderDetail(feature);
        app.dom.detail.setAttribute("data-site-id", id);
      });
  };

  /* ---- on the sign-in page ---- */

  function signInPage(form) {
    var state = document.getElementById("review-state");
    var show = function () {
      whoAmI().then(function (name) { state.textContent = name ? "Signed in as " + name + "." : "Not signed in."; });
    };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      root.sessionStorage.setItem(KEY, document.getElementById("review-token").value.trim());
      whoAmI().then(function (name) {
        if (!name) root.sessionStorage.removeItem(KEY);
        state.textContent = name ? "Signed in as " + name + "." : "That token is not a reviewer's.";
      });
    });
    document.getElementById("review-signout").addEventListener("click", function () {
      root.sessionStorage.removeItem(KEY);
      show();
    });
    show();
  }

  function start() {
    var form = document.getElementById("review-signin");
    if (form) { signInPage(form); return; }
    var app = Basewatch.app;
    if (!app || !token()) return;  // anonymous: no controls at all
    whoAmI().then(function (name) {
      if (!name) return;
      Basewatch.review = new Review(app, name);
      document.documentElement.setAttribute("data-reviewer", name);
      if (app.state.site) { app.dom.detail.removeAttribute("data-site-id"); app._loadDetail(app.state.site); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else setTimeout(start, 0);
})(window);
