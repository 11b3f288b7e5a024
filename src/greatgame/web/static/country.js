"use strict";
// The country page: composite and dimension scores by power over time, with 80% intervals as bands and
// nowcast years as hollow markers (data from the page's JSON block).
const DATA = JSON.parse(document.getElementById("page-data").textContent);
const SERIES = DATA.series, COLOURS = DATA.colours;
function draw(dim) {
  const traces = [];
  for (const [p, s] of Object.entries(SERIES[dim] || {})) {
    traces.push({x: s.x, y: s.hi, mode: "lines", line: {width: 0, color: COLOURS[p]}, showlegend: false, hoverinfo: "skip"});
    traces.push({x: s.x, y: s.lo, mode: "lines", fill: "tonexty", line: {width: 0, color: COLOURS[p]}, opacity: 0.2, showlegend: false, hoverinfo: "skip"});
    traces.push({x: s.x, y: s.y, name: p, mode: "lines+markers", line: {color: COLOURS[p]},
                 marker: {size: 5, symbol: s.basis.map(b => b === "nowcast" ? "circle-open" : "circle")},
                 customdata: s.lo.map((l, i) => [l, s.hi[i], s.basis[i]]),
                 hovertemplate: p + " %{x}: %{y} [%{customdata[0]}–%{customdata[1]}] %{customdata[2]}<extra></extra>"});
  }
  Plotly.react("scores", traces, {yaxis: {title: {text: "score (0-100)"}, range: [0, 100]}, margin: {t: 20}}, {displayModeBar: false});
}
document.getElementById("dim").addEventListener("change", e => draw(e.target.value));
draw("composite");
