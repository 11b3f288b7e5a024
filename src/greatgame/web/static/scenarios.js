"use strict";
// The Scenarios page. The baseline (GET /api/baseline, no token) is drawn before any click; a run (POST
// /api/simulate, with the server's token) draws the scenario against the one it is compared with. The form's
// state lives in the page's address (history.replaceState): the scenario, the one compared with, the strength,
// runs, years and target, and each edited shock as s<i>=size_start_end (end empty: open) or s<i>=off. Only what
// differs from the defaults is written, so that a reload or a shared link opens on the same view (and runs it
// again where the token is at hand). Every text put on the page is set as text, never as markup.
const PAGE = JSON.parse(document.getElementById("page-data").textContent);
const COLOURS = PAGE.colours, DEFAULTS = PAGE.defaults;
const FIELDS = ["scenario", "compare", "scale", "runs", "from", "until", "target"];
const SHOCK_KEY = /^s(\d+)$/;
let last = null;       // the latest run (scenario and the one compared with), or the baseline alone before any run
let shipped = null;    // the selected scenario as its file writes it
let pending = {};      // shock edits read from the address, applied once the scenario's shocks are listed
let note = "";         // what the status adds to the baseline's line
const field = name => document.getElementById(name);

// ---------------------------------------------------------------- charts and tables
function band(x, lo, hi, colour, opacity, group) {
  return {x: [...x, ...[...x].reverse()], y: [...hi, ...[...lo].reverse()], fill: "toself", line: {width: 0},
          fillcolor: colour, opacity: opacity, showlegend: false, hoverinfo: "skip", legendgroup: group};
}
function fanTraces(fans, scale, dash, opacity, names, label) {
  const traces = [];
  for (const [p, s] of Object.entries(fans || {})) {
    const c = COLOURS[p] || "#555555";
    traces.push(band(s.year, s.p10.map(v => scale * v), s.p90.map(v => scale * v), c, opacity, p));
    traces.push({x: s.year, y: s.median.map(v => scale * v), name: names ? p : `${p} (${label})`, legendgroup: p,
                 line: {color: c, dash: dash}, showlegend: names});
  }
  return traces;
}
function historyTraces(hist, scale, from) {
  return Object.entries(hist || {}).map(([p, h]) => {
    const keep = h.year.map((y, i) => i).filter(i => h.year[i] >= from);
    return {x: keep.map(i => h.year[i]), y: keep.map(i => scale * h.value[i]), mode: "markers",
            marker: {color: COLOURS[p] || "#555555", size: 5}, name: `${p} observed`, legendgroup: p,
            showlegend: false};
  });
}
function lastYear(fans) {
  const years = Object.values(fans || {}).flatMap(f => f.year);
  return years.length ? Math.max(...years) : 2035;
}
function draw() {
  if (!last) return;
  const t = field("target").value;
  const from = Number(field("from").value) || Number(DEFAULTS.from);
  const run = !!last.baseline, other = last.compare || "baseline";
  const end = lastYear(last.fan[t]);
  const layout = {margin: {t: 30, r: 10}, legend: {x: 1.02, y: 1, xanchor: "left"},
                  xaxis: {range: [from - 0.5, end + 0.5]}};
  // without skill over persistence (the backtest's verdict) a scenario is shown only as its difference from the
  // one compared with: that one's fan above (with the data), the difference's fan below
  const levels = last.skill === true;
  const hist = (last.history || {})[t] || {};
  const shares = {...hist}; delete shares.remittances;
  const traces = [...historyTraces(shares, 100, from)];
  if (run && levels) traces.push(...fanTraces(last.baseline[t], 100, "dash", 0.08, false, other));
  traces.push(...fanTraces(run && !levels ? last.baseline[t] : last.fan[t], 100, "solid", 0.2, true));
  const through = (last.start || {})[t];
  const shown = !run ? " (baseline)" : levels ? ` (solid: ${last.scenario}; dashed: ${other})`
    : ` (${other}; ${last.scenario} below, as its difference from it)`;
  Plotly.react("fan", traces, {...layout, title: {text: `${t}: share of goods trade, % — data through ${through ?? "?"}` +
    shown, font: {size: 14}}, yaxis: {title: {text: "share of goods trade, %"}}}, {displayModeBar: false});
  const diffDiv = field("difffan");
  if (run && !levels && last.difference && last.difference[t]) {
    diffDiv.hidden = false;
    const dt = fanTraces(last.difference[t], 100, "solid", 0.2, true);
    Plotly.react("difffan", dt, {...layout, xaxis: {range: [last.origin + 0.5, end + 0.5]},
      title: {text: `${t}: ${last.scenario} minus ${other}, run by run — median and 10–90% band`, font: {size: 14}},
      yaxis: {title: {text: "percentage points of goods trade"}, zeroline: true}}, {displayModeBar: false});
  } else {
    diffDiv.hidden = true;
  }
  const remDiv = field("remittances");
  const rem = (last.remittances || {})[t];
  if (rem) {
    remDiv.hidden = false;
    const rt = [...historyTraces(hist.remittances ? {[t]: hist.remittances} : {}, 1, from)];
    if (run && levels && last.baseline_remittances[t]) rt.push(...fanTraces({[t]: last.baseline_remittances[t]}, 1, "dash", 0.08, false, other));
    rt.push(...fanTraces({[t]: run && !levels ? last.baseline_remittances[t] : rem}, 1, "solid", 0.2, true));
    Plotly.react("remittances", rt, {...layout, title: {text: `${t}: remittances received, % of GDP`, font: {size: 14}},
      yaxis: {title: {text: "% of GDP"}}}, {displayModeBar: false});
  } else {
    remDiv.hidden = true;
  }
  const rows = last.vs_baseline.filter(r => r.target === t).map(r => {
    const rem = r.power === "remittances", k = rem ? 1 : 100, unit = rem ? "% of GDP" : "pp";
    const clear = Math.round(10 * k * r.p10) > 0 || Math.round(10 * k * r.p90) < 0;
    const signed = v => `${v > 0 ? "+" : ""}${(k * v).toFixed(1)}`;
    return [rem ? "remittances received" : `${r.power} share of goods trade`, `${signed(r.median)} ${unit}`,
            `${signed(r.p10)} … ${signed(r.p90)}`, `${signed(r.p025)} … ${signed(r.p975)}`, clear ? "yes" : "no"];
  });
  field("diff-year").textContent = run ? String(end) : "last year";
  table("diff", ["", run ? `${last.scenario} minus ${other}` : "difference", "80% interval", "95% interval",
                 "80% interval excludes 0"],
        run ? rows : [["", "run a scenario to compare it with another (the baseline unless chosen)", "", "", ""]]);
  table("corridors", ["route", "share of China–Europe container freight"],
        Object.entries(last.corridors).map(([k, v]) => [k, `${(100 * v).toFixed(1)}%`]));
}
function table(id, head, rows) {       // rows of text, never markup
  const el = field(id);
  el.replaceChildren();
  const top = el.insertRow();
  for (const h of head) { const th = document.createElement("th"); th.textContent = h; top.appendChild(th); }
  for (const r of rows) { const row = el.insertRow(); for (const c of r) row.insertCell().textContent = c; }
}
function setLinks(id, urls, what) {    // a download block's CSV and JSON addresses (and what they give)
  const block = field(id);
  const [csv, json] = block.querySelectorAll("a");
  csv.href = urls.csv;
  json.href = urls.json;
  if (what) block.querySelector(".what").textContent = what;
}
async function showBaseline() {
  const status = field("status");
  if (!last) status.textContent = "loading the baseline…";
  const resp = await fetch("/api/baseline");
  const body = await resp.json().catch(() => ({detail: resp.statusText}));
  if (last && last.baseline) return;      // a run came back first
  if (!resp.ok) { status.textContent = problem(body); return; }
  last = body;
  field("verdict").textContent = last.verdict || "";
  status.textContent = `Baseline: ${last.runs} runs, seed ${last.seed}. ` + (note || "Run a scenario to compare it " +
                                                                                  "with another.");
  field("description").textContent = last.description;
  draw();
}

