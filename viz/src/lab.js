// The lab page (lab.html): the heap lab in WebAssembly (gotimers-lab.js, built from wasm/ by
// scripts/build-wasm.sh). The student picks an era (or two, side by side), types operations
// or appends them with buttons, and the simulator runs them on the era's real timer code in
// the page; the animation is the player `gotimers animate -o x.html` writes (the same
// template, filled by the same C++), shown in an iframe, and can be downloaded as .html, .svg,
// .gif (lab_gif.js) or .json. The form lives in the URL's hash, so a lesson is a link;
// `player only` hides the form for a projector. In `Go program` mode the page runs a Go
// program instead (lab_go.js): compiled by the Go front end in the page, run on the era, its
// output beside the animation of its timers.
import player from '../dist/index.html?raw';
import { makeGif } from './lab_gif.js';
import { PROGRAMS, gofront } from './lab_go.js';
import { labApi } from './lab_api.js';
import './lab.css';

const $ = (id) => document.getElementById(id);
const form = {
  era: $('era'), era2: $('era2'), procs: $('procs'), ops: $('ops'), run: $('run'),
  status: $('status'), frame: $('player'), examples: $('examples'), mode: $('mode'),
  src: $('src'), out: $('out'),
};
let progName = 'main';  // the Go program's file name less .go: the example it started from
const goMode = () => form.mode.value === 'go';

// Lessons to start from: what each era's structure shows.
const EXAMPLES = [
  { title: 'Insert and delete in a 4-ary heap (go1.9)', era: 'go1.9',
    ops: 'add a=20 b=48 c=10 d=37 e=15 f=60; del b; pop' },
  { title: 'Stop: removed at once (go1.9) or marked deleted (go1.14)', era: 'go1.9', era2: 'go1.14',
    ops: 'add a=5 b=9 c=7 d=1; del a; del d; reset c=20; pop' },
  { title: 'Per-P heaps (go1.14)', era: 'go1.14',
    ops: 'add a=5@P0 b=9@P1 c=7@P1 d=3@P2; del b@P1; run 8' },
  { title: 'The 64 timer buckets (go1.13)', era: 'go1.13',
    ops: 'add a=5@P0 b=9@P1 c=7@P2 d=3@P1; del c@P2; pop' },
  { title: 'Stopped timers: deleted (go1.14) and zombies swept by adjust (go1.23)', era: 'go1.14',
    era2: 'go1.23', ops: 'add a=5 b=10 c=20 d=30 e=40; del c; del d; run 1; pop' },
];

let lab = null;  // the simulator in WebAssembly (lab_api.js)
let busy = false;
let last = null;  // the last animation's answer (its SVG and frame times make the GIF)
const urls = [];

function say(text, error = false) {
  form.status.textContent = text;
  form.status.classList.toggle('error', error);
}

function offer(id, text, type) {
  const a = $(id);
  if (text === undefined) {
    a.hidden = true;
    return;
  }
  const url = URL.createObjectURL(new Blob([text], { type }));
  urls.push(url);
  a.href = url;
  a.hidden = false;
}

// Makes the GIF of the last one-era animation and offers it as a download.
async function gifDownload() {
  if (!last || !last.svg || busy) return;
  busy = true;
  const b = $('mk-gif');
  b.disabled = true;
  try {
    const bytes = await makeGif(last.svg, last.frameMs, (k, n) => say(`making the GIF: frame ${k} of ${n}…`));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'image/gif' }));
    urls.push(url);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'gotimers-lab.gif';
    document.body.append(a);
    a.click();
    a.remove();
    say(`GIF: ${last.frameMs.length} frames, ${Math.round(bytes.length / 1024)} KiB`);
  } catch (e) {
    say(`the GIF failed: ${e}`, true);
  } finally {
    busy = false;
    b.disabled = false;
  }
}

function lesson() {
  const q = new URLSearchParams();
  if (goMode()) {
    q.set('mode', 'go');
    q.set('prog', progName);
  }
  q.set('era', form.era.value);
  if (form.era2.value && !goMode()) q.set('beside', form.era2.value);
  if (Number(form.procs.value) > 0) q.set('procs', form.procs.value);
  if (goMode()) q.set('src', form.src.value);
  else q.set('ops', form.ops.value);
  return q;
}

