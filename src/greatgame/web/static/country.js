"use strict";
// The country page: composite and dimension scores of every power with data over time, with 80% intervals as
// bands and hollow markers where a year's score rests on earlier data or a nowcast (data from the page's JSON
// block). The chosen dimension is kept in the page's address (?dim=), so a reload or a shared link shows it.
const DATA = JSON.parse(document.getElementById("page-data").textContent);
const SERIES = DATA.series, COLOURS = DATA.colours;
function draw(dim) {
  const traces = [];
  for (const [p, s] of Object.entries(SERIES[dim] || {})) {
    traces.push({x: s.x, y: s.hi, mode: "lines", line: {width: 0, color: COLOURS[p]}, showlegend: false, hoverinfo: "skip"});
    traces.push({x: s.x, y: s.lo, mode: "lines", fill: "tonexty", line: {width: 0, color: COLOURS[p]}, opacity: 0.2, showlegend: false, hoverinfo: "skip"});
    const stale = s.x.map((y, i) => s.basis[i] === "nowcast" || (s.data_year[i] !== null && s.data_year[i] !== y));
    traces.push({x: s.x, y: s.y, name: p, mode: "lines+markers", line: {color: COLOURS[p]},
                 marker: {size: 5, symbol: stale.map(st => st ? "circle-open" : "circle")},
                 customdata: s.lo.map((l, i) => [l, s.hi[i], s.basis[i], s.data_year[i] ?? "?"]),
                 hovertemplate: p + " %{x}: %{y} [%{customdata[0]}–%{customdata[1]}], %{customdata[2]}, data of %{customdata[3]}<extra></extra>"});
  }
  Plotly.react("scores", traces, {yaxis: {title: {text: "score (0-100)"}, range: [0, 100]}, margin: {t: 20}}, {displayModeBar: false});
  const left = (DATA.left_out || {})[dim] || [];
  document.getElementById("left-out").textContent = left.length
    ? `Left out (no score in this dimension): ${left.join(", ")}.` : "Every power of the table is drawn.";
}
const select = document.getElementById("dim");
select.addEventListener("change", e => {
  draw(e.target.value);
  const url = new URL(window.location.href);
  url.searchParams.set("dim", e.target.value);
  window.history.replaceState(null, "", url);
});
draw(select.value);
