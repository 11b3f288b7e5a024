"use strict";
// The shapes (/api/boundaries) and every year's figures (/api/map/series) are fetched once; the slider redraws
// from them without asking the server again, and keeps the year in the page's address (?year=), so that a
// reload or a shared link opens on it. The map is drawn as filled polygons on plain axes: no base map is fetched
// from anywhere. Each Central Asian state is labelled with its name, leading power and that power's share.
const PAGE = JSON.parse(document.getElementById("page-data").textContent);
const COLOURS = PAGE.colours, POWER_NAMES = PAGE.names;
let GEO = {features: []}, SERIES = {maps: {}, changes: {}};
const NAMES = {};
function rings(geom) {           // a feature's outer rings joined by gaps: one trace per country
  if (!geom) return [[], []];
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
  const x = [], y = [];
  for (const p of polys) { for (const c of p[0]) { x.push(c[0]); y.push(c[1]); } x.push(null); y.push(null); }
  return [x, y];
}
function pct(share) { return `${(100 * share).toFixed(0)}%`; }
function describe(d) {           // one state's leading power: share, then score with interval, data year and basis
  const band = d.lo === null || d.lo === undefined ? "" : ` [${d.lo}–${d.hi}]`;
  const origin = d.observed ? "" : `, data of ${d.data_year ?? "?"}${d.basis === "nowcast" ? " (nowcast)" : ""}`;
  return `${d.power} ${pct(d.share)} share (score ${d.score}${band} of 100${origin})`;
}
function traces(year) {
  const data = SERIES.maps[year] || {};
  const shapes = GEO.features.map(f => {
    const d = data[f.id], name = NAMES[f.id] || f.id;
    const [x, y] = rings(f.geometry);
    const colour = d ? (COLOURS[d.power] || "#555") : "#e6e6e6";
    const trace = {type: "scatter", mode: "lines", fill: "toself", x, y, name: f.id, showlegend: false,
                   fillcolor: colour, opacity: d ? 0.35 + 0.65 * d.share : 0.6,
                   line: {color: "#555", width: 0.6}, hoveron: "fills", hoverinfo: "text",
                   text: d ? `${name}: ${describe(d)}` : name};
    if (d && !d.observed)        // not the year's own data: hatched
      trace.fillpattern = {shape: "/", bgcolor: colour, fgcolor: "#ffffff", fgopacity: 0.9, size: 8, solidity: 0.25};
    return trace;
  });
  const labelled = GEO.features.filter(f => f.properties && f.properties.label && (data[f.id] || ["CHN", "RUS", "AFG", "IRN"].includes(f.id)));
  const labels = {type: "scatter", mode: "text", showlegend: false, hoverinfo: "skip", name: "labels",
                  x: labelled.map(f => f.properties.label[0]), y: labelled.map(f => f.properties.label[1]),
                  text: labelled.map(f => data[f.id] ? `<b>${NAMES[f.id] || f.id}</b><br>${data[f.id].power} ${pct(data[f.id].share)}`
                                                      : `${NAMES[f.id] || f.id}`),
                  textfont: {size: labelled.map(f => data[f.id] ? 12 : 10), color: labelled.map(f => data[f.id] ? "#111" : "#666")}};
  return [...shapes, labels];
}
const layout = {xaxis: {visible: false, range: [25, 125]}, yaxis: {visible: false, range: [18, 58], scaleanchor: "x"},
                margin: {l: 0, r: 0, t: 0, b: 0}, plot_bgcolor: "#dfeaf2", dragmode: "pan"};
function cell(row, text, cls, href) {
  const td = row.insertCell();
  if (cls) td.className = cls;
  if (href) { const a = document.createElement("a"); a.href = href; a.textContent = text; td.appendChild(a); }
  else td.textContent = text;
}
function changes(year) {
  document.getElementById("changes-since").textContent = year - 1;
  const body = document.querySelector("#changes tbody");
  body.replaceChildren();
  const rows = SERIES.changes[year] || [];
  for (const c of rows) {
    const row = body.insertRow();
    cell(row, c.target, "", `/country/${encodeURIComponent(c.target)}`);
    cell(row, c.power);
    cell(row, (c.change > 0 ? "+" : "") + c.change.toFixed(1), "num");
  }
  if (!rows.length) { const td = body.insertRow().insertCell(); td.colSpan = 3; td.textContent = "insufficient data"; }
}
function key(data) {             // every power drawn, with its name and colour; then the hatch and the grey
  const el = document.getElementById("key");
  el.replaceChildren();
  const powers = [...new Set(Object.values(data).map(d => d.power))].sort();
  const entry = (cls, colour, text) => {
    const item = document.createElement("span");
    item.className = "key-item";
    const swatch = document.createElement("span");
    swatch.className = "swatch" + (cls ? " " + cls : "");
    if (colour) swatch.style.background = colour;
    item.append(swatch, text);
    el.append(item);
  };
  for (const p of powers) entry("", COLOURS[p] || "#555", `${p} ${POWER_NAMES[p] || p}`);
  if (Object.values(data).some(d => !d.observed)) entry("hatched", "", "data from an earlier year (or a nowcast)");
  entry("", "#e6e6e6", "insufficient data");
}
function links(year) {           // the download links of the year's rows follow the slider
  for (const a of document.querySelectorAll("a[data-year-link]")) {
    const params = new URLSearchParams({year: String(year)});
    if (a.dataset.format !== "json") params.set("format", a.dataset.format);
    a.href = `${a.dataset.yearLink}?${params}`;
  }
}
function remember(year) {        // the year in the address: reload and shared links keep it
  const url = new URL(window.location.href);
  url.searchParams.set("year", String(year));
  window.history.replaceState(null, "", url);
}
function draw(year) {
  Plotly.react("map", traces(year), layout, {displayModeBar: false, scrollZoom: true});
  document.getElementById("year-label").textContent = year;
  const data = SERIES.maps[year] || {};
  document.getElementById("legend").textContent = Object.entries(data)
    .map(([k, d]) => `${k}: ${describe(d)}`).join(" · ") || "insufficient data for this year";
  changes(year);
  key(data);
  links(year);
}
Promise.all([fetch("/api/boundaries").then(r => r.json()), fetch("/api/map/series").then(r => r.json())])
  .then(([geo, series]) => {
    GEO = geo; SERIES = series;
    for (const f of GEO.features) NAMES[f.id] = f.properties.name;
    if (!GEO.features.length)
      document.getElementById("legend").textContent = "no boundaries loaded: run `greatgame data import`";
    const slider = document.getElementById("year");
    slider.addEventListener("input", e => { draw(e.target.value); remember(e.target.value); });
    draw(slider.value);
  })
  .catch(err => { document.getElementById("legend").textContent = `the map could not be loaded: ${err}`; });