// Operations: the heap lab's answer, or null after saying what is wrong.
async function labAnswer(procs) {
  const eras = form.era2.value ? `${form.era.value},${form.era2.value}` : form.era.value;
  say(`running on ${eras.replace(',', ' and ')}…`);
  const r = await lab.lab(eras, form.ops.value, { procs, player, svg: !form.era2.value });
  form.ops.removeAttribute('aria-invalid');
  form.era2.removeAttribute('aria-invalid');
  if (!r.ok) {
    say(`${r.field === 'era' ? 'era' : 'operations'}: ${r.error}`, true);
    (r.field === 'era' ? form.era2 : form.ops).setAttribute('aria-invalid', 'true');
    return null;
  }
  r.label = `${eras.replace(',', ' beside ')}: ${r.frames} ${form.era2.value ? 'steps' : 'frames'}`;
  return r;
}

// A Go program: compiled in the page, run on the era; its output, and how it ended, under
// the source. null after saying what is wrong.
async function programAnswer(procs) {
  const era = form.era.value;
  form.src.removeAttribute('aria-invalid');
  say('loading the Go front end…');
  const compile = await gofront();
  say(`compiling ${progName}.go…`);
  const fe = compile({ [`${progName}.go`]: form.src.value });
  if (!fe.ok) {
    say(`${progName}.go does not compile: see below`, true);
    form.out.className = 'out err';
    form.out.textContent = fe.error;
    form.src.setAttribute('aria-invalid', 'true');
    return null;
  }
  say(`running ${progName}.go on ${era}…`);
  const r = await lab.program(JSON.stringify(fe.ir), progName, era, { procs, player, svg: true });
  if (!r.ok) {
    say(`${r.field}: ${r.error}`, true);
    return null;
  }
  form.out.className = 'out';
  form.out.textContent = r.output + r.stderr;
  const end = document.createElement('span');
  end.className = 'end';
  end.textContent = `${r.report ? r.report.trimEnd() + '\n' : ''}exit status ${r.exitCode}`;
  form.out.append(end);
  r.label = r.heapEvents ? `${progName}.go on ${era}: ${r.frames} frames`
    : `${progName}.go on ${era}: no timer reached a heap in this run, so there is nothing to animate`;
  if (!r.heapEvents) r.page = '<!doctype html><body></body>';
  return r;
}

async function run() {
  if (!lab || busy) return;
  busy = true;
  form.run.disabled = true;
  const procs = Math.max(0, Math.min(256, Number(form.procs.value) || 0));
  try {
    const r = goMode() ? await programAnswer(procs) : await labAnswer(procs);
    if (!r) return;
    while (urls.length) URL.revokeObjectURL(urls.pop());
    // busy until the player has loaded (tests and the appending buttons see the new one)
    await new Promise((loaded) => {
      form.frame.addEventListener('load', loaded, { once: true });
      form.frame.srcdoc = r.page;
    });
    const anim = !goMode() || r.heapEvents;
    last = anim ? r : null;
    $('mk-gif').hidden = !anim || !r.svg;
    offer('dl-html', anim ? r.page : undefined, 'text/html');
    offer('dl-svg', anim ? r.svg : undefined, 'image/svg+xml');
    offer('dl-json', anim ? JSON.stringify(r.animation, null, 1) + '\n' : undefined, 'application/json');
    const q = lesson();
    history.replaceState(null, '', '#' + q.toString());
    $('link').href = '#' + q.toString();
    $('link').hidden = false;
    say(r.label);
  } catch (e) {
    say(`the simulator failed: ${e}`, true);
  } finally {
    busy = false;
    form.run.disabled = false;
  }
}

// The operations as written, split at ';' (empty ones dropped).
const opsList = () => form.ops.value.split(';').map((s) => s.trim()).filter(Boolean);
const namesAdded = () => [...form.ops.value.matchAll(/(?:^|[\s;])add\s+([^;]*)/g)]
  .flatMap((m) => [...m[1].matchAll(/([A-Za-z_]\w*)=/g)].map((n) => n[1]));

