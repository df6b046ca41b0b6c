// Browser tests of the animation player, the animated SVG and the GIF, in real headless
// Chromium (Debian's /usr/bin/chromium driven by playwright-core). They run the gotimers
// binary (GOTIMERS_BIN, default build/debug/gotimers) to generate the files, open them from
// disk, play, step, scrub, and check what is on screen; screenshots go to artifacts/.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { root, bin, out, launchBrowser, newPage, gifFrames, overlaps, manyOps } = require('./chromium');

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
  // the strip opens buckets beside the frame's own: bucket 5 (empty) and 9, then closes 5
  const heapNames = () => page.$$eval('#tree .heapname', (h) => h.map((x) => x.textContent.split('  ')[0]));
  const own = await heapNames();
  assert.strictEqual(own.length, 1);
  await page.click('#grid .b[data-bucket="9"]');
  await page.click('#grid .b[data-bucket="5"]');
  assert.deepStrictEqual(await heapNames(), [...new Set([...own, 'bucket 5', 'bucket 9'])].sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1])));
  assert.strictEqual(await page.$$eval('#grid .b.open', (b) => b.length), 2);
  await page.click('#grid .b[data-bucket="5"]');
  assert.ok(!(await heapNames()).includes('bucket 5'));
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

test('large heaps: 64 nodes at 1920x1080 and 40 at 1024x768, no two nodes or labels overlapping', async () => {
  const cases = [
    { n: 64, era: 'go1.9', w: 1920, h: 1080, file: 'heap64.html' },
    { n: 40, era: 'go1.14', w: 1024, h: 768, file: 'heap40.html', extra: '; del n3; del n30; reset n7=2000' },
  ];
  for (const c of cases) {
    const file = gen(['--era', c.era, '--ops', manyOps(c.n, c.extra)], c.file);
    const { page, errors } = await newPage(browser, { width: c.w, height: c.h });
    await page.goto('file://' + file);
    await page.waitForFunction(() => window.gotimersPlayer !== undefined);
    // presenter mode too: larger type, less height for the tree
    for (const presenter of [false, true]) {
      await page.evaluate((p) => window.gotimersPlayer.panels.set('presenter', p), presenter);
      await page.keyboard.press('End');
      await page.waitForTimeout(800);
      const o = await overlaps(page);
      const what = `${c.n} nodes at ${c.w}x${c.h}${presenter ? ', presenter' : ''}`;
      assert.strictEqual(o.nodes, c.n, what);
      assert.deepStrictEqual(o.pairs, [], what);
      assert.deepStrictEqual(o.outside, [], what);
      assert.ok(o.radius >= 12, `${what}: circles of radius ${o.radius}`);
      assert.ok(o.keyFont >= 9, `${what}: keys at ${o.keyFont}px`);
      await page.screenshot({ path: path.join(out, `player-${c.n}-${c.w}${presenter ? '-presenter' : ''}.png`) });
    }
    // on a 1024-wide projector the code pane starts hidden; c shows it
    const code = await page.$eval('.codepane', (e) => getComputedStyle(e).display !== 'none');
    assert.strictEqual(code, c.w >= 1200);
    assert.deepStrictEqual(errors, []);
    await page.close();
  }
});

test('presenter mode, hideable panels, collapsed chips, legend, zoom', async () => {
  // 14 operations: the chips show a window around the current one
  const ops = Array.from({ length: 12 }, (_, i) => `add t${i}=${10 + i * 3}`).join('; ') + '; del t4; pop';
  const { page, errors } = await openPlayer(gen(['--era', 'go1.14', '--ops', ops], 'chips.html'));
  const chipTexts = () => page.$$eval('#ops li', (l) => l.map((x) => x.textContent));
  const headerFits = () => page.$eval('#ops', (o) => o.scrollWidth <= o.clientWidth + 1 && o.getBoundingClientRect().height < 40);
  await page.keyboard.press('End');
  let chips = await chipTexts();
  assert.ok(chips.length < 14, chips.join(' | '));
  assert.match(chips[0], /^… \d+ earlier$/);
  assert.match(await page.textContent('#ops li.current'), /14\. pop/);
  assert.ok(await headerFits());
  // the "earlier" chip jumps to the operation before the window
  const before = Number(chips[0].match(/\d+/)[0]);
  await page.click('#ops li.more');
  assert.match(await page.textContent('#ops li.current'), new RegExp(`^${before}\\. `));
  await page.keyboard.press('Home');
  chips = await chipTexts();
  assert.match(chips[chips.length - 1], /^\d+ later …$/);
  assert.ok(await headerFits());

  // the legend names the statuses the frames show, in go1.14's order
  const legend = await page.$$eval('#legend .item', (l) => l.map((x) => x.textContent));
  assert.ok(legend.includes('Waiting') && legend.includes('Deleted'), legend.join(' '));
  assert.ok(legend.indexOf('Waiting') < legend.indexOf('Deleted'), legend.join(' '));

  // p: presenter mode (larger narration); c, o, s, l hide and show panels
  const narrationFont = () => page.$eval('#narration', (e) => parseFloat(getComputedStyle(e).fontSize));
  const small = await narrationFont();
  await page.keyboard.press('p');
  assert.ok(await narrationFont() >= small * 1.4, 'presenter mode enlarges the narration');
  const shown = (sel) => page.$eval(sel, (e) => getComputedStyle(e).display !== 'none');
  for (const [key, sel] of [['c', '.codepane'], ['o', '#ops'], ['s', '.strip'], ['l', '#legend']]) {
    const was = await shown(sel);
    await page.keyboard.press(key);
    assert.strictEqual(await shown(sel), !was, `${key} toggles ${sel}`);
    await page.click(`#panels button[data-panel]:nth-child(${['p', 'c', 'o', 's', 'l'].indexOf(key) + 1})`);
    assert.strictEqual(await shown(sel), was, `its button toggles ${sel} back`);
  }
  await page.screenshot({ path: path.join(out, 'player-presenter.png') });
  await page.keyboard.press('p');

  // zoom with the wheel, then 0 fits the tree again
  const vp = () => page.$eval('#tree .viewport', (g) => g.getAttribute('transform') || '');
  const box = await page.$eval('#tree', (s) => { const r = s.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; });
  await page.mouse.move(box.x, box.y);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(100);
  assert.match(await vp(), /scale\((?!1\))/);
  await page.keyboard.press('0');
  assert.match(await vp(), /translate\(0,0\) scale\(1\)/);
  assert.deepStrictEqual(errors, []);
  await page.close();
});