// ---------------------------------------------------------------- the token
// From the page's address (#token=...) or typed in; kept in this tab's sessionStorage, never in the address.
const tokenField = field("token");
{
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    sessionStorage.setItem("greatgame-token", fromHash);
    history.replaceState(null, "", location.pathname + location.search);
  }
  tokenField.value = sessionStorage.getItem("greatgame-token") || "";
  tokenField.addEventListener("change", () => sessionStorage.setItem("greatgame-token", tokenField.value.trim()));
}
function problem(body) {               // FastAPI's detail: a message, or a list of validation errors
  const d = body && body.detail;
  return Array.isArray(d) ? d.map(x => `${(x.loc || []).slice(1).join(".")}: ${x.msg}`).join("; ") : String(d);
}

// ---------------------------------------------------------------- shocks
function input(type, value, attrs) {
  const el = document.createElement("input");
  el.type = type;
  if (type === "checkbox") el.checked = value; else el.value = value ?? "";
  Object.assign(el, attrs || {});
  return el;
}
const sizeField = s => s.kind === "corridor" ? "capacity_factor" : "magnitude";
const fileSize = s => s[sizeField(s)] ?? (s.kind === "corridor" ? 1 : 0);
async function loadShocks() {
  const name = field("scenario").value;
  setLinks("shocks-downloads", {csv: `/api/scenarios/${encodeURIComponent(name)}?format=csv`,
                                json: `/api/scenarios/${encodeURIComponent(name)}`});
  const resp = await fetch(`/api/scenarios/${encodeURIComponent(name)}`);
  shipped = resp.ok ? await resp.json() : {shocks: []};
  const body = document.querySelector("#shocks tbody");
  body.replaceChildren();
  (shipped.shocks || []).forEach((s, i) => {
    const row = body.insertRow();
    row.dataset.index = i;
    row.insertCell().append(input("checkbox", true, {className: "use", title: "use this shock"}));
    row.insertCell().textContent = s.name || `shock ${i + 1}`;
    row.insertCell().textContent = s.kind;
    const on = `${[].concat(s.powers || "").join(",")}${s.targets ? " → " + [].concat(s.targets).join(",") : ""}`;
    row.insertCell().textContent = s.kind === "driver" ? `${s.driver} ${on}`.trim()
      : s.kind === "attractor" ? on : (s.country || s.route || "");
    row.insertCell().append(input("number", fileSize(s), {className: "size", step: "0.05",
                                                          name: `shock-${i}-${sizeField(s)}`}));
    row.insertCell().append(input("number", s.start, {className: "start", step: "1", min: 1990, max: 2100}));
    row.insertCell().append(input("number", s.end, {className: "end", step: "1", min: 1990, max: 2100,
                                                    placeholder: "open"}));
    const edit = pending[i];
    if (edit === "off") row.querySelector(".use").checked = false;
    else if (edit !== undefined) {
      const [size, start, end] = edit.split("_");
      if (size !== undefined && size !== "") row.querySelector(".size").value = size;
      if (start !== undefined && start !== "") row.querySelector(".start").value = start;
      if (end !== undefined) row.querySelector(".end").value = end;
    }
  });
  pending = {};
  remember();
}
function editedShocks() {
  const out = [];
  for (const row of document.querySelectorAll("#shocks tbody tr")) {
    const s = {...shipped.shocks[+row.dataset.index]};
    if (!row.querySelector(".use").checked) continue;
    s[sizeField(s)] = Number(row.querySelector(".size").value);
    s.start = Number(row.querySelector(".start").value);
    const end = row.querySelector(".end").value;
    if (end === "") delete s.end; else s.end = Number(end);
    out.push(s);
  }
  return out;
}

