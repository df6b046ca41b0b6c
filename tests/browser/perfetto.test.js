// The Perfetto / Chrome trace export opened in a real trace viewer: speedscope (npm, pinned
// by package-lock.json; its Chrome Trace Event Format importer is independent of ours) in
// headless Chromium. chrome://tracing is gone from current Chromium and ui.perfetto.dev needs
// the network, so speedscope is the viewer a test can load offline. The test checks that the
// viewer reads the file without an error, finds one profile per thread that has slices, with
// the process and thread names the export gave them, and the same busy time per row as the
// file's own slices; then it shows go1.9's timerproc row and saves a screenshot to artifacts/.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { bin, out, launchBrowser, newPage } = require('./chromium');

const viewer = path.join(__dirname, 'node_modules/speedscope/dist/release/index.html');
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(async () => browser && browser.close());

// Per (pid, tid) with slices: the viewer's profile name and the time covered by slices (the
// union of the complete events' intervals, in µs, i.e. the sum of the outermost slices).
function expectedProfiles(trace) {
  const procName = new Map(), threadName = new Map(), spans = new Map();
  for (const e of trace.traceEvents) {
    const key = `${e.pid}/${e.tid}`;
    if (e.ph === 'M' && e.name === 'process_name') procName.set(e.pid, e.args.name);
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(key, e.args.name);
    if (e.ph === 'X') {
      if (!spans.has(key)) spans.set(key, { pid: e.pid, tid: e.tid, list: [] });
      spans.get(key).list.push([e.ts, e.ts + e.dur]);
    }
  }
  const rows = [];
  for (const [key, s] of spans) {
    s.list.sort((a, b) => a[0] - b[0]);
    let busy = 0, end = -Infinity;
    for (const [a, b] of s.list) {
      if (b > end) { busy += b - Math.max(a, end); end = b; }
    }
    rows.push({ pid: s.pid, tid: s.tid, busyUs: busy,
      name: `${procName.get(s.pid)} (pid ${s.pid}), ${threadName.get(key)} (tid ${s.tid})` });
  }
  rows.sort((a, b) => a.pid - b.pid || a.tid - b.tid);
  return rows;
}

// speedscope's weight label ("5.56µs", "170.16ms", "0.00ns") in µs.
function labelUs(label) {
  const m = /^([0-9.]+)(ns|µs|ms|s)$/.exec(label);
  assert.ok(m, `weight label ${label}`);
  return Number(m[1]) * { ns: 1e-3, 'µs': 1, ms: 1e3, s: 1e6 }[m[2]];
}

test('Perfetto export of a shipped scenario on four eras opens in a trace viewer', async () => {
  const file = path.join(out, 'perfetto-timer-basics.json');
  execFileSync(bin, ['run', 'timer-basics', '--era', 'go1.9,go1.13,go1.14,go1.23', '--procs', '2',
    '--quiet', '--perfetto', file], { stdio: 'pipe' });
  const want = expectedProfiles(JSON.parse(fs.readFileSync(file, 'utf8')));
  assert.ok(want.some((r) => r.name.includes('timerproc[0]')), 'go1.9 has a timerproc row');
  assert.strictEqual(new Set(want.map((r) => r.pid)).size, 4, 'one process per era');

  const { page, errors } = await newPage(browser, { width: 1400, height: 700 },
    { consoleErrors: true, allowBlob: true });
  await page.goto('file://' + viewer);
  await page.locator('input[type=file]').setInputFiles(file);
  await page.waitForFunction(() => document.title.endsWith('- speedscope'), null, { timeout: 20000 });
  const got = await page.$$eval('tr', (trs) => trs.slice(1).map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepStrictEqual(got.map((r) => r[1]), want.map((r) => r.name), 'one profile per row with slices, named as exported');
  got.forEach((r, i) => {
    const us = labelUs(r[2]);
    const exp = want[i].busyUs;
    assert.ok(Math.abs(us - exp) <= Math.max(0.006 * exp, 0.01), `${r[1]}: viewer ${r[2]}, file ${exp} µs`);
  });
  // the go1.9 timerproc row: its notetsleepg sleeps, as slices
  await page.locator(`text=(1/${want.length})`).click();
  await page.locator('tr', { hasText: 'go1.9' }).filter({ hasText: 'timerproc[0]' }).click();
  await page.waitForFunction(() => document.body.innerText.includes('timerproc[0]'));
  await page.screenshot({ path: path.join(out, 'perfetto-speedscope-timerproc.png') });
  assert.deepStrictEqual(errors, []);
  await page.close();
});
