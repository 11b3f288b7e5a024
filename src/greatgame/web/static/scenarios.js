"use strict";
const COLOURS = JSON.parse(document.getElementById("page-data").textContent).colours;
let last = null;       // the latest run (scenario and baseline), or the baseline alone before any run
function band(x, lo, hi, colour, opacity, group) {
  return {x: [...x, ...[...x].reverse()], y: [...hi, ...[...lo].reverse()], fill: "toself", line: {width: 0},
          fillcolor: colour, opacity: opacity, showlegend: false, hoverinfo: "skip", legendgroup: group};
}
function fanTraces(fans, scale, dash, opacity, names) {
  const traces = [];
  for (const [p, s] of Object.entries(fans || {})) {
    const c = COLOURS[p] || "#555555";
    traces.push(band(s.year, s.p10.map(v => scale * v), s.p90.map(v => scale * v), c, opacity, p));
    traces.push({x: s.year, y: s.median.map(v => scale * v), name: names ? p : `${p} (baseline)`, legendgroup: p,
                 line: {color: c, dash: dash}, showlegend: names});
  }
  return traces;
}
function historyTraces(hist, scale) {
  return Object.entries(hist || {}).map(([p, h]) => ({x: h.year, y: h.value.map(v => scale * v), mode: "markers",
    marker: {color: COLOURS[p] || "#555555", size: 5}, name: `${p} observed`, legendgroup: p, showlegend: false}));
}
const LAYOUT = {margin: {t: 30, r: 10}, legend: {x: 1.02, y: 1, xanchor: "left"}, xaxis: {range: [2009.5, 2035.5]}};
function draw() {
  if (!last) return;
  const t = document.getElementById("target").value;
  const scenarioRun = !!last.baseline;
  const hist = (last.history || {})[t] || {};
  const shares = {...hist}; delete shares.remittances;
  const traces = [...historyTraces(shares, 100)];
  if (scenarioRun) traces.push(...fanTraces(last.baseline[t], 100, "dash", 0.08, false));
  traces.push(...fanTraces(last.fan[t], 100, "solid", 0.2, true));
  const through = (last.start || {})[t];
  Plotly.react("fan", traces, {...LAYOUT, title: {text: `${t}: share of goods trade, % — data through ${through ?? "?"}` +
    (scenarioRun ? ` (solid: ${last.scenario}; dashed: baseline)` : " (baseline)"), font: {size: 14}},
    yaxis: {title: {text: "share of goods trade, %"}}}, {displayModeBar: false});
  const remDiv = document.getElementById("remittances");
  const rem = (last.remittances || {})[t];
  if (rem) {
    remDiv.hidden = false;
    const rt = [...historyTraces(hist.remittances ? {[t]: hist.remittances} : {}, 1)];
    if (scenarioRun && last.baseline_remittances[t]) rt.push(...fanTraces({[t]: last.baseline_remittances[t]}, 1, "dash", 0.08, false));
    rt.push(...fanTraces({[t]: rem}, 1, "solid", 0.2, true));
    Plotly.react("remittances", rt, {...LAYOUT, title: {text: `${t}: remittances received, % of GDP`, font: {size: 14}},
      yaxis: {title: {text: "% of GDP"}}}, {displayModeBar: false});
  } else {
    remDiv.hidden = true;
  }
  const rows = last.vs_baseline.filter(r => r.target === t).map(r => {
    const k = r.power === "remittances" ? 1 : 100, unit = r.power === "remittances" ? "% of GDP" : "pp of trade";
    const clear = Math.round(10 * k * r.p10) > 0 || Math.round(10 * k * r.p90) < 0;
    return [r.power, `${(k * r.median).toFixed(1)} ${unit}`, `${(k * r.p10).toFixed(1)} … ${(k * r.p90).toFixed(1)}`,
            `${(k * r.p025).toFixed(1)} … ${(k * r.p975).toFixed(1)}`, clear ? "yes" : "no"];
  });
  table("diff", ["", "scenario minus baseline", "80% interval", "95% interval", "80% interval excludes 0"],
        scenarioRun ? rows : [["", "run a scenario to compare it with the baseline", "", "", ""]]);
  table("corridors", ["route", "share"], Object.entries(last.corridors).map(([k, v]) => [k, `${(100 * v).toFixed(1)}%`]));
}
async function showBaseline() {
  const status = document.getElementById("status");
  status.textContent = "loading the baseline…";
  const resp = await fetch("/api/baseline");
  const body = await resp.json().catch(() => ({detail: resp.statusText}));
  if (!resp.ok) { status.textContent = problem(body); return; }
  if (last && last.baseline) return;      // a run came back first
  last = body;
  status.textContent = `Baseline: ${last.runs} runs, seed ${last.seed}. Run a scenario to compare it with the baseline.`;
  document.getElementById("description").textContent = last.description;
  draw();
}
function table(id, head, rows) {       // rows of text, never markup
  const el = document.getElementById(id);
  el.replaceChildren();
  const top = el.insertRow();
  for (const h of head) { const th = document.createElement("th"); th.textContent = h; top.appendChild(th); }
  for (const r of rows) { const row = el.insertRow(); for (const c of r) row.insertCell().textContent = c; }
}
// The server's token: from the page's address (#token=...) or typed in; kept in this tab's sessionStorage.
const tokenField = document.getElementById("token");
{
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) { sessionStorage.setItem("greatgame-token", fromHash); history.replaceState(null, "", location.pathname); }
  tokenField.value = sessionStorage.getItem("greatgame-token") || "";
  tokenField.addEventListener("change", () => sessionStorage.setItem("greatgame-token", tokenField.value.trim()));
}
function problem(body) {               // FastAPI's detail: a message, or a list of validation errors
  const d = body && body.detail;
  return Array.isArray(d) ? d.map(x => `${(x.loc || []).slice(1).join(".")}: ${x.msg}`).join("; ") : String(d);
}
let shipped = null;   // the selected scenario as its file writes it
function input(type, value, attrs) {
  const el = document.createElement("input");
  el.type = type;
  if (type === "checkbox") el.checked = value; else el.value = value ?? "";
  Object.assign(el, attrs || {});
  return el;
}
async function loadShocks() {
  const name = document.getElementById("scenario").value;
  const resp = await fetch(`/api/scenarios/${encodeURIComponent(name)}`);
  shipped = resp.ok ? await resp.json() : {shocks: []};
  const body = document.querySelector("#shocks tbody");
  body.replaceChildren();
  shipped.shocks.forEach((s, i) => {
    const row = body.insertRow();
    row.dataset.index = i;
    row.insertCell().append(input("checkbox", true, {className: "use", title: "use this shock"}));
    row.insertCell().textContent = s.name || `shock ${i + 1}`;
    row.insertCell().textContent = s.kind;
    const on = `${[].concat(s.powers || "").join(",")}${s.targets ? " → " + [].concat(s.targets).join(",") : ""}`;
    row.insertCell().textContent = s.kind === "driver" ? `${s.driver} ${on}`.trim()
      : s.kind === "attractor" ? on : (s.country || s.route || "");
    const field = s.kind === "corridor" ? "capacity_factor" : "magnitude";
    row.insertCell().append(input("number", s[field] ?? (field === "capacity_factor" ? 1 : 0),
                                  {className: "size", step: "0.05", name: `shock-${i}-${field}`}));
    row.insertCell().append(input("number", s.start, {className: "start", step: "1", min: 1990, max: 2100}));
    row.insertCell().append(input("number", s.end, {className: "end", step: "1", min: 1990, max: 2100,
                                                    placeholder: "open"}));
  });
}
function editedShocks() {
  const out = [];
  for (const row of document.querySelectorAll("#shocks tbody tr")) {
    const s = {...shipped.shocks[+row.dataset.index]};
    if (!row.querySelector(".use").checked) continue;
    s[s.kind === "corridor" ? "capacity_factor" : "magnitude"] = Number(row.querySelector(".size").value);
    s.start = Number(row.querySelector(".start").value);
    const end = row.querySelector(".end").value;
    if (end === "") delete s.end; else s.end = Number(end);
    out.push(s);
  }
  return out;
}
document.getElementById("scenario").addEventListener("change", loadShocks);
loadShocks();
document.getElementById("sim").addEventListener("submit", async e => {
  e.preventDefault();
  document.getElementById("status").textContent = "running…";
  const form = new FormData(e.target);
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
    document.getElementById("status").textContent = `error: ${problem(body)}`;
    return;
  }
  last = await resp.json();
  document.getElementById("status").textContent = `${last.scenario}: ${last.runs} runs, seed ${last.seed}, shocks × ${last.scale}`;
  document.getElementById("description").textContent = last.description;
  draw();
});
document.getElementById("target").addEventListener("change", draw);
showBaseline();
