// The dashboard's page: static HTML, CSS and one script, served from the binary (no JavaScript
// build chain). The script lists the runs (polling /api/runs), follows each chosen run through
// its event stream (EventSource), and draws with SVG: every metric on shared axes (training
// solid, validation dashed, one colour per run), with a smoothing slider (an exponential moving
// average, as TensorBoard's), a log scale and an epoch or wall-clock x axis; each run's model
// summary and configuration; its weights' histograms over the epochs (one row per epoch, darker
// where more values fall); and the run's confusion matrix and sample figures when its folder
// has them.

enum DashboardPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Synapse dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; display: flex; min-height: 100vh; }
  nav { width: 240px; background: #f4f5f7; padding: 12px; border-right: 1px solid #ddd; }
  nav h1 { font-size: 17px; margin: 0 0 10px; }
  nav label { display: block; margin: 3px 0; cursor: pointer; }
  nav .live { color: #c0392b; font-size: 11px; margin-left: 4px; }
  nav fieldset { border: 1px solid #ddd; margin: 14px 0 0; padding: 6px 8px; }
  main { flex: 1; padding: 12px 18px; overflow: auto; }
  .charts { display: flex; flex-wrap: wrap; gap: 14px; }
  .chart { border: 1px solid #e2e2e2; border-radius: 4px; padding: 6px; background: #fff; }
  .chart h3, section h2 { margin: 0 0 4px; font-size: 14px; }
  svg text { font-size: 11px; fill: #444; }
  .legend span { display: inline-block; margin-right: 12px; font-size: 12px; }
  .legend i { display: inline-block; width: 14px; height: 3px; margin-right: 4px; vertical-align: middle; }
  pre { background: #f8f8f8; border: 1px solid #eee; padding: 8px; overflow: auto; max-height: 320px; font-size: 12px; }
  section { margin-top: 18px; }
  .status { color: #666; font-size: 12px; }
  .files img { max-width: 420px; border: 1px solid #eee; margin: 4px 8px 4px 0; }
</style>
</head>
<body>
<nav>
  <h1>Synapse</h1>
  <div id="runs"><span class="status">looking for runs…</span></div>
  <fieldset>
    <legend>Curves</legend>
    <label>smoothing <input id="smoothing" type="range" min="0" max="0.99" step="0.01" value="0"> <span id="smoothingValue">0</span></label>
    <label><input id="logScale" type="checkbox"> log scale</label>
    <label>x axis <select id="xAxis"><option value="epoch">epoch</option><option value="time">wall clock (s)</option></select></label>
  </fieldset>
  <p class="status" id="status"></p>
</nav>
<main>
  <div class="legend" id="legend"></div>
  <div class="charts" id="charts"></div>
  <div id="details"></div>
</main>
<script>
"use strict";
const colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const runs = new Map();        // name -> {records: {run, epochs: [], histograms: [], end}, source, colour}
const chosen = new Set();
const $ = id => document.getElementById(id);
const number = v => typeof v === "number" ? v : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : NaN;
const escape = s => String(s).replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));

async function refreshRuns() {
  try {
    const list = await (await fetch("/api/runs")).json();
    const box = $("runs");
    if (list.length === 0) { box.innerHTML = '<span class="status">no runs with an events.jsonl yet</span>'; return; }
    const listed = new Set(list.map(r => r.name));
    for (const [name, run] of runs) {          // a run in progress that has been committed, or deleted
      if (!listed.has(name)) { if (run.source) run.source.close(); runs.delete(name); chosen.delete(name); }
    }
    for (const run of list) {
      if (!runs.has(run.name)) {
        runs.set(run.name, {records: {run: null, epochs: [], histograms: [], end: null}, source: null, colour: colours[runs.size % colours.length]});
        if (chosen.size < 4) chosen.add(run.name);
      }
      runs.get(run.name).listed = run;
    }
    box.innerHTML = "";
    for (const [name, run] of runs) {
      const label = document.createElement("label");
      const live = run.listed && !run.listed.ended ? '<span class="live">● live</span>' : "";
      label.innerHTML = `<input type="checkbox" ${chosen.has(name) ? "checked" : ""}> <span style="color:${run.colour}">■</span> ${escape(name)}${live}`;
      label.querySelector("input").onchange = e => { e.target.checked ? chosen.add(name) : chosen.delete(name); follow(); draw(); };
      box.appendChild(label);
    }
    follow();
  } catch (e) { $("status").textContent = "server unreachable: " + e; }
}

function follow() {
  for (const [name, run] of runs) {
    if (chosen.has(name) && !run.source && !run.records.end) {
      const from = run.records.count || 0;
      const source = new EventSource(`/api/runs/${encodeURIComponent(name)}/events?from=${from}`);
      run.source = source;
      const take = e => {
        const record = JSON.parse(e.data);
        run.records.count = Number(e.lastEventId) + 1;
        if (record.type === "run") run.records.run = record;
        else if (record.type === "epoch") run.records.epochs.push(record);
        else if (record.type === "histogram") run.records.histograms.push(record);
        else if (record.type === "end") { run.records.end = record; source.close(); run.source = null; }
        scheduleDraw();
      };
      for (const type of ["run", "epoch", "batch", "histogram", "end"]) source.addEventListener(type, take);
    }
  }
}

let pending = false;
function scheduleDraw() { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; draw(); }); } }

function smooth(values, weight) {
  let last = NaN;
  return values.map(v => { if (!isFinite(v)) return v; last = isNaN(last) ? v : last * weight + (1 - weight) * v; return last; });
}

function draw() {
  const weight = Number($("smoothing").value), log = $("logScale").checked, xKey = $("xAxis").value;
  $("smoothingValue").textContent = weight.toFixed(2);
  const metrics = new Map();   // base metric -> [{run, colour, validation, points}]
  for (const name of chosen) {
    const run = runs.get(name);
    if (!run) continue;
    const keys = new Set();
    for (const e of run.records.epochs) for (const k of Object.keys(e.logs)) keys.add(k);
    for (const key of keys) {
      if (key === "learning_rate" && keys.size > 2) { /* drawn too, on its own axes */ }
      const base = key.startsWith("val_") ? key.slice(4) : key;
      const xs = run.records.epochs.map(e => xKey === "time" ? e.time : e.epoch + 1);
      const ys = smooth(run.records.epochs.map(e => number(e.logs[key])), weight);
      if (!metrics.has(base)) metrics.set(base, []);
      metrics.get(base).push({run: name, colour: run.colour, validation: key.startsWith("val_"), points: xs.map((x, i) => [x, ys[i]])});
    }
  }
  const charts = $("charts");
  charts.innerHTML = "";
  for (const [metric, series] of [...metrics].sort((a, b) => a[0] === "loss" ? -1 : b[0] === "loss" ? 1 : a[0].localeCompare(b[0]))) {
    const div = document.createElement("div");
    div.className = "chart";
    div.innerHTML = `<h3>${escape(metric)}</h3>` + lineChart(series, log && metric !== "accuracy", xKey === "time" ? "seconds" : "epoch");
    charts.appendChild(div);
  }
  $("legend").innerHTML = [...chosen].filter(n => runs.has(n)).map(n =>
    `<span><i style="background:${runs.get(n).colour}"></i>${escape(n)}</span>`).join("") +
    '<span><i style="background:repeating-linear-gradient(90deg,#555 0 3px,transparent 3px 6px)"></i>validation</span>';
  details();
  const counts = [...chosen].filter(n => runs.has(n)).map(n => `${n}: ${runs.get(n).records.epochs.length} epochs${runs.get(n).records.end ? "" : " (training)"}`);
  $("status").textContent = counts.join("; ");
}

function lineChart(series, log, xLabel) {
  const W = 420, H = 250, L = 52, R = 10, T = 8, B = 34;
  const points = series.flatMap(s => s.points).filter(p => isFinite(p[1]) && (!log || p[1] > 0));
  if (points.length === 0) return '<svg width="420" height="60"><text x="10" y="30">no finite values yet</text></svg>';
  let [x0, x1] = [Math.min(...points.map(p => p[0])), Math.max(...points.map(p => p[0]))];
  let ys = points.map(p => log ? Math.log10(p[1]) : p[1]);
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const sx = x => L + (x - x0) / (x1 - x0) * (W - L - R), sy = y => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  let svg = `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`;
  for (let i = 0; i <= 4; i++) {
    const y = y0 + (y1 - y0) * i / 4, label = log ? Math.pow(10, y).toPrecision(3) : Number(y.toPrecision(4));
    svg += `<line x1="${L}" x2="${W - R}" y1="${sy(y)}" y2="${sy(y)}" stroke="#eee"/><text x="${L - 4}" y="${sy(y) + 4}" text-anchor="end">${label}</text>`;
    const x = x0 + (x1 - x0) * i / 4;
    svg += `<text x="${sx(x)}" y="${H - B + 16}" text-anchor="${i === 0 ? "start" : i === 4 ? "end" : "middle"}">${Number(x.toPrecision(4))}</text>`;
  }
  svg += `<text x="${(L + W - R) / 2}" y="${H - 4}" text-anchor="middle">${xLabel}</text>`;
  for (const s of series) {
    const path = s.points.filter(p => isFinite(p[1]) && (!log || p[1] > 0))
      .map((p, i) => `${i ? "L" : "M"}${sx(p[0]).toFixed(1)},${sy(log ? Math.log10(p[1]) : p[1]).toFixed(1)}`).join("");
    svg += `<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="1.8" ${s.validation ? 'stroke-dasharray="5,3"' : ""}/>`;
  }
  return svg + "</svg>";
}

function details() {
  const box = $("details");
  box.innerHTML = "";
  for (const name of chosen) {
    const run = runs.get(name);
    if (!run || !run.records.run) continue;
    const section = document.createElement("section");
    let html = `<h2 style="color:${run.colour}">${escape(name)}</h2>`;
    html += `<details><summary>model summary</summary><pre>${escape(run.records.run.summary || "")}</pre></details>`;
    html += `<details><summary>configuration</summary><pre>${escape(JSON.stringify(run.records.run.model, null, 1))}</pre></details>`;
    const last = run.records.histograms[run.records.histograms.length - 1];
    if (last) html += `<h3>weights over the epochs</h3><div class="charts">` + last.weights.map((w, i) => histogramChart(run, i)).join("") + "</div>";
    html += `<div class="files">` + ["confusion-matrix.svg", "misclassified.svg", "predictions.svg", "forecast.svg"].map(f =>
      `<img alt="" src="/api/runs/${encodeURIComponent(name)}/files/${f}" onerror="this.remove()">`).join("") + "</div>";
    section.innerHTML = html;
    box.appendChild(section);
  }
}

function histogramChart(run, index) {
  // At most 60 rows, evenly spaced over the run, the last one always among them.
  const all = run.records.histograms.map(h => h.weights[index]).filter(Boolean);
  const every = Math.ceil(all.length / 60);
  const rows = all.filter((_, i) => (all.length - 1 - i) % every === 0);
  const W = 260, H = 150, L = 44, T = 16;
  const lo = Math.min(...rows.map(r => number(r.min))), hi = Math.max(...rows.map(r => number(r.max)));
  const rh = (H - T - 14) / rows.length;
  let svg = `<div class="chart"><svg width="${W}" height="${H}"><text x="2" y="11">${escape(rows[0].name)}</text>`;
  rows.forEach((r, j) => {
    const max = Math.max(...r.counts), n = r.counts.length, a = number(r.min), b = number(r.max);
    r.counts.forEach((c, k) => {
      if (c === 0) return;
      const x = L + ((a + (b - a) * k / n) - lo) / ((hi - lo) || 1) * (W - L - 4), w = Math.max(1, (b - a) / n / ((hi - lo) || 1) * (W - L - 4));
      svg += `<rect x="${x.toFixed(1)}" y="${(T + j * rh).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.max(rh, 1).toFixed(1)}" fill="${run.colour}" fill-opacity="${(0.1 + 0.9 * c / max).toFixed(2)}"/>`;
    });
  });
  svg += `<text x="${L}" y="${H - 2}">${lo.toPrecision(2)}</text><text x="${W - 4}" y="${H - 2}" text-anchor="end">${hi.toPrecision(2)}</text>`;
  const epochs = run.records.histograms.map(h => h.epoch + 1).filter((_, i) => (all.length - 1 - i) % every === 0);
  svg += `<text x="2" y="${T + 8}">epoch ${epochs[0]}</text><text x="2" y="${H - 16}">${epochs[epochs.length - 1]}</text>`;
  return svg + "</svg></div>";
}

// The controls' starting state can come from the address: ?smoothing=0.6&log=1&x=time
const query = new URLSearchParams(location.search);
if (query.has("smoothing")) $("smoothing").value = query.get("smoothing");
if (query.get("log") === "1") $("logScale").checked = true;
if (query.get("x") === "time") $("xAxis").value = "time";
$("smoothing").oninput = draw;
$("logScale").onchange = draw;
$("xAxis").onchange = draw;
refreshRuns();
setInterval(refreshRuns, 3000);
</script>
</body>
</html>
"""#
}
