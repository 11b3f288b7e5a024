"use strict";
// The country page: composite and dimension scores by power over time (data from the page's JSON block).
const DATA = JSON.parse(document.getElementById("page-data").textContent);
const SERIES = DATA.series, COLOURS = DATA.colours;
function draw(dim) {
  const traces = Object.entries(SERIES[dim] || {}).map(([p, s]) => ({x: s.x, y: s.y, name: p, mode: "lines", line: {color: COLOURS[p]}}));
  Plotly.react("scores", traces, {yaxis: {title: {text: "score (0-100)"}, range: [0, 100]}, margin: {t: 20}}, {displayModeBar: false});
}
document.getElementById("dim").addEventListener("change", e => draw(e.target.value));
draw("composite");
