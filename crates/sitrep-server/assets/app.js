// The sitrep dashboard: plain JavaScript over the JSON API, no build step.
"use strict";

const $ = (s) => document.querySelector(s);
const COLORS = {
  ASSAULT: "#d62728", COERCE: "#ff7f0e", PROTEST: "#bcbd22", THREATEN: "#9467bd", MOBILIZE: "#8c564b",
  SANCTION: "#e377c2", REDUCE: "#7f7f7f", DEMAND: "#17becf", DISAPPROVE: "#aec7e8", REJECT: "#ffbb78",
  ACCUSE: "#c5b0d5", CONSULT: "#98df8a", AGREE: "#2ca02c", SUPPORT: "#1f77b4", CONCEDE: "#9edae5",
  COOPERATE: "#393b79", AID: "#637939", RETREAT: "#c49c94",
};
const color = (c) => COLORS[c] || "#555";
const state = { offset: 0, limit: 50, sort: "-date", total: 0, world: null };

function esc(s) {
  return String(s == null ? "" : s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function showError(e) {
  const el = $("#error");
  el.textContent = e ? String(e.message || e) : "";
  el.hidden = !e;
}

function filterParams() {
  const p = new URLSearchParams();
  for (const el of $("#filters").elements) {
    if (el.name && el.value.trim()) p.set(el.name, el.value.trim());
  }
  return p;
}

function codes(list) {
  return (list || []).map((a) => a.code || a.actor_text).filter(Boolean).join(", ");
}

// equirectangular projection into the 960 x 480 map
const px = (lon) => ((lon + 180) / 360) * 960;
const py = (lat) => ((90 - lat) / 180) * 480;

function drawWorld() {
  if (!state.world) return "";
  let out = "";
  for (const c of state.world.countries) {
    let d = "";
    for (const r of c.rings) {
      // a ring that crosses the 180th meridian is unwrapped past it (the
      // viewBox clips the overhang) rather than drawn across the map
      let shift = 0;
      for (let i = 0; i < r.length; i += 2) {
        const dl = i > 0 ? r[i] - r[i - 2] : 0;
        if (dl > 180) shift -= 360;
        else if (dl < -180) shift += 360;
        d += (i ? "L" : "M") + px(r[i] + shift).toFixed(1) + " " + py(r[i + 1]).toFixed(1);
      }
      d += "Z";
    }
    out += `<path class="land" d="${d}"><title>${esc(c.name)}</title></path>`;
  }
  return out;
}

function drawMap(items) {
  const placed = items.filter((i) => i.event_loc && i.event_loc.latitude != null && i.event_loc.longitude != null);
  // the biggest first, so small circles stay clickable on top
  placed.sort((a, b) => deadOf(b) - deadOf(a));
  let dots = "";
  for (const i of placed) {
    const r = 3 + Math.sqrt(deadOf(i)) * 1.6;
    dots += `<circle data-id="${esc(i.id)}" data-country="${esc(i.event_loc.cc3 || "")}" cx="${px(i.event_loc.longitude).toFixed(1)}" cy="${py(i.event_loc.latitude).toFixed(1)}" r="${r.toFixed(1)}" fill="${color(i.event_type)}"><title>${esc(i.event_type)} ${esc(i.event_loc.name || "")} ${esc(i.date || "")}: ${deadOf(i)} dead</title></circle>`;
  }
  $("#map").innerHTML = drawWorld() + dots;
  $("#map-note").textContent = `(${placed.length} of ${items.length} on this page placed)`;
  const cats = [...new Set(items.map((i) => i.event_type))].sort();
  $("#legend").innerHTML = cats.map((c) => `<span><i style="background:${color(c)}"></i>${esc(c)}</span>`).join("") + "<span>circle area: dead</span>";
}

function deadOf(i) {
  return (i.dead && (i.dead.best != null ? i.dead.best : i.dead.low)) || 0;
}

async function drawTimeline(p) {
  const q = new URLSearchParams(p);
  q.set("interval", $("#interval").value);
  q.set("by", "category");
  const t = await api("/api/stats/timeline?" + q);
  const periods = [...new Set(t.buckets.map((b) => b.period))];
  const W = 960, H = 160, pad = 24;
  if (!periods.length) {
    $("#timeline").innerHTML = `<text x="10" y="20">no dated incidents</text>`;
    return;
  }
  const per = new Map(periods.map((p) => [p, []]));
  for (const b of t.buckets) per.get(b.period).push(b);
  const max = Math.max(...periods.map((p) => per.get(p).reduce((s, b) => s + b.incidents, 0)));
  const bw = Math.min(40, Math.max(2, (W - 2 * pad) / periods.length - 2));
  let svg = "";
  periods.forEach((p, k) => {
    let y = H - pad;
    const x = pad + k * ((W - 2 * pad) / periods.length);
    for (const b of per.get(p)) {
      const h = (b.incidents / max) * (H - 2 * pad);
      y -= h;
      svg += `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${color(b.key)}"><title>${esc(p)} ${esc(b.key)}: ${b.incidents} incidents, ${b.dead} dead</title></rect>`;
    }
    if (periods.length <= 16 || k % Math.ceil(periods.length / 12) === 0) svg += `<text x="${x.toFixed(1)}" y="${H - 8}">${esc(p)}</text>`;
  });
  svg += `<text x="2" y="${pad}">${max}</text>`;
  $("#timeline").innerHTML = svg;
}

function drawTable(page) {
  const rows = page.items.map((i) => {
    const loc = i.event_loc || {};
    return `<tr data-id="${esc(i.id)}"><td>${esc(i.date || "")}</td><td><span class="swatch" style="background:${color(i.event_type)}"></span>${esc(i.event_type)}</td><td>${esc(i.mode || "")}</td><td class="cc">${esc(loc.cc3 || "")}</td><td>${esc(loc.name || "")}</td><td>${i.dead ? esc(deadOf(i)) : ""}</td><td>${esc(i.n_reports)}</td><td>${esc(codes(i.source))} &rarr; ${esc(codes(i.recipient))}</td></tr>`;
  });
  $("#incidents tbody").innerHTML = rows.join("");
  const last = Math.min(page.offset + page.items.length, page.total);
  const of = page.total_is_lower_bound ? `at least ${page.total}` : `${page.total}`;
  $("#count").textContent = page.total ? `${page.offset + 1}–${last} of ${of} incidents` : "no incidents match";
  $("#prev").disabled = page.offset === 0;
  $("#next").disabled = page.next_offset == null;
}

async function loadOverview() {
  showError(null);
  const p = filterParams();
  const q = new URLSearchParams(p);
  q.set("limit", state.limit);
  q.set("offset", state.offset);
  q.set("sort", state.sort);
  $("#csv").href = "/api/incidents?" + q;
  try {
    const [page] = await Promise.all([api("/api/incidents?" + q), drawTimeline(p)]);
    state.total = page.total;
    drawTable(page);
    drawMap(page.items);
    document.body.dataset.loaded = "overview";
  } catch (e) {
    showError(e);
  }
}

function highlight(text, spans) {
  let out = "", at = 0;
  for (const [s, e] of spans) {
    if (s < at) continue;
    out += esc(text.slice(at, s)) + `<mark class="ev">${esc(text.slice(s, e))}</mark>`;
    at = e;
  }
  return out + esc(text.slice(at));
}

function countCell(c) {
  if (!c) return "none given";
  const range = c.low != null && c.high != null && c.low !== c.high ? ` (${c.low}–${c.high})` : "";
  return `${c.best != null ? c.best : "?"}${range}${c.text ? ` “${esc(c.text)}”` : ""}`;
}

async function loadIncident(id) {
  showError(null);
  $("#overview").hidden = true;
  const el = $("#incident-page");
  el.hidden = false;
  el.innerHTML = "loading…";
  try {
    const d = await api("/api/incidents/" + encodeURIComponent(id));
    const i = d.incident, loc = i.event_loc || {};
    const revs = (i.dead && i.dead.revisions) || [];
    const perReport = d.reports.map((r) => `<tr><td>${esc(r.doc.published || "")}</td><td>${esc(r.doc.publisher || "")}</td><td>${esc(r.doc.id)}</td><td>${countCell(r.record.dead)}</td><td>${countCell(r.record.injured)}</td></tr>`);
    el.innerHTML = `
      <p><a href="#/">&larr; all incidents</a></p>
      <h1><span class="swatch" style="background:${color(i.event_type)}"></span>${esc(i.event_type)} ${esc(i.mode || "")}: ${esc(loc.name || "unplaced")} ${esc(loc.cc3 || "")}, ${esc(i.date || "date unknown")}</h1>
      <dl class="kv">
        <dt>Incident</dt><dd id="inc-id">${esc(i.id)}</dd>
        <dt>Who</dt><dd>${esc(codes(i.source))} &rarr; ${esc(codes(i.recipient))}</dd>
        <dt>Dead</dt><dd id="inc-dead">${countCell(i.dead)}</dd>
        <dt>Injured</dt><dd>${countCell(i.injured)}</dd>
        <dt>Reports</dt><dd>${new Set(d.reports.map((r) => r.doc.id)).size} (${d.reports.length} records)</dd>
      </dl>
      <h2>Count history</h2>
      <table id="revisions"><thead><tr><th>Published</th><th>Publisher</th><th>Report</th><th>Dead</th><th>Injured</th></tr></thead><tbody>${perReport.join("")}</tbody></table>
      ${revs.length ? `<p>Earlier or superseded figures:</p><ul id="revision-list">${revs.map((r) => `<li>${esc(r.value)} in ${esc(r.doc_id)}: “${esc(r.text)}”</li>`).join("")}</ul>` : ""}
      <h2>Reports</h2>
      ${d.reports.map((r) => `<article class="report" data-doc="${esc(r.doc.id)}"><h3>${esc(r.doc.title || r.doc.id)}</h3>
        <div class="meta">${esc(r.doc.publisher || "")} ${esc(r.doc.published || "")} ${r.doc.url ? `<a href="${esc(r.doc.url)}" rel="noreferrer noopener">source</a>` : ""}
        · coded ${esc(r.record.event_type)} ${esc(r.record.mode || "")}, dead ${countCell(r.record.dead)}</div>
        <div class="text">${highlight(r.doc.text, r.evidence_utf16)}</div></article>`).join("")}`;
    document.body.dataset.loaded = "incident";
  } catch (e) {
    el.innerHTML = `<p><a href="#/">&larr; all incidents</a></p>`;
    showError(e);
  }
}

function route() {
  const m = location.hash.match(/^#\/incident\/(.+)$/);
  if (m) return loadIncident(decodeURIComponent(m[1]));
  $("#incident-page").hidden = true;
  $("#overview").hidden = false;
  return loadOverview();
}

async function start() {
  const sel = $("#f-category");
  for (const c of Object.keys(COLORS).sort()) sel.insertAdjacentHTML("beforeend", `<option>${c}</option>`);
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    state.offset = 0;
    if (location.hash.startsWith("#/incident/")) location.hash = "#/";
    else loadOverview();
  });
  $("#f-clear").addEventListener("click", () => {
    $("#filters").reset();
    state.offset = 0;
    loadOverview();
  });
  $("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); loadOverview(); });
  $("#next").addEventListener("click", () => { state.offset += state.limit; loadOverview(); });
  $("#interval").addEventListener("change", () => drawTimeline(filterParams()).catch(showError));
  document.querySelectorAll("th[data-sort]").forEach((th) => th.addEventListener("click", () => {
    const k = th.dataset.sort;
    state.sort = state.sort === "-" + k ? k : "-" + k;
    loadOverview();
  }));
  $("#incidents tbody").addEventListener("click", (e) => {
    const tr = e.target.closest("tr[data-id]");
    if (tr) location.hash = "#/incident/" + encodeURIComponent(tr.dataset.id);
  });
  $("#map").addEventListener("click", (e) => {
    const c = e.target.closest("circle[data-id]");
    if (c) location.hash = "#/incident/" + encodeURIComponent(c.dataset.id);
  });
  window.addEventListener("hashchange", route);
  try {
    state.world = await api("/world.json");
  } catch (e) {
    showError(e);
  }
  route();
}

start();
