"use strict";
// The shapes (/api/boundaries) and every year's figures (/api/map/series) are fetched once; the slider redraws
// from them without asking the server again. The map is drawn as filled polygons on plain axes: no base map is
// fetched from anywhere.
const COLOURS = JSON.parse(document.getElementById("page-data").textContent).colours;
let GEO = {features: []}, SERIES = {maps: {}, changes: {}};
const NAMES = {};
function rings(geom) {           // a feature's outer rings joined by gaps: one trace per country
  if (!geom) return [[], []];
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
  const x = [], y = [];
  for (const p of polys) { for (const c of p[0]) { x.push(c[0]); y.push(c[1]); } x.push(null); y.push(null); }
  return [x, y];
}
function traces(year) {
  const data = SERIES.maps[year] || {};
  return GEO.features.map(f => {
    const d = data[f.id], name = NAMES[f.id] || f.id;
    const [x, y] = rings(f.geometry);
    return {type: "scatter", mode: "lines", fill: "toself", x, y, name: f.id, showlegend: false,
            fillcolor: d ? (COLOURS[d.power] || "#555") : "#e6e6e6", opacity: d ? 0.35 + 0.65 * d.share : 0.6,
            line: {color: "#555", width: 0.6}, hoveron: "fills", hoverinfo: "text",
            text: d ? `${name}: ${d.power} ${(100 * d.share).toFixed(0)}% (score ${d.score}${d.lo === null || d.lo === undefined ? "" : ` [${d.lo}–${d.hi}]`}${d.basis === "nowcast" ? ", nowcast" : ""})` : name};
  });
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
  if (!rows.length) { const td = body.insertRow().insertCell(); td.colSpan = 3; td.textContent = "no data"; }
}
function draw(year) {
  Plotly.react("map", traces(year), layout, {displayModeBar: false, scrollZoom: true});
  document.getElementById("year-label").textContent = year;
  const data = SERIES.maps[year] || {};
  document.getElementById("legend").textContent = Object.entries(data)
    .map(([k, d]) => `${k}: ${d.power} ${(100 * d.share).toFixed(0)}%`).join(" · ") || "no scores for this year";
  changes(year);
  const key = document.getElementById("key");
  key.replaceChildren();
  for (const power of [...new Set(Object.values(data).map(d => d.power))].sort()) {
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = COLOURS[power] || "#555";
    key.append(swatch, power);
  }
}
Promise.all([fetch("/api/boundaries").then(r => r.json()), fetch("/api/map/series").then(r => r.json())])
  .then(([geo, series]) => {
    GEO = geo; SERIES = series;
    for (const f of GEO.features) NAMES[f.id] = f.properties.name;
    if (!GEO.features.length)
      document.getElementById("legend").textContent = "no boundaries loaded: run `greatgame data import`";
    const slider = document.getElementById("year");
    slider.addEventListener("input", e => draw(e.target.value));
    draw(slider.value);
  })
  .catch(err => { document.getElementById("legend").textContent = `the map could not be loaded: ${err}`; });