test('scenario player: keys as +durations after the start, with the tooltip exact', async () => {
  const file = gen([path.join(root, 'scenarios/teaching/heap-insert-delete.go'), '--era', 'go1.9'], 'hid.html');
  const json = JSON.parse(fs.readFileSync(gen([path.join(root, 'scenarios/teaching/heap-insert-delete.go'), '--era', 'go1.9'], 'hid.json'), 'utf8'));
  const { page, errors } = await openPlayer(file);
  await page.keyboard.press('End');
  await page.waitForTimeout(700);
  const keys = await page.$$eval('#tree .node .key', (k) => k.map((x) => x.textContent).sort());
  assert.deepStrictEqual(keys, ['+22s', '+25s', '+28s', '+30s', '+35s', '+40s', '+48s', '+50s', '+5s'].sort());
  assert.match(await page.$eval('#tree .node[data-index="0"] title', (t) => t.textContent), /when 5000\.\d+ ms after the start/);
  // the narration (written by the CLI) uses the same texts: t10 (48s) settles under t3 (30s)
  assert.ok(json.frames.some((f) => /its parent t3 at \(9-1\)\/4 = 2 has when \+30s <= \+48s/.test(f.text)));
  // Stop(t2): t10 fills the hole and sinks to a leaf, where siftdownTimer's loop ends
  assert.match(json.frames[json.frames.length - 1].text, /t10 settles at index 5: it has no children/);
  assert.strictEqual(json.frames[json.frames.length - 1].fn, 'siftdownTimer');
  assert.deepStrictEqual(errors, []);
  await page.close();
});

test('eras side by side: one column per era, in step, each ending where its own lab ends', async () => {
  const ops = 'add a=20 b=48 c=10 d=37 e=5 f=60; del b; reset c=70; pop';
  const file = gen(['--era', 'go1.9,go1.14', '--ops', ops], 'sides.html');
  const two = JSON.parse(fs.readFileSync(gen(['--era', 'go1.9,go1.14', '--ops', ops], 'sides.json'), 'utf8'));
  const single = ['go1.9', 'go1.14'].map((era) => JSON.parse(fs.readFileSync(gen(['--era', era, '--ops', ops], `single-${era}.json`), 'utf8')));
  // each side is the era's own animation, whole
  single.forEach((s, k) => assert.deepStrictEqual(two.sides[k].frames, s.frames));
  const { page, errors } = await newPage(browser, { width: 1920, height: 1080 });
  await page.goto('file://' + file);
  await page.waitForFunction(() => window.gotimersPlayer !== undefined);
  assert.deepStrictEqual(await page.$$eval('.side .sidehead .era', (e) => e.map((x) => x.textContent)), ['go1.9', 'go1.14']);
  assert.strictEqual(await page.evaluate(() => window.gotimersPlayer.count()), two.steps.length);
  const sideFrames = () => page.$$eval('.side', (s) => s.map((x) => Number(x.dataset.frame)));
  // every operation starts on the same step on both sides
  for (let k = 0; k < 4; k++) {
    await page.keyboard.press(String(k + 1));
    const at = await sideFrames();
    at.forEach((fi, e) => {
      const fs_ = two.sides[e].frames;
      assert.strictEqual(fs_[fi].op, k, `side ${e} at operation ${k + 1}`);
      assert.ok(fi === 0 || fs_[fi - 1].op < k, `side ${e} starts operation ${k + 1} at its first frame`);
    });
  }
  // stepping moves both sides; each draws its frame's heap
  await page.keyboard.press('Home');
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(700);
  const at = await sideFrames();
  assert.deepStrictEqual(at, two.steps[8]);
  const nodes = await page.$$eval('.side', (s) => s.map((x) => x.querySelectorAll('.node').length));
  at.forEach((fi, e) => assert.strictEqual(nodes[e], two.sides[e].frames[fi].heaps.reduce((n, h) => n + h.timers.length, 0)));
  // at the end each side shows the heap its own lab ends with
  await page.keyboard.press('End');
  const arrays = await page.$$eval('.side', (s) => s.map((x) => [...x.querySelectorAll('.array .cell .v')].map((c) => c.textContent)));
  single.forEach((s, e) => {
    const last = s.frames[s.frames.length - 1].heaps.flatMap((h) => h.timers.map((t) => `${t.name}=${t.when}`));
    assert.deepStrictEqual(arrays[e], last);
  });
  // the legend names go1.14's statuses; go1.9's timers have none
  assert.ok((await page.$$eval('#legend .item', (l) => l.map((x) => x.textContent))).includes('Deleted'));
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(out, 'player-sides.png') });
  assert.deepStrictEqual(errors, []);
  await page.close();
});

