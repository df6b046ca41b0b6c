// The heap lab compiled to WebAssembly gives what the command line gives: for the same era(s),
// operations and GOMAXPROCS, the animation JSON of `gotimers animate -o x.json` (the same
// heaps, frames, narrations and code lines), the SVG of `-o x.svg` and the player page of
// `-o x.html` byte for byte, and the command line's message for a mistake. Both are the same
// C++ (src/heaplab and the eras), so a difference means the WebAssembly build changed
// behaviour: its fibers (Asyncify), its libc++, its 32-bit size_t.
const { test, before } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { root, bin, out } = require('./chromium');
const { loadLab, loadGofront } = require('./lab-wasm');

let lab;
before(async () => {
  fs.mkdirSync(out, { recursive: true });
  lab = await loadLab();
});

function cli(args, file) {
  const p = path.join(out, file);
  execFileSync(bin, ['animate', ...args, '-o', p], { stdio: 'pipe' });
  return fs.readFileSync(p, 'utf8');
}

const LESSON = 'add a=20 b=48 c=10 d=37 e=15; del b; reset c=5; reset d=90; pop; run 60; add f=3; del e';

test('every era option: the same animation as `animate -o x.json`', async () => {
  const eras = lab.eras().map((e) => e.name);
  assert.strictEqual(eras.length, 9);
  for (const era of eras) {
    const want = JSON.parse(cli(['--era', era, '--ops', LESSON], 'wasm-cli.json'));
    const got = await lab.lab(era, LESSON);
    assert.ok(got.ok, `${era}: ${got.error}`);
    assert.strictEqual(got.frames, want.frames.length, era);
    assert.deepStrictEqual(got.animation, want, era);
  }
});

test('timers on other Ps (per-P heaps, go1.13 buckets) and GOMAXPROCS', async () => {
  const ops = 'add a=5@P1 b=9 c=7@P1 d=2@P2; del a@P1; reset b=1; pop; run 10';
  for (const era of ['go1.13', 'go1.14@go1.16', 'go1.23']) {
    for (const procs of [0, 4]) {
      const args = ['--era', era, '--ops', ops, ...(procs ? ['--procs', String(procs)] : [])];
      const want = JSON.parse(cli(args, 'wasm-procs.json'));
      const got = await lab.lab(era, ops, { procs });
      assert.ok(got.ok, got.error);
      assert.deepStrictEqual(got.animation, want, `${era} procs ${procs}`);
    }
  }
});

test('eras side by side: the same steps as `animate --era A,B -o x.json`', async () => {
  const ops = 'add a=5 b=9 c=7 d=1; del a; reset c=20; pop';
  const want = JSON.parse(cli(['--era', 'go1.9,go1.13,go1.14', '--ops', ops], 'wasm-sides.json'));
  const got = await lab.lab('go1.9,go1.13,go1.14', ops);
  assert.ok(got.ok, got.error);
  assert.strictEqual(got.animation.sides.length, 3);
  assert.deepStrictEqual(got.animation, want);
});

test('the SVG and the player page, byte for byte', async () => {
  const tmpl = fs.readFileSync(path.join(root, 'viz/dist/index.html'), 'utf8');
  const ops = 'add a=20 b=48 c=10 d=37; del b; pop';
  const got = await lab.lab('go1.14', ops, { player: tmpl, svg: true });
  assert.ok(got.ok, got.error);
  assert.strictEqual(got.svg, cli(['--era', 'go1.14', '--ops', ops], 'wasm-cli.svg'));
  assert.strictEqual(got.page, cli(['--era', 'go1.14', '--ops', ops], 'wasm-cli.html'));
  const sides = await lab.lab('go1.9,go1.23', ops, { player: tmpl });
  assert.strictEqual(sides.page, cli(['--era', 'go1.9,go1.23', '--ops', ops], 'wasm-sides.html'));
  assert.strictEqual(sides.svg, undefined);  // an SVG shows one era
});