// The next timer name: a, b, ..., z, then t27, t28, ...
function nextName(used) {
  for (let k = 0; ; k++) {
    const n = k < 26 ? String.fromCharCode(97 + k) : `t${k + 1}`;
    if (!used.includes(n)) return n;
  }
}

function append(kind) {
  const list = opsList();
  const added = namesAdded();
  const deleted = [...form.ops.value.matchAll(/del\s+([A-Za-z_]\w*)/g)].map((m) => m[1]);
  const live = added.filter((n) => !deleted.includes(n));
  const k = added.length;
  const when = ((k * 37) % 97) + 1;  // varied heap shapes, the same every time
  if (kind === 'add') list.push(`add ${nextName(added)}=${when}`);
  else if (kind === 'del' && live.length) list.push(`del ${live[live.length - 1]}`);
  else if (kind === 'reset' && live.length) list.push(`reset ${live[0]}=${when}`);
  else if (kind === 'pop') list.push('pop');
  else if (kind === 'undo') list.pop();
  form.ops.value = list.join('; ');
  run();
}

// Operations mode's examples, or the shipped Go programs.
function listExamples() {
  form.examples.replaceChildren(new Option(goMode() ? 'programs…' : 'examples…', ''));
  if (goMode()) PROGRAMS.forEach((p, i) => form.examples.append(new Option(`${p.dir}/${p.name}.go`, String(i))));
  else EXAMPLES.forEach((x, i) => form.examples.append(new Option(x.title, String(i))));
}

function setMode(mode) {
  form.mode.value = mode;
  document.body.classList.toggle('gomode', mode === 'go');
  $('gobox').hidden = mode !== 'go';
  form.era2.disabled = mode === 'go';  // one era at a time for a program
  if (mode === 'go' && !form.src.value) {
    progName = PROGRAMS[0].name;
    form.src.value = PROGRAMS[0].src;
  }
  listExamples();
}

function fill(q) {
  setMode(q.get('mode') === 'go' ? 'go' : 'ops');
  if (q.get('era')) form.era.value = q.get('era');
  form.era2.value = q.get('beside') || '';
  form.procs.value = q.get('procs') || '0';
  if (q.get('ops') !== null) form.ops.value = q.get('ops');
  if (q.get('src') !== null) form.src.value = q.get('src');
  if (q.get('prog')) progName = q.get('prog').replace(/[^\w-]/g, '') || 'main';
}

async function start() {
  lab = labApi(await window.GotimersLab());
  const eras = lab.eras();
  for (const e of eras) {
    for (const sel of [form.era, form.era2]) {
      const o = document.createElement('option');
      o.value = e.name;
      o.textContent = e.name;
      o.title = e.summary;
      sel.append(o);
    }
  }
  listExamples();
  form.era.value = 'go1.9';
  form.ops.value = EXAMPLES[0].ops;
  if (location.hash.length > 1) fill(new URLSearchParams(location.hash.slice(1)));
  // after `run`, the keys are the player's (space plays, arrows step)
  $('lab').addEventListener('submit', async (e) => {
    e.preventDefault();
    await run();
    form.frame.contentWindow.focus();
  });
  $('mk-gif').addEventListener('click', gifDownload);
  const only = (on) => {
    document.body.classList.toggle('playeronly', on);
    form.frame.contentWindow.focus();
  };
  $('only').addEventListener('click', () => only(true));
  $('back').addEventListener('click', () => only(false));
  document.querySelectorAll('.steps button').forEach((b) =>
    b.addEventListener('click', () => append(b.dataset.op)));
  form.examples.addEventListener('change', () => {
    const i = Number(form.examples.value);
    if (form.examples.value === '') return;
    if (goMode()) {
      progName = PROGRAMS[i].name;
      form.src.value = PROGRAMS[i].src;
    } else {
      const x = EXAMPLES[i];
      fill(new URLSearchParams({ era: x.era, beside: x.era2 || '', ops: x.ops }));
    }
    form.examples.value = '';
    run();
  });
  form.mode.addEventListener('change', () => {
    setMode(form.mode.value);
    run();
  });

  form.run.disabled = false;
  window.gotimersLab = { ready: true, run, busy: () => busy };
  await run();
}

start().catch((e) => say(`could not load the simulator: ${e}`, true));