test('eras side by side: a go1.13 column has its own bucket strip, with its own open buckets', async () => {
  // @Pk: on go1.13 the timer goes to bucket k (the bucket of the P that made it)
  const ops = 'add a=20 b=30@P1 c=10@P2 d=5@P1; del b; pop';
  const two = JSON.parse(fs.readFileSync(gen(['--era', 'go1.9,go1.13', '--ops', ops], 'sides13.json'), 'utf8'));
  const { page, errors } = await openPlayer(gen(['--era', 'go1.9,go1.13', '--ops', ops], 'sides13.html'));
  const side = (era) => `.side[data-era="${era}"]`;
  assert.strictEqual(await page.$$eval(`${side('go1.9')} .grid`, (g) => g.length), 0);
  assert.strictEqual(await page.$$eval(`${side('go1.13')} .grid .b`, (b) => b.length), 64);
  // after the adds: the cells count each bucket's timers, as the frame's heaps say
  await page.keyboard.press('2');
  await page.waitForTimeout(500);
  const fi = Number(await page.$eval(side('go1.13'), (s) => s.dataset.frame));
  const frame = two.sides[1].frames[fi];
  const counts = await page.$$eval(`${side('go1.13')} .grid .b`, (b) => b.map((x) => x.textContent));
  for (let b = 0; b < 64; b++) {
    const h = frame.heaps.find((x) => x.name === `bucket ${b}`);
    assert.strictEqual(counts[b], h && h.timers.length ? String(h.timers.length) : '', `bucket ${b}`);
  }
  assert.strictEqual(counts[1], '2');
  // opening a bucket adds its tree to that column only
  const names = (era) => page.$$eval(`${side(era)} .heapname`, (h) => h.map((x) => x.textContent.split('  ')[0]));
  const own = await names('go1.13');
  const other = await names('go1.9');
  const pick = own.includes('bucket 2') ? 1 : 2;
  await page.click(`${side('go1.13')} .grid .b[data-bucket="${pick}"]`);
  const opened = await names('go1.13');
  assert.ok(opened.includes(`bucket ${pick}`), opened.join(', '));
  assert.strictEqual(opened.length, new Set([...own, `bucket ${pick}`]).size);
  assert.deepStrictEqual(await names('go1.9'), other);
  assert.strictEqual(await page.$$eval(`${side('go1.13')} .grid .b.open`, (b) => b.length), 1);
  // it stays open while the scrubber moves, and closes on a second click
  await page.keyboard.press('ArrowRight');
  assert.ok((await names('go1.13')).includes(`bucket ${pick}`));
  await page.click(`${side('go1.13')} .grid .b[data-bucket="${pick}"]`);
  assert.strictEqual(await page.$$eval(`${side('go1.13')} .grid .b.open`, (b) => b.length), 0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(out, 'player-sides-go113.png') });
  assert.deepStrictEqual(errors, []);
  await page.close();
});

test('heap lab on several Ps: @Pk puts a timer on P k, each P its own tree', async () => {
  const ops = 'add a=20 b=30@P1 c=10@P2 d=5@P1; del b; pop';
  const { page, errors } = await openPlayer(gen(['--era', 'go1.14', '--ops', ops], 'perp.html'));
  await page.keyboard.press('2');  // after the adds
  await page.waitForTimeout(700);
  assert.deepStrictEqual(await page.$$eval('#tree .heapname', (h) => h.map((x) => x.textContent.trim())), ['P0  (1)', 'P1  (2)', 'P2  (1)']);
  assert.deepStrictEqual(await arrayNames(page), ['a=20', 'd=5', 'b=30', 'c=10']);
  const o = await overlaps(page);
  assert.deepStrictEqual(o.pairs, []);
  await page.screenshot({ path: path.join(out, 'player-perp.png') });
  assert.deepStrictEqual(errors, []);
  await page.close();
});