test('mistakes: the command line message, naming the field', async () => {
  const cases = [
    ['go1.9', 'add a=20; del b'],          // no such timer
    ['go1.9', 'add a=20; frob'],           // not an operation
    ['go1.14', 'add a=5@P1; pop'],         // @P1 beyond GOMAXPROCS 1
    ['go1.10', 'add a=1'],                 // unknown era
    ['go1.9,go1.9', 'add a=1'],            // an era twice
    ['go1.9,go1.14', 'add a=1; del q'],    // side by side: which era
  ];
  for (const [era, ops] of cases) {
    const procs = ops.includes('@P1') ? 1 : 0;
    const r = spawnSync(bin, ['animate', '--era', era, '--ops', ops,
      ...(procs ? ['--procs', '1'] : []), '-o', path.join(out, 'wasm-bad.json')], { encoding: 'utf8' });
    assert.strictEqual(r.status, 2, `${era} ${ops}: ${r.stderr}`);
    const got = await lab.lab(era, ops, { procs });
    assert.strictEqual(got.ok, false, `${era} ${ops}`);
    // the CLI says "gotimers: --ops: MESSAGE" or "gotimers: --era ERA: MESSAGE"; side by side
    // "--ops (on ERA): MESSAGE", the page "on ERA: MESSAGE"
    const m = r.stderr.trim().match(/^gotimers: --(ops|era)(?: \(on ([^)]+)\)| [^:]+)?: (.*)$/);
    assert.ok(m, r.stderr);
    assert.strictEqual(got.field, m[1]);
    assert.strictEqual(got.error, m[2] ? `on ${m[2]}: ${m[3]}` : m[3]);
  }
  const empty = await lab.lab('go1.9', ' ; ');
  assert.deepStrictEqual([empty.ok, empty.field], [false, 'ops']);
});

// Go programs: gofront.wasm's IR run by the simulator in WebAssembly, against `gotimers
// animate PROG.go -o x.json` and the program output of `gotimers run PROG.go -q`.
test('Go programs: the same run, output and animation as the command line', async () => {
  const gofront = await loadGofront();
  const progs = ['teaching/heap-insert-delete.go', 'teaching/lazy-deletion.go',
    'pitfalls/stop-drain-idiom.go', 'pitfalls/after-in-loop.go'];
  for (const rel of progs) {
    const file = path.join(root, 'scenarios', rel);
    if (!fs.existsSync(file)) throw new Error(`${rel}: not shipped`);
    const base = path.basename(file);
    const fe = gofront.compile({ [base]: fs.readFileSync(file, 'utf8') });
    assert.ok(fe.ok, `${rel}: ${fe.error}`);
    for (const era of ['go1.9', 'go1.14', 'go1.23']) {
      const got = await lab.program(JSON.stringify(fe.ir), base.replace(/\.go$/, ''), era);
      assert.ok(got.ok, `${rel} on ${era}: ${got.error}`);
      const anim = spawnSync(bin, ['animate', file, '--era', era, '-o', path.join(out, 'wasm-prog.json')],
        { encoding: 'utf8' });
      if (anim.status === 2 && /no heap event in this run/.test(anim.stderr)) {
        assert.strictEqual(got.heapEvents, false, `${rel} on ${era}`);  // e.g. go1.23's channel timers
      } else {
        assert.strictEqual(anim.status, 0, anim.stderr);
        assert.strictEqual(got.heapEvents, true);
        const want = JSON.parse(fs.readFileSync(path.join(out, 'wasm-prog.json'), 'utf8'));
        assert.deepStrictEqual(got.animation, want, `${rel} on ${era}`);
      }
      const run = spawnSync(bin, ['run', file, '--era', era, '-q'], { encoding: 'utf8' });
      const lines = run.stdout.split('\n');
      const end = lines.findIndex((l) => l.startsWith('ended: '));
      assert.strictEqual(got.output, lines.slice(1, end).map((l) => l + '\n').join(''), `${rel} on ${era}`);
      assert.strictEqual(got.exitCode, run.status, `${rel} on ${era}`);
    }
  }
});
