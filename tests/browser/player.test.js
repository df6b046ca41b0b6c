// Browser tests of the animation player, the animated SVG and the GIF, in real headless
// Chromium (Debian's /usr/bin/chromium driven by playwright-core). They run the gotimers
// binary (GOTIMERS_BIN, default build/debug/gotimers) to generate the files, open them from
// disk, play, step, scrub, and check what is on screen; screenshots go to artifacts/.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { bin, out, launchBrowser, newPage } = require('./chromium');

const OPS = 'add a=20 b=48 c=10 d=37; del b; pop';
let browser;

function gen(args, file) {
  const p = path.join(out, file);
  execFileSync(bin, ['animate', ...args, '-o', p], { stdio: 'pipe' });
  return p;
}

before(async () => {
  browser = await launchBrowser();
});
after(async () => browser && browser.close());

async function openPlayer(file) {
  const { page, errors } = await newPage(browser, { width: 1280, height: 720 });
  await page.goto('file://' + file);
  await page.waitForFunction(() => window.gotimersPlayer !== undefined);
  return { page, errors };
}
const frameNo = (page) => page.evaluate(() => window.gotimersPlayer.frame());
const arrayNames = (page) => page.$$eval('.array .cell .v', (cs) => cs.map((c) => c.textContent));

test('heap lab player: step, play, pause, scrub, keyboard, code pane', async () => {
  const file = gen(['--era', 'go1.9', '--ops', OPS], 'heap.html');
  const json = JSON.parse(fs.readFileSync(gen(['--era', 'go1.9', '--ops', OPS], 'heap.json'), 'utf8'));
  const { page, errors } = await openPlayer(file);
  const n = json.frames.length;
  assert.strictEqual(await page.evaluate(() => window.gotimersPlayer.count()), n);
  assert.strictEqual(await page.textContent('#era'), 'go1.9');
  assert.strictEqual(await page.$$eval('#ops li', (l) => l.length), 3);
  assert.strictEqual(await page.textContent('#counter'), `1 / ${n}`);

  // step forward with the keyboard and the button, back again
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.click('#fwd');
  assert.strictEqual(await frameNo(page), 3);
  assert.strictEqual(await page.textContent('#narration'), json.frames[3].text);
  await page.keyboard.press('ArrowLeft');
  assert.strictEqual(await frameNo(page), 2);

  // the first sift step: c swaps with a; the tree, the array and the code agree with the frame
  const k = json.frames.findIndex((f) => f.kind === 'sift');
  await page.evaluate((i) => window.gotimersPlayer.seek(i), k);
  await page.waitForTimeout(700);
  const f = json.frames[k];
  assert.deepStrictEqual(await arrayNames(page), f.heaps[0].timers.map((t) => `${t.name}=${t.when}`));
  const moving = await page.$eval('.node.moving', (g) => ({ i: Number(g.dataset.index), name: g.dataset.name }));
  assert.deepStrictEqual(moving, { i: f.hi[0], name: 'c' });
  assert.strictEqual(await page.$eval('.node.compared', (g) => g.dataset.name), 'a');
  assert.match(await page.textContent('#arith'), /parent = \(i-1\)\/4 = \(2-1\)\/4 = 0/);
  assert.strictEqual(await page.textContent('#fn'), 'func siftupTimer');
  assert.match(await page.textContent('.code .hl'), /t\[i\] = t\[p\]/);
  // c's circle is drawn where the root is: x of index 0 is the middle of the tree
  const box = await page.$eval('.node.moving', (g) => g.getBoundingClientRect().x + g.getBoundingClientRect().width / 2);
  const svgBox = await page.$eval('#tree', (s) => { const r = s.getBoundingClientRect(); return r.x + r.width / 2; });
  assert.ok(Math.abs(box - svgBox) < 30, `root node at ${box}, tree centre ${svgBox}`);
  await page.screenshot({ path: path.join(out, 'player-sift.png') });

  // scrub: op marker 2 (del b) and the range input
  await page.click('#markers span[data-op="1"]');
  const opStart = json.frames.findIndex((x) => x.op === 1);
  assert.strictEqual(await frameNo(page), opStart);
  assert.match(await page.textContent('#ops li.current'), /del b/);
  await page.$eval('#scrubber', (s, v) => { s.value = v; s.dispatchEvent(new Event('input')); }, n - 1);
  assert.strictEqual(await frameNo(page), n - 1);
  assert.deepStrictEqual(await arrayNames(page), ['a=20', 'd=37']);
  await page.keyboard.press('Home');
  assert.strictEqual(await frameNo(page), 0);
  await page.keyboard.press('2');
  assert.strictEqual(await frameNo(page), opStart);

  // speed control and play / pause
  await page.selectOption('#speed', '4');
  assert.strictEqual(await page.evaluate(() => window.gotimersPlayer.speed()), 4);
  await page.keyboard.press('-');
  assert.strictEqual(await page.evaluate(() => window.gotimersPlayer.speed()), 2);
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  assert.strictEqual(await page.evaluate(() => window.gotimersPlayer.speed()), 4);
  const before = await frameNo(page);
  await page.keyboard.press(' ');
  assert.strictEqual(await page.evaluate(() => window.gotimersPlayer.playing()), true);
  await page.waitForTimeout(1300);
  await page.keyboard.press(' ');
  const paused = await frameNo(page);
  assert.ok(paused >= before + 3, `played from ${before} to ${paused}`);
  await page.waitForTimeout(600);
  assert.strictEqual(await frameNo(page), paused, 'pause stops');
  await page.click('#play');
  await page.waitForFunction((last) => window.gotimersPlayer.frame() === last, n - 1, { timeout: 20000 });
  await page.waitForFunction(() => !window.gotimersPlayer.playing());
  await page.screenshot({ path: path.join(out, 'player-end.png') });
  assert.deepStrictEqual(errors, []);
  await page.close();
});

