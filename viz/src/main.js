// The gotimers animation player. Reads the animation the CLI embedded in
// <script id="gotimers-data"> (schema gotimers.animation/1, see docs/heap-lab.md) and shows
// each frame: the heap as a 4-ary tree and as an array, the narration, the Go code line and
// the lock / timer goroutine strip. No network, no server: it works opened from disk.
// Keyboard: space play/pause, arrows step, Home/End, 1-9 operations, +/- speed, p presenter
// mode, c code pane, o operation chips, s lock strip, l legend, 0 fit the tree again.
import './style.css';
import { TreeView } from './tree.js';
import { Chips } from './chips.js';
import { drawLegend } from './status.js';
import { initPanels } from './panels.js';
import { drawArrayRows, shownHeaps as shownHeapsOf, maxLenOf } from './arrays.js';
import { codePositions } from './code.js';
import { drawBucketStrip } from './buckets.js';
import { Sides, stepFrames, mergedForLegend } from './sides.js';

const $ = (id) => document.getElementById(id);

function loadData() {
  const raw = $('gotimers-data').textContent.trim();
  if (raw.startsWith('__GOTIMERS')) {
    return { title: 'gotimers player (no animation embedded)', era: '', layout: 'global', ops: [],
      code: [], statuses: [], frames: [{ kind: 'op', op: -1, heaps: [], hi: [], heap: -1,
        text: 'Build an animation with: gotimers animate --ops "add a=20 b=48 c=10" -o heap.html',
        fn: '', line: -1, locks: [], procs: [] }] };
  }
  return JSON.parse(raw);
}

const data = loadData();
// Eras side by side (gotimers.animation-sides/1): the scrubber moves through steps, and each
// era's column draws its own frame of the step (sides.js).
const sides = data.sides ? new Sides($('sides'), data) : null;
if (sides) {
  document.body.classList.add('sides');
  $('sides').before($('legend'));  // the stage, where the legend lives, is hidden
}
const frames = sides ? stepFrames(data) : data.frames;
const SPEEDS = [0.25, 0.5, 1, 2, 4];

// Effective code position of each frame (a frame with no fn keeps the previous one).
const codeAt = sides ? [] : codePositions(frames);
// First frame of each operation (scrubber markers, op chips).
const opStart = new Map();
frames.forEach((f, i) => { if (f.op >= 0 && !opStart.has(f.op)) opStart.set(f.op, i); });

// open: the buckets the viewer opened (go1.13), shown beside the one the frame concerns
const state = { i: 0, playing: false, speed: 1, timer: null, open: new Set() };

// ---- header -----------------------------------------------------------------------------
$('title').textContent = data.title || 'gotimers';
$('era').textContent = data.era || '';
document.title = data.title || 'gotimers';
// ---- tree ---------------------------------------------------------------------------------
// The heaps a frame shows side by side: perP shows every P; buckets and global one heap.
const shownHeaps = (f) => shownHeapsOf(f, data.layout, state.open);
const treeView = sides ? null : new TreeView($('tree'), data, maxLenOf(frames));
const chips = new Chips($('ops'), data.ops, (k) => { pause(); seek(opStart.get(k) ?? 0); });
drawLegend($('legend'), sides ? mergedForLegend(data) : data);
const fitTrees = () => (sides ? sides.fit() : treeView.fit());

// ---- arrays, index arithmetic, bucket grid --------------------------------------------------
function drawArrays(f) {
  drawArrayRows($('arrays'), f, shownHeaps(f), data);
  const a = $('arith');
  if (f.heap >= 0 && f.hi.length) {
    const i = f.hi[0];
    const parts = [];
    if (f.hi.length > 1) {
      const [p, c] = f.hi[0] < f.hi[1] ? [f.hi[0], f.hi[1]] : [f.hi[1], f.hi[0]];
      parts.push(`parent = (i-1)/4 = (${c}-1)/4 = <b>${p}</b>`, `children(${p}) = 4·${p}+1 … 4·${p}+4 = ${4 * p + 1}…${4 * p + 4}`);
    } else if (i > 0) {
      parts.push(`parent = (i-1)/4 = (${i}-1)/4 = <b>${Math.floor((i - 1) / 4)}</b>`, `children(${i}) = ${4 * i + 1}…${4 * i + 4}`);
    } else {
      parts.push(`i = 0: the root`, `children(0) = 1…4`);
    }
    a.innerHTML = parts.join(' &nbsp;·&nbsp; ');
  } else {
    a.innerHTML = '';
  }
  // go1.13: the 64 buckets as a strip; a click opens or closes a bucket beside the frame's own
  if (data.layout === 'buckets') drawBucketStrip($('grid'), f, data, shownHeaps(f), state.open, render);
}

