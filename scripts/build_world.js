#!/usr/bin/env node
// Builds data/world/countries.json, the country outlines the dashboard draws,
// from the npm package world-atlas (Natural Earth 1:110m, public domain).
//
//   cd scripts && npm install --no-save world-atlas@2 && node build_world.js
//
// Output: {"countries":[{"id":"004","name":"Afghanistan","rings":[[lon,lat,lon,lat,...],...]},...]}
// with coordinates rounded to 0.1 degree: about 100 kB, embedded in the binary.
"use strict";
const fs = require("fs");
const path = require("path");

const src = require.resolve("world-atlas/countries-110m.json", { paths: [__dirname, process.cwd()] });
const topo = JSON.parse(fs.readFileSync(src, "utf8"));
const [sx, sy] = topo.transform.scale;
const [tx, ty] = topo.transform.translate;

// TopoJSON arcs are quantized and delta-encoded
const arcs = topo.arcs.map((arc) => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * sx + tx, y * sy + ty];
  });
});

function ring(indices) {
  const out = [];
  for (const i of indices) {
    const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    // consecutive arcs share their joining point
    out.push(...(out.length ? a.slice(1) : a));
  }
  const flat = [];
  let last = "";
  for (const [x, y] of out) {
    const k = `${x.toFixed(1)},${y.toFixed(1)}`;
    if (k === last) continue;
    last = k;
    flat.push(Math.round(x * 10) / 10, Math.round(y * 10) / 10);
  }
  return flat;
}

const countries = [];
for (const g of topo.objects.countries.geometries) {
  let polys = [];
  if (g.type === "Polygon") polys = [g.arcs];
  else if (g.type === "MultiPolygon") polys = g.arcs;
  const rings = [];
  for (const p of polys) for (const r of p) {
    const f = ring(r);
    if (f.length >= 6) rings.push(f);
  }
  if (rings.length) countries.push({ id: g.id || "", name: (g.properties && g.properties.name) || "", rings });
}
const out = path.join(__dirname, "..", "data", "world", "countries.json");
fs.writeFileSync(out, JSON.stringify({ source: "world-atlas countries-110m (Natural Earth)", countries }) + "\n");
console.log(`${out}: ${countries.length} countries, ${fs.statSync(out).size} bytes`);
