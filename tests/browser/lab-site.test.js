// The lab site (scripts/build-site.sh: index.html and gotimers-lab.js, GOTIMERS_SITE, default
// build/site) in headless Chromium, opened from disk as a teacher might: it loads the
// simulator, runs the first example, shows the player the command line would write for the
// same operations, takes typed operations and appended ones, says what is wrong with a
// mistake, shows two eras side by side, keeps the lesson in a link, and makes a GIF.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { root, bin, out, launchBrowser, newPage, gifFrames, overlaps, manyOps } = require('./chromium');

const site = process.env.GOTIMERS_SITE || path.join(root, 'build/site');
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => browser && browser.close());

// The frames (or steps, side by side) `animate` makes of the operations, or of a program file.
function cliFrames(era, ops, program) {
  const p = path.join(out, 'lab-site-cli.json');
  execFileSync(bin, ['animate', ...(program ? [program] : ['--ops', ops]), '--era', era, '-o', p],
    { stdio: 'pipe' });
  const j = JSON.parse(fs.readFileSync(p, 'utf8'));
  return j.frames ? j.frames.length : j.steps.length;
}

async function openLab(hash = '') {
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 }, { allowBlob: true });
  await page.goto('file://' + path.join(site, 'index.html') + hash);
  await page.waitForFunction(() => window.gotimersLab && window.gotimersLab.ready, null, { timeout: 60000 });
  await settle(page);
  return { page, errors };
}
async function settle(page) {
  await page.waitForFunction(() => !window.gotimersLab.busy(), null, { timeout: 60000 });
}
// The player in the iframe, once it has started, and its frame count.
async function shown(page) {
  const frame = await (await page.$('#player')).contentFrame();
  await frame.waitForFunction(() => window.gotimersPlayer !== undefined);
  return { frame, count: await frame.evaluate(() => window.gotimersPlayer.count()) };
}
async function runOps(page, ops) {
  await page.fill('#ops', ops);
  await page.click('#run');
  await settle(page);
}

test('lab page: the first example, typed operations, a mistake, appended steps', async () => {
  const { page, errors } = await openLab();
  const ops = await page.inputValue('#ops');
  assert.match(ops, /^add a=20 b=48/);
  let { frame, count } = await shown(page);
  assert.strictEqual(count, cliFrames('go1.9', ops));
  assert.match(await page.textContent('#status'), /go1\.9: \d+ frames/);
  assert.strictEqual(await frame.textContent('#era'), 'go1.9');
  await page.screenshot({ path: path.join(out, 'lab-first.png') });

  // typed operations on another era
  await page.selectOption('#era', 'go1.14');
  const typed = 'add a=5 b=9 c=7 d=1; del a; reset c=20; pop';
  await runOps(page, typed);
  ({ frame, count } = await shown(page));
  assert.strictEqual(count, cliFrames('go1.14', typed));
  assert.strictEqual(await frame.textContent('#era'), 'go1.14');
  // after `run` the keys go to the player: → steps
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.strictEqual(await frame.evaluate(() => window.gotimersPlayer.frame()), 2);
  assert.ok(!(await page.$eval('#dl-svg', (a) => a.hidden)), 'one era: an SVG to download');

  // the GIF, made in the page: one image per frame, 960x540, and Chromium shows it
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#mk-gif')]);
  const gifPath = path.join(out, 'lab.gif');
  await download.saveAs(gifPath);
  const gif = fs.readFileSync(gifPath);
  assert.strictEqual(gifFrames(gif), count);
  assert.deepStrictEqual([gif.readUInt16LE(6), gif.readUInt16LE(8)], [960, 540]);
  assert.match(await page.textContent('#status'), new RegExp(`^GIF: ${count} frames`));

  // a mistake: the command line's message, the field marked, the animation kept
  await runOps(page, 'add a=5; del zz');
  const status = await page.textContent('#status');
  assert.match(status, /^operations: .*zz/);
  assert.strictEqual(await page.getAttribute('#ops', 'aria-invalid'), 'true');
  await page.screenshot({ path: path.join(out, 'lab-mistake.png') });

  // appended steps: +add, +add, +del, +pop
  await page.fill('#ops', 'add a=20');
  for (const b of ['add', 'add', 'del', 'pop']) {
    await page.click(`.steps button[data-op="${b}"]`);
    await settle(page);
  }
  const built = await page.inputValue('#ops');
  assert.strictEqual(built, 'add a=20; add b=38; add c=75; del c; pop');
  ({ count } = await shown(page));
  assert.strictEqual(count, cliFrames('go1.14', built));
  assert.strictEqual(await page.getAttribute('#ops', 'aria-invalid'), null);
  await page.click('.steps button[data-op="undo"]');
  await settle(page);
  assert.strictEqual(await page.inputValue('#ops'), 'add a=20; add b=38; add c=75; del c');
  // the lesson as a link
  const hash = new URLSearchParams((await page.getAttribute('#link', 'href')).slice(1));
  assert.deepStrictEqual([hash.get('era'), hash.get('ops')], ['go1.14', 'add a=20; add b=38; add c=75; del c']);
  assert.deepStrictEqual(errors, []);
});

