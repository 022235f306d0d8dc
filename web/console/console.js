// taxgate review console: the queue, an item's evidence, a decision, the
// supervisor's view and the auditor's proofs. Plain JavaScript, no
// framework, nothing from the network but this server's /api. Every value
// from the server is put in the page as text (never as HTML).
"use strict";

const state = { me: null, queue: null, selected: 0 };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function say(text) {
  document.getElementById("status").textContent = text;
}

function show(...nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  main.focus();
}

async function api(path, options = {}) {
  const init = { credentials: "same-origin", headers: {} };
  if (options.body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
    if (state.me) init.headers["X-CSRF-Token"] = state.me.csrf;
  }
  const res = await fetch(path, init);
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    body = { error: "the server's answer is not JSON (" + res.status + ")" };
  }
  if (res.status === 401 && path !== "/api/login") {
    state.me = null;
    renderLogin(body.error);
    throw new Error(body.error);
  }
  if (!res.ok) {
    const err = new Error(body.error || "HTTP " + res.status);
    err.status = res.status;
    throw err;
  }
  return body;
}

function fmtHours(h) {
  if (h === null || h === undefined) return "";
  if (h < 1) return Math.round(h * 60) + " min";
  if (h < 48) return h.toFixed(1) + " h";
  return (h / 24).toFixed(1) + " days";
}

// ---- header and routing ------------------------------------------------