test('go1.14 player: a deleted timer stays visible, coloured, until cleaned', async () => {
  const ops = 'add a=5 b=10 c=20; del c; del a; add d=30; run 12';
  const file = gen(['--era', 'go1.14', '--ops', ops], 'heap14.html');
  const { page, errors } = await openPlayer(file);
  // after `del c` (operation 2 ends where operation 3 starts)
  await page.keyboard.press('3');
  await page.waitForTimeout(600);
  const c = await page.$eval('.node[data-name="c"]', (g) => ({ label: g.querySelector('.nm').textContent, fill: g.querySelector('circle').getAttribute('fill') }));
  assert.match(c.label, /Deleted/);
  const a = await page.$eval('.node[data-name="a"] circle', (e) => e.getAttribute('fill'));
  assert.notStrictEqual(c.fill, a, 'deleted and waiting timers have different colours');
  await page.screenshot({ path: path.join(out, 'player-go114-deleted.png') });
  // at the end, a (cleaned by addtimer's cleantimers) and c (by runtimer) are gone
  await page.keyboard.press('End');
  assert.deepStrictEqual(await arrayNames(page), ['d=30']);
  assert.match(await page.textContent('#procs'), /checkTimers/);
  assert.deepStrictEqual(errors, []);
  await page.close();
});

test('go1.23 player: state bits as labels, a zombie stays visible until the sweep', async () => {
  const ops = 'add a=5 b=10 c=20 d=30 e=40; del c; reset b=50; del d; run 1';
  const file = gen(['--era', 'go1.23', '--ops', ops], 'heap123.html');
  const { page, errors } = await openPlayer(file);
  assert.strictEqual(await page.textContent('#era'), 'go1.23');
  // after `reset b=50` (operation 3 ends where operation 4 starts)
  await page.keyboard.press('4');
  await page.waitForTimeout(600);
  const label = (n) => page.$eval(`.node[data-name="${n}"]`, (g) => ({ label: g.querySelector('.nm').textContent, fill: g.querySelector('circle').getAttribute('fill') }));
  const c = await label('c'), b = await label('b'), a = await label('a');
  assert.match(c.label, /heaped\|modified\|zombie/);
  assert.match(b.label, /heaped\|modified/);
  assert.match(b.label, /→ 50/, 'a modified timer shows its pending when');
  assert.strictEqual(a.label, 'a', 'a plain heaped timer has no label');
  assert.notStrictEqual(c.fill, a.fill, 'zombie and heaped timers have different colours');
  assert.notStrictEqual(b.fill, a.fill, 'modified and heaped timers have different colours');
  await page.screenshot({ path: path.join(out, 'player-go123-states.png') });
  // the code pane shows go1.23's functions
  assert.match(await page.textContent('body'), /func \(t \*timer\) (modify|stop)|func \(ts \*timers\)/);
  // run 1: nothing is due, but 2 zombies of 5 > 5/4 force adjust: c and d are gone
  await page.keyboard.press('End');
  const names = await arrayNames(page);
  assert.ok(!names.some((v) => v.startsWith('c=') || v.startsWith('d=')), names.join(' '));
  assert.strictEqual(names.length, 3);
  assert.deepStrictEqual(errors, []);
  await page.close();
});

