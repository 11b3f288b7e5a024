"use strict";
// The explorer's network of actors (data from the page's JSON block).
const NET = JSON.parse(document.getElementById("page-data").textContent).network;
const pos = Object.fromEntries(NET.nodes.map(n => [n.id, n]));
const edges = NET.edges.map(e => ({type: "scatter", mode: "lines", x: [pos[e.a].x, pos[e.b].x], y: [pos[e.a].y, pos[e.b].y],
  line: {width: 1 + Math.log2(1 + e.weight) * 2, color: e.score >= 0 ? "#2e8b57" : "#c0392b"}, hoverinfo: "text",
  text: `${e.a}–${e.b}: ${e.weight} events, net score ${e.score}`, showlegend: false}));
const nodes = {type: "scatter", mode: "markers+text", x: NET.nodes.map(n => n.x), y: NET.nodes.map(n => n.y), text: NET.nodes.map(n => n.id),
  textposition: "top center", marker: {size: NET.nodes.map(n => 8 + 3 * n.degree), color: "#1f2d3d"}, showlegend: false};
Plotly.newPlot("network", [...edges, nodes], {xaxis: {visible: false}, yaxis: {visible: false}, margin: {t: 10, l: 10, r: 10, b: 10}}, {displayModeBar: false});
