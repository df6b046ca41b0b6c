// The report page: draws the charts of one comparison (eras x GOMAXPROCS x seeds) with
// Observable Plot from the data gotimers embedded (metrics/report.h documents its fields),
// and shows the sentences, verdicts and caveats computed with it. Nothing here computes a
// number a sentence states: the page shows the data, the C++ side tells the story.
import * as Plot from '@observablehq/plot';
import './report.css';

const data = JSON.parse(document.getElementById('report-data').textContent);
// Okabe-Ito, in the order of gotimers' SVG charts (src/metrics/chart.cpp)
const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999999'];
const SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye', 'times'];
const eraColor = { domain: data.eras, range: COLORS.slice(0, data.eras.length) };
const eraSymbol = { domain: data.eras, range: SYMBOLS.slice(0, data.eras.length) };
const procs = data.gomaxprocs;
const pow2 = procs.every((p) => (p & (p - 1)) === 0) && procs[procs.length - 1] / procs[0] >= 8;
const xScale = pow2
  ? { type: 'log', base: 2, label: 'GOMAXPROCS', ticks: procs, tickFormat: (d) => `${d}` }
  : { label: 'GOMAXPROCS', ticks: procs, tickFormat: (d) => `${d}` };
const width = Math.min(960, Math.max(560, window.innerWidth - 64));

// Values as gotimers prints them (metrics/format.cpp): 3 significant digits, Go's units.
function sig3(x) {
  const a = Math.abs(x);
  let s = x.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}
function duration(ns) {
  const a = Math.abs(ns);
  if (a === 0) return '0s';
  if (a < 1e3) return sig3(ns) + 'ns';
  if (a < 1e6) return sig3(ns / 1e3) + 'µs';
  if (a < 1e9) return sig3(ns / 1e6) + 'ms';
  return sig3(ns / 1e9) + 's';
}
function count(v) {
  const a = Math.abs(v);
  if (a < 1e6) return Number.isInteger(v) ? `${v}` : sig3(v);
  if (a < 1e9) return sig3(v / 1e6) + 'M';
  return sig3(v / 1e9) + 'G';
}
const unit = data.headline.unit;
const fmtHeadline = unit === 'count' ? count : unit === 'ratio' ? (v) => v.toFixed(2) : duration;
const pct = (s) => (s === 0 ? '0%' : s * 100 < 0.1 ? '<0.1%' : `${(s * 100).toFixed(s * 100 < 10 ? 1 : 0)}%`);

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function put(id, node) {
  const fig = document.getElementById(id);
  fig.replaceChildren(node);
}

// header, verdicts, sentences, caveats
document.getElementById('title').textContent = `${data.scenario.name} (${data.scenario.id})`;
document.getElementById('subtitle').textContent =
  `${data.eras.join(', ')} x GOMAXPROCS ${procs.join(', ')}; ` +
  `${data.seeds.length} seed${data.seeds.length > 1 ? 's (medians; bands span min to max)' : ''}`;
document.title = `gotimers report: ${data.scenario.name}`;
for (const v of data.verdicts) {
  const li = el('li', { 'data-era': v.era, 'data-verdict': v.verdict });
  li.append(el('b', {}, v.era), ' ', el('span', { class: `tag ${v.verdict}` }, v.verdict), ' ',
    v.text.slice(v.verdict.length + 2));
  document.getElementById('verdicts').append(li);
}
for (const s of data.sentences) {
  document.querySelector(`section[data-chart="${s.chart}"] .sentences`).append(el('p', { class: 'sentence' }, s.text));
}
for (const c of data.caveats) document.getElementById('caveats').append(el('li', {}, c));
const label = data.headline.label;
document.getElementById('headline-title').textContent = label[0].toUpperCase() + label.slice(1);

// 1. the headline metric over GOMAXPROCS, a line per era, a band over seeds
const pts = data.points.filter((p) => p.headline.median !== null);
const bands = pts.filter((p) => p.headline.min !== p.headline.max);
put('chart-headline', Plot.plot({
  width, height: 360, marginLeft: 70,
  x: xScale,
  y: { label: `${label} (${unit})`, grid: true, tickFormat: fmtHeadline, zero: true },
  color: { ...eraColor, legend: true },
  symbol: eraSymbol,
  marks: [
    Plot.areaY(bands, { x: 'gomaxprocs', y1: (d) => d.headline.min, y2: (d) => d.headline.max, fill: 'era', fillOpacity: 0.15, className: 'headline-band' }),
    Plot.lineY(pts, { x: 'gomaxprocs', y: (d) => d.headline.median, stroke: 'era', strokeWidth: 2, className: 'headline-line' }),
    Plot.dot(pts, {
      x: 'gomaxprocs', y: (d) => d.headline.median, stroke: 'era', symbol: 'era', fill: 'white', r: 4,
      title: (d) => `${d.era} at GOMAXPROCS=${d.gomaxprocs}: ${fmtHeadline(d.headline.median)}`, className: 'headline-dot',
    }),
  ],
}));
// the same numbers as a table
{
  const t = document.getElementById('headline-table');
  const head = el('tr');
  head.append(el('th', {}, 'era'), ...procs.map((p) => el('th', {}, `GOMAXPROCS=${p}`)));
  t.append(head);
  for (const e of data.eras) {
    const tr = el('tr');
    tr.append(el('th', {}, e));
    for (const p of procs) {
      const pt = data.points.find((q) => q.era === e && q.gomaxprocs === p);
      tr.append(el('td', {}, pt && pt.headline.median !== null ? fmtHeadline(pt.headline.median) : '-'));
    }
    t.append(tr);
  }
}