test('scenario player: per-P heaps side by side and the bucket grid', async () => {
  const { page, errors } = await openPlayer(gen(['timer-basics', '--era', 'go1.13'], 'run13.html'));
  assert.strictEqual(await page.$$eval('#grid .b', (b) => b.length), 64);
  await page.keyboard.press('End');
  await page.screenshot({ path: path.join(out, 'player-go113-run.png') });
  const p2 = await openPlayer(gen(['timer-basics', '--era', 'go1.14', '--procs', '2'], 'run14.html'));
  await p2.page.evaluate(() => window.gotimersPlayer.seek(Math.floor(window.gotimersPlayer.count() / 2)));
  assert.strictEqual(await p2.page.$$eval('#tree .heapname', (h) => h.length), 2);
  await p2.page.screenshot({ path: path.join(out, 'player-go114-run.png') });
  assert.deepStrictEqual([...errors, ...p2.errors], []);
  await page.close();
  await p2.page.close();
});

test('animated SVG plays by itself as an image', async () => {
  const svg = gen(['--era', 'go1.9', '--ops', OPS], 'heap.svg');
  const text = fs.readFileSync(svg, 'utf8');
  const json = JSON.parse(fs.readFileSync(path.join(out, 'heap.json'), 'utf8'));
  assert.strictEqual((text.match(/<g id="f\d+"/g) || []).length, json.frames.length);
  assert.doesNotMatch(text, /<script/);
  const page = await browser.newPage({ viewport: { width: 980, height: 560 } });
  fs.writeFileSync(path.join(out, 'svg-host.html'), `<body style="margin:0"><img id="i" src="heap.svg"></body>`);
  await page.goto('file://' + path.join(out, 'svg-host.html'));
  await page.waitForFunction(() => document.getElementById('i').complete && document.getElementById('i').naturalWidth > 0);
  assert.strictEqual(await page.$eval('#i', (i) => i.naturalWidth), 960);
  const a = await page.screenshot({ path: path.join(out, 'svg-t0.png') });
  await page.waitForTimeout(3500);
  const b = await page.screenshot({ path: path.join(out, 'svg-t1.png') });
  assert.ok(!a.equals(b), 'the SVG changes over time without any script');
  await page.close();
});

// Counts the images of a GIF by walking its blocks (header, colour table, extensions).
function gifFrames(buf) {
  assert.strictEqual(buf.toString('latin1', 0, 6), 'GIF89a');
  let p = 13;
  if (buf[10] & 0x80) p += 3 * (1 << ((buf[10] & 7) + 1));
  let frames = 0;
  const skipSub = () => { while (buf[p] !== 0) p += buf[p] + 1; p++; };
  for (;;) {
    const b = buf[p++];
    if (b === 0x3b) return frames;
    if (b === 0x21) { p++; skipSub(); continue; }
    assert.strictEqual(b, 0x2c, `block at ${p - 1}`);
    frames++;
    const flags = buf[p + 8];
    p += 9;
    if (flags & 0x80) p += 3 * (1 << ((flags & 7) + 1));
    p++; // LZW minimum code size
    skipSub();
  }
}

test('GIF has one image per frame and opens in Chromium', async () => {
  const gif = gen(['--era', 'go1.9', '--ops', OPS], 'heap.gif');
  const json = JSON.parse(fs.readFileSync(path.join(out, 'heap.json'), 'utf8'));
  assert.strictEqual(gifFrames(fs.readFileSync(gif)), json.frames.length);
  const page = await browser.newPage({ viewport: { width: 980, height: 560 } });
  fs.writeFileSync(path.join(out, 'gif-host.html'), `<body style="margin:0"><img id="i" src="heap.gif"></body>`);
  await page.goto('file://' + path.join(out, 'gif-host.html'));
  await page.waitForFunction(() => document.getElementById('i').complete);
  assert.deepStrictEqual(await page.$eval('#i', (i) => [i.naturalWidth, i.naturalHeight]), [960, 540]);
  await page.screenshot({ path: path.join(out, 'gif.png') });
  await page.close();
});