function renderHeader() {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  const logout = document.getElementById("logout");
  if (!state.me) {
    nav.hidden = true;
    logout.hidden = true;
    who.textContent = "";
    return;
  }
  nav.hidden = false;
  logout.hidden = false;
  who.textContent = state.me.user + " (" + state.me.role + ")";
  for (const a of nav.querySelectorAll("a")) {
    a.hidden = !a.dataset.roles.split(" ").includes(state.me.role);
    const current = location.hash.startsWith(a.getAttribute("href"));
    if (current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

async function route() {
  renderHeader();
  if (!state.me) return renderLogin();
  const h = location.hash || "";
  try {
    if (h.startsWith("#/item/")) {
      const [, , batch, position] = h.split("/");
      return await renderItem(batch, Number(position));
    }
    if (h.startsWith("#/supervisor")) return await renderSupervisor();
    if (h.startsWith("#/audit")) return await renderAudit();
    if (state.me.role === "auditor") {
      location.hash = "#/audit";
      return;
    }
    return await renderQueue();
  } catch (e) {
    if (state.me) show(el("p", { class: "error", role: "alert", text: e.message }));
  }
}

// ---- login -------------------------------------------------------------

function renderLogin(message) {
  renderHeader();
  const error = el("p", { class: "error", id: "login-error", role: "alert",
                          text: message && message !== "not logged in" ? message : "" });
  const user = el("input", { id: "user", name: "user", autocomplete: "username",
                             required: true });
  const password = el("input", { id: "password", name: "password", type: "password",
                                 autocomplete: "current-password", required: true });
  const form = el("form", { class: "panel login", "aria-labelledby": "login-title",
    onsubmit: async (ev) => {
      ev.preventDefault();
      error.textContent = "";
      try {
        state.me = await api("/api/login", {
          body: { user: user.value, password: password.value } });
        password.value = "";
        say("Logged in as " + state.me.user + ".");
        if (!location.hash || location.hash === "#/login") {
          location.hash = state.me.role === "auditor" ? "#/audit" : "#/queue";
        }
        route();
      } catch (e) {
        error.textContent = e.message;
        password.value = "";
        password.focus();
      }
    } },
    el("h1", { id: "login-title", text: "Log in" }),
    el("label", { for: "user", text: "User name" }), user,
    el("label", { for: "password", text: "Password" }), password,
    el("p", {}, el("button", { type: "submit", text: "Log in" })),
    error,
    el("p", { class: "note", text: "Every view and decision is recorded in the audit log." }));
  show(form);
  user.focus();
}

// ---- the queue -----------------------------------------------------------

function countsPanel(title, counts) {
  const rows = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
  return el("section", { class: "panel", "aria-label": title },
    el("h2", { text: title }),
    rows.length === 0 ? el("p", { class: "note", text: "none" }) :
    el("table", {}, el("tbody", {}, rows.map(([k, v]) =>
      el("tr", {}, el("td", { text: k }), el("td", { text: String(v) }))))));
}

async function renderQueue() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const agency = params.get("agency") || "";
  const reason = params.get("reason") || "";
  const q = await api("/api/queue?" + new URLSearchParams({ agency, reason }));
  state.queue = q;
  state.selected = Math.min(state.selected, Math.max(0, q.items.length - 1));
  const pick = (id, label, options, value) => el("div", {},
    el("label", { for: id, text: label }),
    el("select", { id, onchange: () => {
        const p = new URLSearchParams({
          agency: document.getElementById("f-agency").value,
          reason: document.getElementById("f-reason").value });
        location.hash = "#/queue?" + p;
      } },
      el("option", { value: "", text: "all" }),
      options.map((o) => el("option", { value: o, selected: o === value, text: o }))));
  const rows = q.items.map((it, i) => {
    const tr = el("tr", { class: "row" + (i === state.selected ? " selected" : ""),
                          tabindex: i === state.selected ? "0" : "-1",
                          "data-index": String(i),
                          onclick: () => open(i),
                          onkeydown: (ev) => { if (ev.key === "Enter") open(i); } },
      el("td", { text: it.request_id }),
      el("td", { text: it.agency }),
      el("td", {}, el("span", { class: "tag " + it.kind, text: it.kind }),
        it.reasons.join(", ")),
      el("td", { text: fmtHours(it.waiting_hours) }),
      el("td", { text: it.proposal ? "proposed by " + it.proposal.by : "" }));
    return tr;
  });
  function open(i) {
    const it = q.items[i];
    location.hash = "#/item/" + it.batch + "/" + it.position;
  }
  const table = el("table", { id: "queue", "aria-describedby": "queue-help" },
    el("caption", { class: "note", id: "queue-help",
      text: "Oldest first. Keys: ↓/j next, ↑/k previous, Enter opens." }),
    el("thead", {}, el("tr", {}, ["Request", "Agency", "Why in review", "Waiting", "Two-person"]
      .map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, rows));
  table.addEventListener("keydown", (ev) => {
    const next = ev.key === "ArrowDown" || ev.key === "j";
    const prev = ev.key === "ArrowUp" || ev.key === "k";
    if (!next && !prev) return;
    ev.preventDefault();
    const n = q.items.length;
    if (n === 0) return;
    state.selected = (state.selected + (next ? 1 : n - 1)) % n;
    rows.forEach((r, i) => {
      r.classList.toggle("selected", i === state.selected);
      r.tabIndex = i === state.selected ? 0 : -1;
    });
    rows[state.selected].focus();
  });
  show(
    el("h1", { text: "Review queue" }),
    el("p", {}, q.items.length + " shown of " + q.total + " waiting for a person."),
    el("div", { class: "counts" },
      countsPanel("By reason", q.by_reason),
      countsPanel("By waiting time", q.by_age),
      countsPanel("By agency", q.by_agency)),
    el("div", { class: "filters", role: "search", "aria-label": "Filter the queue" },
      pick("f-agency", "Agency", Object.keys(q.by_agency), agency),
      pick("f-reason", "Reason code", Object.keys(q.by_reason), reason)),
    q.items.length ? table : el("p", { class: "note", text: "Nothing waits for review." }));
  if (rows.length) rows[state.selected].focus();
}

// ---- one item ------------------------------------------------------------

const FIELDS = [
  ["first_name", "First name"], ["middle_name", "Middle name"],
  ["last_name", "Last name"], ["dob", "Date of birth"], ["street", "Street"],
  ["unit", "Unit"], ["city", "City"], ["state", "State"], ["zip", "ZIP"],
  ["tin", "TIN"],
];

function sideBySide(item) {
  const cols = [{ title: "Request " + item.request.request_id,
                  raw: item.request.person, norm: item.request.normalized }];
  for (const c of item.candidates) {
    cols.push({ title: "Candidate " + c.record_id +
                       (c.record ? " (" + c.record.source + ", " + c.record.tax_year + ")" : ""),
                raw: c.record || {}, norm: c.normalized || {} });
  }
  const grid = el("div", { class: "side", role: "table",
                           "aria-label": "The request and its candidates, field by field" });
  // (Through the CSSOM: the page's CSP refuses style attributes.)
  grid.style.setProperty("--cols", String(cols.length));
  const row = (...cells) => el("div", { role: "row" }, cells);
  grid.append(row(el("div", { class: "h", role: "columnheader", text: "Field" }),
    cols.map((c) => el("div", { class: "h", role: "columnheader", text: c.title }))));
  for (const [key, label] of FIELDS) {
    const base = (cols[0].norm[key] || "").toString();
    grid.append(row(el("div", { class: "f", role: "rowheader", text: label }),
      cols.map((c, i) => {
        const raw = (c.raw[key] || "").toString();
        const norm = (c.norm[key] || "").toString();
        const differs = i > 0 && norm !== base;
        return el("div", { role: "cell", class: differs ? "diff" : null,
                           title: differs ? "differs from the request" : null },
          raw || "—", el("span", { class: "norm", text: norm ? "→ " + norm : "" }),
          differs ? el("span", { class: "sr-only", text: " (differs)" }) : null);
      })));
  }
  return grid;
}

// A waterfall of the match weights, as Splink draws it: the prior, then
// each field's contribution, to the final weight and probability.
function waterfall(c) {
  // The model's prior is the first weight when the evidence lists it
  // (field "prior"); otherwise it is what the fields' weights leave over.
  const weights = c.weights || [];
  const steps = weights.some((w) => w.field === "prior") ? [] :
    [{ label: "prior (λ)", w: c.prior_weight || 0 }];
  for (const w of weights) {
    steps.push({ label: w.field === "prior" ? "prior (λ)" : w.field + ": " + w.level, w: w.weight });
  }
  let run = 0;
  const bars = steps.map((s) => {
    const from = run;
    run += s.w;
    return { ...s, from, to: run };
  });
  const lo = Math.min(0, ...bars.map((b) => Math.min(b.from, b.to)));
  const hi = Math.max(0, ...bars.map((b) => Math.max(b.from, b.to)));
  const W = 760, left = 190, right = 170, rowH = 22, top = 10;
  const H = top + (bars.length + 1) * rowH + 30;
  const x = (v) => left + ((v - lo) / (hi - lo || 1)) * (W - left - right);
  const g = svg("svg", { class: "waterfall", viewBox: `0 0 ${W} ${H}`, role: "img",
                         "aria-label": "Match weight waterfall for candidate " + c.record_id });
  g.append(svg("line", { x1: x(0), x2: x(0), y1: top, y2: H - 25, stroke: "#4a4a4a" }));
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    g.append(svg("text", { x: left - 6, y: y + 15, "text-anchor": "end" }, b.label));
    g.append(svg("rect", { x: Math.min(x(b.from), x(b.to)), y: y + 3,
                           width: Math.max(1, Math.abs(x(b.to) - x(b.from))), height: rowH - 6,
                           fill: b.w >= 0 ? "#0a6b2d" : "#a8201a" },
      svg("title", {}, b.label + ": " + (b.w >= 0 ? "+" : "") + b.w.toFixed(2))));
    g.append(svg("text", { x: Math.max(x(b.from), x(b.to)) + 4, y: y + 15 },
      (b.w >= 0 ? "+" : "") + b.w.toFixed(2)));
  });
  const y = top + bars.length * rowH;
  g.append(svg("text", { x: left - 6, y: y + 15, "text-anchor": "end", "font-weight": "700" },
    "final"));
  g.append(svg("rect", { x: Math.min(x(0), x(run)), y: y + 3, width: Math.max(1, Math.abs(x(run) - x(0))),
                         height: rowH - 6, fill: "#0b4f8a" }));
  g.append(svg("text", { x: Math.max(x(0), x(run)) + 4, y: y + 15 },
    run.toFixed(2) + " → p = " + (c.probability !== undefined ? c.probability.toFixed(6) : "?")));
  g.append(svg("text", { x: left, y: H - 8 }, "weight (log2 Bayes factor)"));
  return g;
}

async function renderItem(batch, position) {
  const item = await api("/api/item?" + new URLSearchParams({ batch, position }));
  const law = item.kind === "law";
  const reasons = el("ul", { class: "rules" }, item.reasons.map((r) =>
    el("li", {}, el("strong", { text: r.code }), " ",
      el("span", { class: "cite", text: r.citation }),
      el("div", { text: r.statement }))));
  const request = item.request;
  const facts = el("table", { "aria-label": "The request as written" }, el("tbody", {},
    [["Agency", item.agency], ["Signed by", request.signed_by],
     ["Official", request.official_id], ["Case", request.case_number],
     ["Statute", request.statute], ["Tax periods", request.tax_periods],
     ["Purpose", request.purpose || "criminal_investigation"],
     ["Fields", request.fields_requested || "address"],
     ["Reason", request.reason], ["Received", item.received_at]]
      .map(([k, v]) => el("tr", {}, el("th", { scope: "row", text: k }), el("td", { text: v || "" })))));

  const cands = item.candidates.map((c, i) => el("section", { class: "panel" },
    el("h2", { text: "Candidate " + (i + 1) + ": " + c.record_id +
                     " — probability " + Number(c.probability).toFixed(6) }),
    waterfall(c)));

  // The decision form.
  const justification = el("textarea", { id: "justification", required: true,
    "aria-describedby": "just-help" });
  const record = el("select", { id: "record" },
    item.candidates.map((c) => el("option", { value: c.record_id,
      selected: item.proposal && item.proposal.record_id === c.record_id, text: c.record_id })));
  const reason = el("select", { id: "reason" },
    ["identity_confirmed", "identity_not_confirmed", "request_unlawful",
     "request_incomplete", "other"].map((r) => el("option", { value: r, text: r })));
  const result = el("div", { id: "result", role: "alert" });
  async function decide(action) {
    result.textContent = "";
    try {
      const out = await api("/api/decide", { body: {
        batch, position, action, record_id: action === "disclose" ? record.value : "",
        reason: reason.value, justification: justification.value } });
      result.replaceChildren(el("p", { class: "ok", text: out.message }),
        el("p", { text: "Decision: " + out.decision + " (" + out.reasons + "). Audit entry " +
                        out.review_leaf + "." }),
        el("p", {}, el("a", { href: "#/queue", text: "Back to the queue" })));
      result.dataset.reviewLeaf = String(out.review_leaf);
      say(out.message);
    } catch (e) {
      result.replaceChildren(el("p", { class: "error", text: e.message }));
    }
  }
  const proposal = item.proposal;
  const mine = proposal && proposal.by === state.me.user;
  const canConfirm = proposal && !mine && state.me.role === "supervisor";
  const discloseLabel = !item.two_person ? "Disclose this candidate" :
    proposal ? "Confirm the proposed disclosure" : "Propose disclosure";
  const form = el("form", { class: "panel form", "aria-labelledby": "decide-title",
                            onsubmit: (ev) => ev.preventDefault() },
    el("h2", { id: "decide-title", text: "Decision" }),
    proposal ? el("p", { class: "note", id: "proposal",
      text: "Proposed by " + proposal.by + " at " + proposal.at + ": disclose " +
            proposal.record_id + " (" + proposal.reason + ")." +
            (mine ? " Another person must confirm it." : "") }) : null,
    law ? el("p", { class: "note",
      text: "A rule of law holds this request: it can only be rejected (the agency may send a corrected request)." }) : null,
    !law ? el("div", {}, el("label", { for: "record", text: "Candidate" }), record) : null,
    el("label", { for: "reason", text: "Reason code" }), reason,
    el("label", { for: "justification", text: "Written justification (required)" }), justification,
    el("p", { class: "note", id: "just-help",
      text: "Kept with the decision as a keyed digest; say what you compared and why." }),
    el("div", { class: "actions" },
      !law && (!proposal || canConfirm || !item.two_person) ?
        el("button", { type: "button", id: "disclose", onclick: () => decide("disclose"),
                       text: discloseLabel }) : null,
      !law ? el("button", { type: "button", class: "secondary", id: "no-record",
                            onclick: () => decide("no_record"), text: "No record (not confirmed)" }) : null,
      el("button", { type: "button", class: "danger", id: "reject",
                     onclick: () => decide("reject"), text: "Reject the request" })),
    result);

  show(
    el("p", {}, el("a", { href: "#/queue", text: "← Queue" })),
    el("h1", { text: "Request " + item.request_id }),
    el("section", { class: "panel" }, el("h2", { text: "Why it waits for a person" }), reasons),
    el("section", {}, el("h2", { text: "The request" }), facts),
    item.candidates.length ? el("section", {},
      el("h2", { text: "Side by side (raw, → normalized; differences highlighted)" }),
      sideBySide(item)) : null,
    cands,
    form);
}

// ---- the supervisor's view -----------------------------------------------

async function renderSupervisor() {
  const s = await api("/api/supervisor");
  const pct = (v) => (v === null || v === undefined ? "—" : (v * 100).toFixed(0) + "%");
  show(
    el("h1", { text: "Supervisor" }),
    el("p", {}, s.open_proposals + " disclosures proposed and waiting for confirmation."),
    el("h2", { text: "Reviewers" }),
    el("table", { id: "reviewers" },
      el("thead", {}, el("tr", {}, ["Reviewer", "Disclosed", "No record", "Rejected", "Proposed",
        "Confirmed others'", "Own proposals confirmed", "Overturned", "Agreement", "Mean wait"]
        .map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, s.reviewers.map((r) => el("tr", {},
        el("td", { text: r.reviewer }), el("td", { text: r.disclose }),
        el("td", { text: r.no_record }), el("td", { text: r.reject }),
        el("td", { text: r.proposed }), el("td", { text: r.confirmations }),
        el("td", { text: r.proposals_confirmed }), el("td", { text: r.proposals_overturned }),
        el("td", { text: pct(r.agreement_rate) }), el("td", { text: fmtHours(r.mean_wait_hours) }))))),
    el("h2", { text: "Recent decisions (newest first)" }),
    el("table", { id: "recent" },
      el("thead", {}, el("tr", {}, ["Time", "Reviewer", "Action", "Reason", "Request",
        "Proposed by", "Waited", "Entry"].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, s.recent.map((e) => el("tr", {},
        el("td", { text: e.time }), el("td", { text: e.reviewer }), el("td", { text: e.action }),
        el("td", { text: e.reason }), el("td", { text: e.request_id }),
        el("td", { text: e.proposed_by }), el("td", { text: fmtHours(e.waited_hours) }),
        el("td", {}, el("a", { href: "#/audit?leaf=" + e.leaf, text: String(e.leaf) })))))));
}

// ---- the auditor's view ----------------------------------------------------

async function renderAudit() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const info = await api("/api/audit/checkpoints");
  const cps = info.checkpoints;
  const latest = cps[cps.length - 1];
  const vkey = el("input", { id: "vkey", size: "70", value: sessionStorage.getItem("vkey") || "",
                             "aria-describedby": "vkey-help" });
  const leaf = el("input", { id: "leaf", type: "number", min: "0", value: params.get("leaf") || "" });
  const from = el("select", { id: "from" }, cps.map((c) => el("option", { value: c.tree_size,
    text: c.tree_size + " (" + c.created_at + ")" })));
  const to = el("select", { id: "to" }, cps.map((c, i) => el("option", { value: c.tree_size,
    selected: i === cps.length - 1, text: c.tree_size + " (" + c.created_at + ")" })));
  const out = el("div", { id: "proof-result", role: "alert" });
  const note = (size) => cps.find((c) => String(c.tree_size) === String(size)).note;

  async function checked(noteText) {
    const key = vkey.value.trim();
    if (!key) throw new Error("paste the log's verifier key (published by the operator) first");
    sessionStorage.setItem("vkey", key);
    if (!(await TaxgateProof.verifyNote(noteText, key))) {
      throw new Error("the checkpoint's signature does NOT verify with that key");
    }
    return TaxgateProof.parseNote(noteText);
  }
  async function inclusion() {
    out.replaceChildren();
    try {
      const cp = await checked(latest.note);
      const n = Number(leaf.value);
      const entry = await api("/api/audit/entry?leaf=" + n);
      const bytes = TaxgateProof.fromBase64(entry.entry_base64);
      const lh = await TaxgateProof.leafHash(bytes);
      const proof = await api("/api/audit/proof?" + new URLSearchParams({ leaf: n, size: cp.size }));
      const ok = await TaxgateProof.verifyInclusion(n, cp.size, lh,
        proof.path_hex.map(TaxgateProof.fromHex), cp.root);
      out.replaceChildren(
        el("p", { class: ok ? "ok" : "bad", id: "inclusion-verdict",
          text: ok ? "Verified in this browser: entry " + n + " is in the log of size " + cp.size +
                     " whose signed checkpoint you checked."
                   : "NOT verified: the proof does not lead to the signed root." }),
        el("p", { class: "note", text: "Leaf hash (computed here): " + TaxgateProof.toHex(lh) }),
        el("pre", { tabindex: "0", "aria-label": "Entry " + n, text: new TextDecoder().decode(bytes) }));
    } catch (e) {
      out.replaceChildren(el("p", { class: "bad", id: "inclusion-verdict", text: e.message }));
    }
  }
  async function consistency() {
    out.replaceChildren();
    try {
      const a = await checked(note(from.value));
      const b = await checked(note(to.value));
      const proof = a.size === b.size ? { path_hex: [] } :
        await api("/api/audit/consistency?" + new URLSearchParams({ from: a.size, to: b.size }));
      const ok = await TaxgateProof.verifyConsistency(a.size, b.size, a.root, b.root,
        proof.path_hex.map(TaxgateProof.fromHex));
      out.replaceChildren(el("p", { class: ok ? "ok" : "bad", id: "consistency-verdict",
        text: ok ? "Verified in this browser: the log of size " + b.size + " extends the log of size " +
                   a.size + " (both checkpoints' signatures checked)."
                 : "NOT verified: the later checkpoint does not extend the earlier one." }));
    } catch (e) {
      out.replaceChildren(el("p", { class: "bad", id: "consistency-verdict", text: e.message }));
    }
  }
  show(
    el("h1", { text: "Audit log" }),
    el("section", { class: "panel" },
      el("h2", { text: "Latest checkpoint" }),
      latest ? el("pre", { id: "cosigned", tabindex: "0", "aria-label": "The latest checkpoint, cosigned", text: info.cosigned_note || latest.note })
             : el("p", { text: "No checkpoint yet." }),
      el("p", { class: "note", text: info.witnesses.length
        ? "Witnesses configured: " + info.witnesses.join(", ") + ". Their cosignature lines follow the log's."
        : "No witnesses configured for this server." })),
    el("section", { class: "panel form" },
      el("h2", { text: "Check it yourself" }),
      el("label", { for: "vkey", text: "The log's verifier key" }), vkey,
      el("p", { class: "note", id: "vkey-help",
        text: "Take it from where the operator publishes it, not from this page. This server lists: " +
              (info.verifiers.join(" ; ") || "none") }),
      el("label", { for: "leaf", text: "Entry (leaf index)" }), leaf,
      el("div", { class: "actions" },
        el("button", { type: "button", id: "check-inclusion", onclick: inclusion,
                       text: "Check inclusion in the latest checkpoint" })),
      el("label", { for: "from", text: "Earlier checkpoint" }), from,
      el("label", { for: "to", text: "Later checkpoint" }), to,
      el("div", { class: "actions" },
        el("button", { type: "button", id: "check-consistency", onclick: consistency,
                       text: "Check consistency" })),
      out));
}

// ---- start -----------------------------------------------------------------

document.getElementById("logout").addEventListener("click", async () => {
  try {
    await api("/api/logout", { body: {} });
  } catch (e) { /* the session is gone either way */ }
  state.me = null;
  location.hash = "#/login";
  renderLogin("Logged out.");
});
window.addEventListener("hashchange", route);
(async () => {
  try {
    const res = await fetch("/api/me", { credentials: "same-origin" });
    if (res.ok) state.me = await res.json();
  } catch (e) { /* not logged in */ }
  route();
})();