// 2. lock phases stacked per era and GOMAXPROCS, and the share of time waiting
const PHASES = [['cas', 'CAS'], ['active_spin', 'spin'], ['passive_spin', 'yield'], ['futex_sleep', 'futex sleep']];
const phaseRows = data.points.flatMap((p) => PHASES.map(([k, name]) => ({
  era: p.era, gomaxprocs: p.gomaxprocs, phase: name, key: k, n: p.lock_phases[k] ?? 0,
})));
put('chart-lock-phases', Plot.plot({
  width, height: 300, marginLeft: 70, marginBottom: 40,
  fx: { label: null, domain: data.eras },
  x: { label: 'GOMAXPROCS', domain: procs.map(String) },
  y: { label: 'timer-lock acquisitions', grid: true, tickFormat: count },
  color: { legend: true, domain: PHASES.map((p) => p[1]), range: ['#009E73', '#56B4E9', '#E69F00', '#D55E00'] },
  marks: [
    Plot.barY(phaseRows, Plot.stackY({
      fx: 'era', x: (d) => String(d.gomaxprocs), y: 'n', fill: 'phase', order: PHASES.map((p) => p[1]),
      title: (d) => `${d.era} P=${d.gomaxprocs} ${d.key}: ${d.n}`, className: 'lock-phase-bar',
    })),
    Plot.ruleY([0]),
  ],
}));
const shares = data.points.filter((p) => p.lock_wait_share !== null);
put('chart-lock-share', Plot.plot({
  width, height: 260, marginLeft: 70,
  x: xScale,
  y: { label: 'share of the Ps\' time spent waiting for timer locks', grid: true, tickFormat: (s) => pct(s), zero: true },
  color: { ...eraColor, legend: true },
  symbol: eraSymbol,
  marks: [
    Plot.lineY(shares, { x: 'gomaxprocs', y: 'lock_wait_share', stroke: 'era', strokeWidth: 2 }),
    Plot.dot(shares, {
      x: 'gomaxprocs', y: 'lock_wait_share', stroke: 'era', symbol: 'era', fill: 'white', r: 4,
      title: (d) => `${d.era} at GOMAXPROCS=${d.gomaxprocs}: ${pct(d.lock_wait_share)}`, className: 'lock-share-dot',
    }),
  ],
}));

// 3. threads: one panel per counter
const THREADS = [['thread_sleeps', 'M sleeps'], ['context_switches', 'context switches'], ['p_handoffs', 'P handoffs'], ['wakeps', 'wakeps']];
const threadRows = data.points.flatMap((p) => THREADS.map(([k, name]) => ({
  era: p.era, gomaxprocs: p.gomaxprocs, counter: name, key: k, n: p.threads[k] ?? 0,
})));
put('chart-threads', Plot.plot({
  width, height: 280, marginLeft: 60,
  fx: { label: null, domain: THREADS.map((t) => t[1]) },
  x: { ...xScale, label: 'GOMAXPROCS' },
  y: { label: 'count', grid: true, tickFormat: count, zero: true },
  color: { ...eraColor, legend: true },
  symbol: eraSymbol,
  marks: [
    Plot.lineY(threadRows, { fx: 'counter', x: 'gomaxprocs', y: 'n', stroke: 'era', strokeWidth: 2 }),
    Plot.dot(threadRows, {
      fx: 'counter', x: 'gomaxprocs', y: 'n', stroke: 'era', symbol: 'era', fill: 'white', r: 3,
      title: (d) => `${d.era} P=${d.gomaxprocs} ${d.key}: ${d.n}`, className: 'thread-dot',
    }),
  ],
}));

// 4. lateness: the median as a dot, a rule to the 99th percentile
const late = data.points.filter((p) => p.lateness !== null);
if (late.length === 0) {
  put('chart-lateness', el('p', { class: 'muted' }, 'No timer fired: nothing to chart.'));
} else {
  put('chart-lateness', Plot.plot({
    width, height: 300, marginLeft: 70,
    fx: { label: null, domain: data.eras },
    x: { label: 'GOMAXPROCS', domain: procs.map(String) },
    y: { label: 'firing lateness (p50 dot, p99 bar end)', grid: true, tickFormat: duration, zero: true },
    color: eraColor,
    marks: [
      Plot.ruleX(late, { fx: 'era', x: (d) => String(d.gomaxprocs), y1: (d) => d.lateness.p50, y2: (d) => d.lateness.p99, stroke: 'era', strokeWidth: 3 }),
      Plot.dot(late, {
        fx: 'era', x: (d) => String(d.gomaxprocs), y: (d) => d.lateness.p50, fill: 'era', r: 4,
        title: (d) => `${d.era} at GOMAXPROCS=${d.gomaxprocs}: p50 ${duration(d.lateness.p50)}, p99 ${duration(d.lateness.p99)}`,
        className: 'lateness-dot',
      }),
    ],
  }));
}
window.gotimersReport = { data, format: fmtHeadline };
