/* Handlingsrom dashboard: charts, live updates of the plan as you change it, saving.
 * The page's results are rendered by the server; this module sends the working scenario
 * document (the stored one with your changes) and puts the server's HTML in place. */
(function () {
  "use strict";

  const stateEl = document.getElementById("plan-state");
  const S = stateEl ? JSON.parse(stateEl.textContent) : null;
  const NB = { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0kr"], minus: "\u2212" };
  const LOCALE = S ? S.format_locale : (document.documentElement.lang === "nb" ? NB : undefined);
  const HR = (window.__hr = { seq: 0, heavySeq: 0, latencies: [], errors: [] });

  // ------------------------------------------------------------------ charts
  const embedded = new Map();
  function embedCharts(root) {
    const jobs = [];
    root.querySelectorAll("script.chart-spec").forEach(function (el) {
      const target = document.getElementById(el.dataset.for);
      if (!target) return;
      const spec = JSON.parse(el.textContent);
      const old = embedded.get(target);
      if (old) { old.finalize(); embedded.delete(target); }
      const opts = { renderer: "svg", actions: false, tooltip: { theme: "light" } };
      if (LOCALE) opts.formatLocale = LOCALE;
      jobs.push(
        vegaEmbed(target, spec, opts).then(function (res) {
          embedded.set(target, res);
          const svg = target.querySelector("svg");
          if (svg) { svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); }
        })
      );
    });
    return Promise.all(jobs);
  }

  function announce(text) {
    const el = document.getElementById("live-status");
    if (el) el.textContent = text;
  }

  if (!S) {
    embedCharts(document);
    return;
  }

  // ------------------------------------------------------------------ the working state
  const T = S.text;
  const planId = S.plan.id;
  const storeKey = "hr-work:" + planId + ":r" + S.plan.revision;
  const clone = function (x) { return JSON.parse(JSON.stringify(x)); };
  const leverIds = new Set(S.lever_measures);

  function leversFromDoc(doc) {
    const out = {};
    const a = (doc && doc.assumptions) || {};
    S.levers.forEach(function (lv) {
      const e = a[lv.paths[0]];
      const editable = e === undefined || (e !== null && typeof e === "object" && lv.form in e &&
        Object.keys(e).every(function (k) { return k === lv.form || k === "from"; }));
      out[lv.id] = {
        editable: editable,
        value: editable && e ? e[lv.form] : null,
        from: editable && e ? (e.from || null) : null,
      };
    });
    return out;
  }

  const work = {
    rows: clone(S.rows),
    levers: leversFromDoc(S.doc),
    savingsStart: null,
  };
  const initial = snapshot();

  function snapshot() {
    const strip = function (rows) { return rows.map(function (r) { const c = Object.assign({}, r); delete c.origin; return c; }); };
    return JSON.stringify({ m: strip(work.rows.measures), i: strip(work.rows.investments), l: work.levers });
  }
  function dirty() { return snapshot() !== initial; }

  function rowKey(r) { return r.id; }
  function tableChanges(kind) {
    const base = new Map(S.base_rows[kind].map(function (r) { return [rowKey(r), r]; }));
    const cur = new Map(work.rows[kind].map(function (r) { return [rowKey(r), r]; }));
    const add = [], update = [], remove = [];
    cur.forEach(function (r, id) {
      const row = Object.assign({}, r); delete row.origin;
      const b = base.get(id);
      if (!b) {
        const clean = {};
        Object.keys(row).forEach(function (k) { if (row[k] !== null && row[k] !== undefined && row[k] !== "") clean[k] = row[k]; });
        add.push(clean);
        return;
      }
      const set = {};
      Object.keys(row).forEach(function (k) {
        if (k !== "source" && k !== "note" && row[k] !== b[k] && !(row[k] === null && b[k] === undefined)) set[k] = row[k];
      });
      if (Object.keys(set).length) update.push({ where: { id: id }, set: set });
    });
    base.forEach(function (_, id) { if (!cur.has(id)) remove.push({ id: id }); });
    const out = {};
    if (add.length) out.add = add;
    if (update.length) out.update = update;
    if (remove.length) out.remove = remove;
    return Object.keys(out).length ? out : null;
  }

  function buildDoc() {
    const doc = clone(S.doc || {});
    const a = doc.assumptions || {};
    S.levers.forEach(function (lv) {
      const st = work.levers[lv.id];
      if (!st || !st.editable) return;
      lv.paths.forEach(function (p) { delete a[p]; });
      if (st.value !== null && st.value !== "" && isFinite(st.value) && Number(st.value) !== (lv.form === "add" ? 0 : NaN)) {
        lv.paths.forEach(function (p) {
          const e = {}; e[lv.form] = Number(st.value);
          if (st.from) e.from = Number(st.from);
          a[p] = e;
        });
      }
    });
    if (Object.keys(a).length) doc.assumptions = a; else delete doc.assumptions;
    const d = doc.decisions || {};
    ["measures", "investments"].forEach(function (kind) {
      const ch = tableChanges(kind);
      if (ch) d[kind] = ch; else delete d[kind];
    });
    if (Object.keys(d).length) doc.decisions = d; else delete doc.decisions;
    return doc;
  }

  function saveWork() {
    try {
      if (dirty()) sessionStorage.setItem(storeKey, JSON.stringify({ rows: work.rows, levers: work.levers }));
      else sessionStorage.removeItem(storeKey);
    } catch (e) { /* private mode: nothing kept across pages */ }
  }

  // ------------------------------------------------------------------ the forms
  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  const fmtInput = function (v) { return v === null || v === undefined ? "" : String(Math.round(v * 1000) / 1000); };

  function renderMeasures() {
    const table = document.getElementById("measures-table");
    const body = document.getElementById("measures-body");
    if (!table || !body) return;
    const sectors = JSON.parse(table.dataset.sectors || "{}");
    const y0 = S.years[0], y1 = S.years[1];
    body.innerHTML = work.rows.measures.filter(function (r) { return !leverIds.has(r.id); }).map(function (r) {
      const origin = r.origin && r.origin !== "dataset" ? r.origin : "";
      const tag = origin ? ' <span class="tag">' + esc(T[origin] || origin) + "</span>" : "";
      return '<tr data-measure="' + esc(r.id) + '"' + (origin ? ' class="origin-' + origin + '"' : "") + ">" +
        '<th scope="row">' + esc(r.name) + tag + "</th>" +
        "<td>" + esc(sectors[r.sector] || r.sector) + "</td>" +
        "<td>" + esc(T[r.kind] || r.kind) + "</td>" +
        '<td class="num"><input type="number" inputmode="decimal" step="any" min="-100000" max="100000" data-field="amount_nok" data-scale="1000000" value="' + fmtInput(r.amount_nok / 1e6) + '" aria-label="' + esc(T.amount_mnok + ": " + r.name) + '"></td>' +
        '<td class="num"><input type="number" inputmode="numeric" step="1" min="' + y0 + '" max="' + y1 + '" data-field="start_year" value="' + esc(r.start_year) + '" aria-label="' + esc(T.start_year + ": " + r.name) + '"></td>' +
        "<td>" + esc(T[r.status] || r.status) + "</td>" +
        '<td><button type="button" class="small" data-action="remove-measure" aria-label="' + esc(T.remove + ": " + r.name) + '">' + esc(T.remove) + "</button></td></tr>";
    }).join("");
  }

  function syncInputs() {
    document.querySelectorAll("tr[data-investment]").forEach(function (tr) {
      const r = work.rows.investments.find(function (x) { return x.id === tr.dataset.investment; });
      if (!r) return;
      tr.querySelectorAll("input[data-field]").forEach(function (inp) {
        const scale = Number(inp.dataset.scale || 1);
        inp.value = fmtInput(r[inp.dataset.field] / scale);
      });
      tr.classList.toggle("edited", isChanged("investments", r));
    });
    document.querySelectorAll("fieldset[data-lever]").forEach(function (fs) {
      const st = work.levers[fs.dataset.lever];
      if (!st || !st.editable) return;
      const scale = Number(fs.dataset.scale || 1);
      fs.querySelector('[data-part="value"]').value = st.value === null ? "" : fmtInput(st.value * scale);
      if (st.from) fs.querySelector('[data-part="from"]').value = st.from;
    });
    document.querySelectorAll("fieldset[data-revenue]").forEach(function (fs) {
      const r = work.rows.measures.find(function (x) { return x.id === fs.dataset.revenue; });
      fs.querySelector('[data-part="amount"]').value = r ? fmtInput(-r.amount_nok / 1e6) : "";
      if (r) {
        fs.querySelector('[data-part="from"]').value = r.start_year;
        fs.querySelector('[data-part="sector"]').value = r.sector;
      }
    });
  }

  function isChanged(kind, r) {
    const b = S.base_rows[kind].find(function (x) { return x.id === r.id; });
    if (!b) return true;
    return Object.keys(b).some(function (k) { return k !== "source" && k !== "note" && b[k] !== r[k]; });
  }

  function invalid(inp) {
    if (inp.checkValidity()) { inp.removeAttribute("aria-invalid"); return false; }
    inp.setAttribute("aria-invalid", "true");
    showProblems([{ field: inp.getAttribute("aria-label") || (inp.closest("label") || {}).textContent || "", expected: inp.validationMessage, found: inp.value }]);
    return true;
  }

  function onInput(ev) {
    const inp = ev.target;
    if (!(inp instanceof HTMLInputElement || inp instanceof HTMLSelectElement)) return;
    const tr = inp.closest("tr[data-measure], tr[data-investment]");
    const lever = inp.closest("fieldset[data-lever]");
    const revenue = inp.closest("fieldset[data-revenue]");
    if (inp.hasAttribute("data-savings-start")) {
      if (invalid(inp)) return;
      work.savingsStart = inp.value ? Number(inp.value) : null;
      scheduleHeavy(300);
      return;
    }
    if (!tr && !lever && !revenue) return;
    if (inp.value !== "" && invalid(inp)) return;
    HR.inputAt = performance.now();
    if (tr) {
      if (inp.value === "") return;
      const kind = tr.dataset.measure !== undefined ? "measures" : "investments";
      const id = tr.dataset.measure !== undefined ? tr.dataset.measure : tr.dataset.investment;
      const r = work.rows[kind].find(function (x) { return x.id === id; });
      if (!r) return;
      const scale = Number(inp.dataset.scale || 1);
      const v = Number(inp.value) * scale;
      r[inp.dataset.field] = inp.dataset.field.endsWith("_year") || inp.dataset.field === "ramp_years" ? Math.round(v) : v;
      if (kind === "investments" && r.completion_year < r.start_year) {
        if (inp.dataset.field === "start_year") r.completion_year = r.start_year; else r.start_year = r.completion_year;
        r.profile = "";
        syncInputs();
      } else if (kind === "investments" && (inp.dataset.field === "start_year" || inp.dataset.field === "completion_year")) {
        r.profile = "";
      }
      tr.classList.toggle("edited", isChanged(kind, r));
    } else if (lever) {
      const st = work.levers[lever.dataset.lever];
      const scale = Number(lever.dataset.scale || 1);
      const val = lever.querySelector('[data-part="value"]').value;
      const from = lever.querySelector('[data-part="from"]').value;
      st.value = val === "" ? null : Number(val) / scale;
      st.from = from === "" ? null : Number(from);
    } else if (revenue) {
      const id = revenue.dataset.revenue;
      const amount = revenue.querySelector('[data-part="amount"]').value;
      const from = Number(revenue.querySelector('[data-part="from"]').value);
      const sector = revenue.querySelector('[data-part="sector"]').value;
      const i = work.rows.measures.findIndex(function (x) { return x.id === id; });
      if (amount === "" || Number(amount) === 0) {
        if (i >= 0) work.rows.measures.splice(i, 1);
      } else {
        const row = {
          id: id, name: revenue.querySelector("legend").textContent.trim(), sector: sector, kind: "other",
          initiative: "none", start_year: from, end_year: null, amount_nok: -Number(amount) * 1e6,
          ramp_years: 1, status: "proposed", origin: "added",
        };
        if (i >= 0) work.rows.measures[i] = Object.assign(work.rows.measures[i], row); else work.rows.measures.push(row);
      }
    }
    schedule();
  }

  function onClick(ev) {
    const btn = ev.target.closest("button[data-action]");
    if (!btn) return;
    const tr = btn.closest("tr");
    HR.inputAt = performance.now();
    if (btn.dataset.action === "delay") {
      const r = work.rows.investments.find(function (x) { return x.id === tr.dataset.investment; });
      r.start_year += 2; r.completion_year += 2;
      syncInputs();
      announce(btn.getAttribute("aria-label"));
    } else if (btn.dataset.action === "remove-measure") {
      const id = tr.dataset.measure;
      work.rows.measures = work.rows.measures.filter(function (x) { return x.id !== id; });
      renderMeasures();
      const first = document.querySelector("#measures-body input");
      if (first) first.focus();
    }
    schedule();
  }

  function onAddMeasure(ev) {
    ev.preventDefault();
    const f = ev.target;
    if (!f.reportValidity()) return;
    const data = new FormData(f);
    const name = String(data.get("name")).trim();
    const slug = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "tiltak";
    let id = "ny-" + slug, n = 2;
    while (work.rows.measures.some(function (x) { return x.id === id; })) id = "ny-" + slug + "-" + n++;
    work.rows.measures.push({
      id: id, name: name, sector: data.get("sector"), kind: data.get("kind"), initiative: "none",
      start_year: Number(data.get("start_year")), end_year: null, amount_nok: Number(data.get("amount")) * 1e6,
      ramp_years: Number(data.get("ramp_years")), status: data.get("status"), origin: "added",
    });
    HR.inputAt = performance.now();
    renderMeasures();
    f.reset();
    announce(name);
    schedule();
  }

  // ------------------------------------------------------------------ live updates
  const results = document.getElementById("results");
  const heavyEl = document.getElementById("heavy");
  const problemsEl = document.getElementById("problems");
  let inflight = false, pending = false;

  function showProblems(problems, title) {
    if (!problemsEl) return;
    problemsEl.hidden = false;
    problemsEl.innerHTML = "<p>" + esc(title || T.problems) + "</p><ul>" + problems.map(function (p) {
      return "<li><code>" + esc(p.field) + "</code>: " + esc(p.expected) + (p.found ? " (" + esc(p.found) + ")" : "") + "</li>";
    }).join("") + "</ul>";
  }
  function hideProblems() { if (problemsEl) { problemsEl.hidden = true; problemsEl.innerHTML = ""; } }

  function updateDirty() {
    const bar = document.getElementById("savebar");
    const d = dirty();
    if (bar) bar.hidden = !d;
    document.querySelectorAll(".export-unsaved").forEach(function (el) { el.hidden = !d; });
    document.body.classList.toggle("is-dirty", d);
  }

  function post(url, body, signal) {
    return fetch(url, {
      method: "POST",
      signal: signal,
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": S.csrf },
      body: JSON.stringify(body),
    });
  }

  function schedule() {
    saveWork();
    updateDirty();
    if (!results || S.page === "history") return;
    if (inflight) { pending = true; return; }
    send();
  }

  async function send() {
    inflight = true;
    pending = false;
    const started = HR.inputAt || performance.now();
    results.classList.add("updating");
    results.setAttribute("aria-busy", "true");
    try {
      const body = { doc: dirty() ? buildDoc() : null };
      const r = await post("/plans/" + planId + "/live/" + S.page + "?lang=" + S.lang, body);
      const data = await r.json();
      if (!r.ok) {
        showProblems([{ field: String(r.status), expected: data.detail || data.title || "", found: "" }], T.error);
      } else if (data.problems) {
        showProblems(data.problems);
      } else {
        hideProblems();
        results.innerHTML = data.html;
        await embedCharts(results);
        mergeOrigins(data.rows);
      }
    } catch (e) {
      showProblems([{ field: "", expected: String(e), found: "" }], T.error);
    } finally {
      results.classList.remove("updating");
      results.removeAttribute("aria-busy");
      inflight = false;
      HR.latencies.push(performance.now() - started);
      HR.seq += 1;
      document.body.dataset.liveSeq = String(HR.seq);
      if (pending) send(); else scheduleHeavy(1000);
    }
  }

  function mergeOrigins(rows) {
    if (!rows) return;
    ["measures", "investments"].forEach(function (kind) {
      const by = new Map(rows[kind].map(function (r) { return [r.id, r.origin]; }));
      work.rows[kind].forEach(function (r) { if (by.has(r.id)) r.origin = by.get(r.id); });
    });
  }

  let heavyTimer = null, heavyToken = 0;
  function scheduleHeavy(delay) {
    if (!heavyEl) return;
    clearTimeout(heavyTimer);
    heavyTimer = setTimeout(loadHeavy, delay);
  }
  let heavyAbort = null;
  async function loadHeavy() {
    const token = ++heavyToken;
    if (heavyAbort) heavyAbort.abort();
    heavyAbort = new AbortController();
    const signal = heavyAbort.signal;
    heavyEl.classList.add("updating");
    heavyEl.setAttribute("aria-busy", "true");
    announce(T.computing);
    try {
      const body = { doc: dirty() ? buildDoc() : null, savings_start: work.savingsStart };
      const r = await post("/plans/" + planId + "/heavy/" + S.page + "?lang=" + S.lang, body, signal);
      const data = await r.json();
      if (token !== heavyToken || data.superseded) return;
      if (!r.ok || data.error) {
        heavyEl.innerHTML = '<p class="error">' + esc(T.error + " " + (data.detail || data.error || r.status)) + "</p>";
      } else if (data.problems) {
        showProblems(data.problems);
      } else {
        heavyEl.innerHTML = data.html;
        await embedCharts(heavyEl);
        announce("");
      }
    } catch (e) {
      if (e && e.name === "AbortError") return;
      if (token === heavyToken) heavyEl.innerHTML = '<p class="error">' + esc(String(e)) + "</p>";
    } finally {
      if (token === heavyToken) {
        heavyEl.classList.remove("updating");
        heavyEl.removeAttribute("aria-busy");
        HR.heavySeq += 1;
        document.body.dataset.heavySeq = String(HR.heavySeq);
      }
    }
  }

  // ------------------------------------------------------------------ saving
  function message(text) {
    const el = document.getElementById("save-message");
    if (el) el.textContent = text;
  }
  async function problemText(r) {
    try { const d = await r.json(); return d.detail || d.title || String(r.status); } catch (e) { return String(r.status); }
  }
  function clearWork() { try { sessionStorage.removeItem(storeKey); } catch (e) { /* ignore */ } }

  async function save() {
    const r = await fetch("/api/v1/plans/" + planId + "/scenario", {
      method: "PUT", credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": S.csrf, "if-match": S.plan.etag },
      body: JSON.stringify(buildDoc()),
    });
    if (r.status === 412) { message(T.conflict); return; }
    if (!r.ok) { message(T.error + " " + (await problemText(r))); return; }
    clearWork();
    message(T.saved);
    location.reload();
  }

  async function saveNew(ev) {
    ev.preventDefault();
    const name = document.getElementById("new-name").value.trim();
    if (!name) return;
    const doc = buildDoc();
    const r = await post("/api/v1/plans", { name: name, parent: planId });
    if (!r.ok) { message(T.error + " " + (await problemText(r))); return; }
    const plan = await r.json();
    const r2 = await fetch("/api/v1/plans/" + plan.id + "/scenario", {
      method: "PUT", credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": S.csrf, "if-match": plan.etag },
      body: JSON.stringify(doc),
    });
    if (!r2.ok) { message(T.error + " " + (await problemText(r2))); return; }
    clearWork();
    location.assign("/plans/" + plan.id + "/" + S.page);
  }

  function discard() {
    clearWork();
    location.reload();
  }

  // ------------------------------------------------------------------ start
  document.addEventListener("input", onInput);
  document.addEventListener("change", function (ev) { if (ev.target instanceof HTMLSelectElement) onInput(ev); });
  document.addEventListener("click", onClick);
  const addForm = document.getElementById("add-measure");
  if (addForm) addForm.addEventListener("submit", onAddMeasure);
  const saveBtn = document.getElementById("save");
  if (saveBtn) saveBtn.addEventListener("click", save);
  const saveNewForm = document.getElementById("save-new");
  if (saveNewForm) saveNewForm.addEventListener("submit", saveNew);
  const discardBtn = document.getElementById("discard");
  if (discardBtn) discardBtn.addEventListener("click", discard);

  embedCharts(document).then(function () {
    let restored = null;
    try { restored = JSON.parse(sessionStorage.getItem(storeKey) || "null"); } catch (e) { restored = null; }
    if (restored && S.may_change) {
      work.rows = restored.rows;
      work.levers = restored.levers;
      renderMeasures();
      syncInputs();
      schedule();
    } else {
      document.body.dataset.liveSeq = "0";
      scheduleHeavy(0);
    }
    document.body.dataset.ready = "1";
  });
})();