test('lab page: two eras side by side, and a lesson opened from its link', async () => {
  const ops = 'add a=5 b=9 c=7 d=1; del a; pop';
  const q = new URLSearchParams({ era: 'go1.9', beside: 'go1.14', ops });
  const { page, errors } = await openLab('#' + q.toString());
  assert.strictEqual(await page.inputValue('#ops'), ops);
  const { frame, count } = await shown(page);
  assert.strictEqual(count, cliFrames('go1.9,go1.14', ops));
  assert.strictEqual(await frame.$$eval('#sides .side', (s) => s.length), 2);
  assert.match(await page.textContent('#status'), /go1\.9 beside go1\.14: \d+ steps/);
  assert.ok(await page.$eval('#dl-svg', (a) => a.hidden), 'side by side: no SVG');
  await page.screenshot({ path: path.join(out, 'lab-sides.png') });
  assert.deepStrictEqual(errors, []);
});

test('lab page: every example runs, as the command line runs it', async () => {
  const { page, errors } = await openLab();
  const n = await page.$$eval('#examples option', (os) => os.length - 1);
  assert.ok(n >= 5, `${n} examples`);
  for (let i = 0; i < n; i++) {
    await page.selectOption('#examples', String(i));
    await settle(page);
    const status = await page.textContent('#status');
    assert.ok(!(await page.$eval('#status', (s) => s.classList.contains('error'))), status);
    const era = await page.inputValue('#era');
    const beside = await page.inputValue('#era2');
    const ops = await page.inputValue('#ops');
    const { count } = await shown(page);
    assert.strictEqual(count, cliFrames(beside ? `${era},${beside}` : era, ops), `example ${i}: ${ops}`);
  }
  await page.screenshot({ path: path.join(out, 'lab-example.png') });
  assert.deepStrictEqual(errors, []);
});