// ---------------------------------------------------------------- the address
function remember() {                  // the form's state in the address, without the defaults
  const q = new URLSearchParams();
  for (const k of FIELDS) {
    const v = field(k).value;
    if (v !== "" && v !== DEFAULTS[k]) q.set(k, v);
  }
  for (const row of document.querySelectorAll("#shocks tbody tr")) {
    const i = row.dataset.index, s = shipped.shocks[+i];
    if (!row.querySelector(".use").checked) { q.set(`s${i}`, "off"); continue; }
    const now = [".size", ".start", ".end"].map(c => row.querySelector(c).value);
    const file = [fileSize(s), s.start ?? "", s.end ?? ""].map(String);
    if (now.some((v, j) => v !== file[j])) q.set(`s${i}`, now.join("_"));
  }
  const query = q.toString();
  history.replaceState(null, "", location.pathname + (query ? `?${query}` : ""));
}
function restore() {                   // the address's state into the form; whether it holds any
  const params = new URLSearchParams(location.search);
  let any = false;
  for (const k of FIELDS) {
    if (!params.has(k)) continue;
    const el = field(k), v = params.get(k);
    if (el.tagName === "SELECT" && ![...el.options].some(o => o.value === v)) continue;
    el.value = v;
    any = true;
  }
  for (const [k, v] of params) {
    const m = SHOCK_KEY.exec(k);
    if (m) { pending[+m[1]] = v; any = true; }
  }
  return any;
}