// ---- code pane, narration, strip ------------------------------------------------------------
let shownFn = null;
function drawCode(i) {
  const { fn, line } = codeAt[i];
  const c = data.code.find((x) => x.name === fn);
  $('fn').textContent = c ? `func ${fn}` : '';
  $('tag').textContent = c ? `runtime/time.go @ ${c.tag}` : '';
  const pre = $('code');
  if (shownFn !== fn) {
    pre.innerHTML = '';
    (c ? c.lines : []).forEach((l, n) => {
      const s = document.createElement('span');
      s.className = 'ln';
      s.innerHTML = `<span class="no">${n + 1}</span>`;
      s.appendChild(document.createTextNode(l));
      pre.appendChild(s);
    });
    shownFn = fn;
  }
  pre.querySelectorAll('.hl').forEach((e) => e.classList.remove('hl'));
  const hl = pre.children[line];
  if (hl) {
    hl.classList.add('hl');
    const top = hl.offsetTop - pre.clientHeight / 3;
    pre.scrollTop = Math.max(0, top);
  }
}
function drawStrip(f) {
  const chips = (rows, cls) => rows.map((r) => `<span class="chip ${cls(r)}">${r.text}</span>`).join('');
  $('locks').innerHTML = f.locks.length
    ? chips(f.locks.map((l) => ({ text: l.holder ? `${l.name}: held by ${l.holder}` : `${l.name}: free`, held: !!l.holder })),
        (r) => (r.held ? 'held' : 'free'))
    : '<span class="chip">no timer lock taken yet</span>';
  $('procs').innerHTML = f.procs.length
    ? chips(f.procs.map((p) => ({ text: `${p.name}: ${p.state}`, s: p.state })),
        (r) => (r.s.startsWith('sleep') || r.s.startsWith('park') ? 'sleep' : 'run'))
    : `<span class="chip">${data.layout === 'perP' ? 'none: the scheduler runs timers (checkTimers)' : 'not started'}</span>`;
}

// ---- frame rendering and controls -------------------------------------------------------------
function render() {
  const f = frames[state.i];
  const dur = Math.min(600, 650 / state.speed);
  document.documentElement.style.setProperty('--dur', dur + 'ms');
  chips.draw(f.op);
  if (sides) {
    sides.render(state.i);
  } else {
    treeView.draw(f, shownHeaps(f));
    drawArrays(f);
    drawCode(state.i);
    drawStrip(f);
    $('narration').textContent = f.text;
  }
  $('scrubber').value = state.i;
  $('counter').textContent = `${state.i + 1} / ${frames.length}`;
  $('play').textContent = state.playing ? 'pause' : 'play';
  document.body.dataset.frame = state.i;
  document.body.dataset.playing = state.playing;
}
function seek(i) {
  state.i = Math.max(0, Math.min(frames.length - 1, i));
  render();
}
function schedule() {
  clearTimeout(state.timer);
  if (!state.playing) return;
  state.timer = setTimeout(() => {
    if (state.i >= frames.length - 1) { pause(); return; }
    seek(state.i + 1);
    schedule();
  }, 1100 / state.speed);
}
function play() {
  if (state.i >= frames.length - 1) state.i = 0;
  state.playing = true;
  render();
  schedule();
}
function pause() { state.playing = false; clearTimeout(state.timer); render(); }
function setSpeed(s) {
  state.speed = s;
  $('speed').value = String(s);
  render();
  schedule();
}

$('play').addEventListener('click', () => (state.playing ? pause() : play()));
$('back').addEventListener('click', () => { pause(); seek(state.i - 1); });
$('fwd').addEventListener('click', () => { pause(); seek(state.i + 1); });
$('first').addEventListener('click', () => { pause(); seek(0); });
$('last').addEventListener('click', () => { pause(); seek(frames.length - 1); });
$('speed').addEventListener('change', (e) => setSpeed(Number(e.target.value)));
const scrub = $('scrubber');
scrub.max = frames.length - 1;
scrub.addEventListener('input', () => { const v = Number(scrub.value); pause(); seek(v); });
for (const [k, i] of opStart) {
  const m = document.createElement('span');
  m.style.left = frames.length > 1 ? `${(i / (frames.length - 1)) * 100}%` : '0';
  m.textContent = k + 1;
  m.title = data.ops[k] ? data.ops[k].text : '';
  m.dataset.op = k;
  m.addEventListener('click', () => { pause(); seek(i); });
  $('markers').appendChild(m);
}
document.addEventListener('keydown', (e) => {
  if (e.target.tagName === 'SELECT') return;
  const k = e.key;
  if (k === ' ') { e.preventDefault(); state.playing ? pause() : play(); }
  else if (k === 'ArrowRight') { e.preventDefault(); pause(); seek(state.i + 1); }
  else if (k === 'ArrowLeft') { e.preventDefault(); pause(); seek(state.i - 1); }
  else if (k === 'Home') { pause(); seek(0); }
  else if (k === 'End') { pause(); seek(frames.length - 1); }
  else if (k === '+' || k === '=') setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, SPEEDS.indexOf(state.speed) + 1)]);
  else if (k === '-') setSpeed(SPEEDS[Math.max(0, SPEEDS.indexOf(state.speed) - 1)]);
  else if (/^[1-9]$/.test(k) && opStart.has(Number(k) - 1)) { pause(); seek(opStart.get(Number(k) - 1)); }
  else if (k === '0') fitTrees();
  else panels.key(k);
});
const panels = initPanels(() => render());
window.addEventListener('resize', () => render());

// A small API for tests and for embedding pages.
window.gotimersPlayer = {
  frame: () => state.i, count: () => frames.length, playing: () => state.playing,
  speed: () => state.speed, play, pause, seek, step: (d) => { pause(); seek(state.i + d); },
  data, panels, fit: fitTrees,
};
render();
