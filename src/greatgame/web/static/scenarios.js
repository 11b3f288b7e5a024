"use strict";
const COLOURS = JSON.parse(document.getElementById("page-data").textContent).colours;
let last = null;
function draw() {
  if (!last) return;
  const t = document.getElementById("target").value, traces = [];
  for (const [p, s] of Object.entries(last.fan[t])) {
    traces.push({x: [...s.year, ...[...s.year].reverse()], y: [...s.p90.map(v => 100 * v), ...[...s.p10].reverse().map(v => 100 * v)],
      fill: "toself", line: {width: 0}, fillcolor: COLOURS[p], opacity: 0.2, showlegend: false, hoverinfo: "skip"});
    traces.push({x: s.year, y: s.median.map(v => 100 * v), name: p, line: {color: COLOURS[p]}});
  }
  Plotly.react("fan", traces, {yaxis: {title: {text: "influence share, %"}}, margin: {t: 20}}, {displayModeBar: false});
  table("diff", ["target", "power", "median", "10–90%"], last.vs_baseline.filter(r => r.target === t).map(r =>
    [r.target, r.power, (100 * r.median).toFixed(1), `${(100 * r.p10).toFixed(1)} … ${(100 * r.p90).toFixed(1)}`]));
  table("corridors", ["route", "share"], Object.entries(last.corridors).map(([k, v]) => [k, `${(100 * v).toFixed(1)}%`]));
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
    row.insertCell().textContent = s.kind === "attractiveness"
      ? `${[].concat(s.powers || "all").join(",")} · ${[].concat(s.dimensions || "all").join(",")}`
      : (s.country || s.route || "");
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