// ---------------------------------------------------------------- running
async function runScenario() {
  field("status").textContent = "running…";
  const form = new FormData(field("sim"));
  for (const key of [...form.keys()]) if (key.startsWith("shock-")) form.delete(key);
  if (shipped) {
    const shocks = editedShocks();
    if (JSON.stringify(shocks) !== JSON.stringify(shipped.shocks)) form.append("shocks", JSON.stringify(shocks));
  }
  const token = tokenField.value.trim();
  const resp = await fetch("/api/simulate", {method: "POST", body: form,
                                             headers: token ? {Authorization: `Bearer ${token}`} : {}});
  if (!resp.ok) {
    const body = await resp.json().catch(() => ({detail: resp.statusText}));
    field("status").textContent = `error: ${problem(body)}`;
    return;
  }
  last = await resp.json();
  field("verdict").textContent = last.verdict || "";
  field("status").textContent = `${last.scenario}: ${last.runs} runs, seed ${last.seed}, shocks × ${last.scale}, ` +
                                `compared with ${last.compare}`;
  field("description").textContent = last.description;
  setLinks("outlook-downloads", last.downloads.outlook,
           `this run: ${last.scenario} and ${last.compare}, shares of goods trade (%) and remittances (% of GDP) ` +
           "by year, the observed data and the differences");
  setLinks("corridors-downloads", last.downloads.corridors, `this run's routes and their shares`);
  draw();
}
field("sim").addEventListener("submit", e => { e.preventDefault(); runScenario(); });
field("sim").addEventListener("input", remember);
field("sim").addEventListener("change", remember);
field("shocks").addEventListener("input", remember);
field("shocks").addEventListener("change", remember);
field("scenario").addEventListener("change", () => { pending = {}; loadShocks(); });
field("target").addEventListener("change", draw);
field("from").addEventListener("change", draw);

const shared = restore();
showBaseline();
loadShocks().then(() => {               // a shared view: run it again when the token is at hand
  if (shared && tokenField.value.trim()) runScenario();
  else if (shared) {
    note = "This address holds a view of its own (the form shows it): enter the server's token and run it.";
    if (last && !last.baseline) field("status").textContent = `Baseline: ${last.runs} runs, seed ${last.seed}. ${note}`;
  }
});