// With the form, and with `player only` (the form hidden), as on a projector, where presenter
// mode needs the whole window.
test('lab page: step, back, scrub, presenter mode, and large heaps without overlaps', async () => {
  const cases = [
    { n: 64, era: 'go1.9', w: 1920, h: 1080 },
    { n: 40, era: 'go1.14', w: 1024, h: 768, extra: '; del n3; del n30; reset n7=2000' },
  ];
  for (const c of cases) {
    const { page, errors } = await newPage(browser, { width: c.w, height: c.h }, { allowBlob: true });
    await page.goto('file://' + path.join(site, 'index.html'));
    await page.waitForFunction(() => window.gotimersLab && window.gotimersLab.ready, null, { timeout: 60000 });
    await settle(page);
    await page.selectOption('#era', c.era);
    await runOps(page, manyOps(c.n, c.extra));
    const { frame, count } = await shown(page);
    assert.strictEqual(count, cliFrames(c.era, manyOps(c.n, c.extra)));
    const at = () => frame.evaluate(() => window.gotimersPlayer.frame());
    const check = async (what) => {
      const o = await overlaps(frame);
      assert.strictEqual(o.nodes, c.n, what);
      assert.deepStrictEqual(o.pairs, [], what);
      assert.deepStrictEqual(o.outside, [], what);
      assert.ok(o.radius >= 12, `${what}: circles of radius ${o.radius}`);
    };
    // with the form shown (a short player: the status lines under the names go)
    await page.keyboard.press('End');
    await page.waitForTimeout(800);
    await check(`the page with its form: ${c.n} nodes at ${c.w}x${c.h}`);
    await page.keyboard.press('Home');
    await page.click('#only');
    assert.ok(await page.$eval('#player', (f, h) => f.clientHeight >= h - 2, c.h), 'player only: the window');
    // step, back, scrub (the keys are the player's after run)
    for (const k of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowLeft']) await page.keyboard.press(k);
    assert.strictEqual(await at(), 2);
    await frame.$eval('#scrubber', (s) => { s.value = '7'; s.dispatchEvent(new Event('input')); });
    assert.strictEqual(await at(), 7);
    for (const presenter of [false, true]) {
      if (presenter) await page.keyboard.press('p');
      await page.keyboard.press('End');
      assert.strictEqual(await at(), count - 1);
      await page.waitForTimeout(800);
      await check(`player only: ${c.n} nodes at ${c.w}x${c.h}${presenter ? ', presenter' : ''}`);
      await page.screenshot({ path: path.join(out, `lab-${c.n}-${c.w}${presenter ? '-presenter' : ''}.png`) });
    }
    await page.click('#back');
    assert.ok(await page.$eval('#lab', (f) => f.offsetHeight > 0), 'the form is back');
    assert.deepStrictEqual(errors, []);
    await page.close();
  }
});

test('lab page: Go programs compiled and run in the page, as the command line runs them', async () => {
  const { page, errors } = await openLab();
  await page.selectOption('#mode', 'go');
  await settle(page);
  const status = await page.textContent('#status');
  const m = status.match(/^(\S+)\.go on go1\.9: (\d+) frames$/);
  assert.ok(m, status);
  const file = path.join(root, 'scenarios/teaching', `${m[1]}.go`);
  assert.ok(fs.existsSync(file), `${file}: the first program is a teaching one`);
  assert.strictEqual(await page.inputValue('#src'), fs.readFileSync(file, 'utf8'));
  // the same frames as animate PROG.go, the same output and exit status as run -q
  const runOut = (era) => {
    const r = require('node:child_process').spawnSync(bin, ['run', file, '--era', era, '-q'], { encoding: 'utf8' });
    const lines = r.stdout.split('\n');
    return { text: lines.slice(1, lines.findIndex((l) => l.startsWith('ended: '))).map((l) => l + '\n').join(''), status: r.status };
  };
  for (const era of ['go1.9', 'go1.14']) {
    await page.selectOption('#era', era);
    await page.click('#run');
    await settle(page);
    const { count } = await shown(page);
    assert.strictEqual(count, cliFrames(era, null, file));
    const want = runOut(era);
    assert.strictEqual(await page.textContent('#out'), `${want.text}exit status ${want.status}`);
  }
  await page.screenshot({ path: path.join(out, 'lab-go.png') });

  // a program that does not compile: the front end's message, as the command gives it
  const bad = 'package main\n\nimport "time"\n\nfunc main() {\n\tt := time.NewTimer(time.Second)\n}\n';
  await page.fill('#src', bad);
  await page.click('#run');
  await settle(page);
  assert.match(await page.textContent('#status'), /does not compile/);
  const badFile = path.join(out, `${m[1]}.go`);
  fs.writeFileSync(badFile, bad);
  const fe = require('node:child_process').spawnSync(path.join(path.dirname(bin), 'gofront'), [path.basename(badFile)],
    { cwd: out, encoding: 'utf8' });
  assert.strictEqual(fe.status, 2);
  assert.strictEqual(await page.textContent('#out'), fe.stderr.trimEnd());
  assert.strictEqual(await page.getAttribute('#src', 'aria-invalid'), 'true');

  // a deadlock: Go's message and exit status 2, and no heap to animate
  await page.fill('#src', 'package main\n\nfunc main() {\n\tc := make(chan int)\n\t<-c\n}\n');
  await page.click('#run');
  await settle(page);
  assert.match(await page.textContent('#status'), /nothing to animate/);
  const text = await page.textContent('#out');
  assert.match(text, /fatal error: all goroutines are asleep - deadlock!/);
  assert.match(text, /exit status 2$/);
  assert.deepStrictEqual(errors, []);
});
