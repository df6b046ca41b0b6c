// Shared set-up of the browser tests: paths, Debian's headless Chromium through
// playwright-core, and pages that record script errors and any request that leaves the disk
// (every page under test must work offline).
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '../..');
const bin = process.env.GOTIMERS_BIN || path.join(root, 'build/debug/gotimers');
const out = path.join(__dirname, 'artifacts');

async function launchBrowser() {
  fs.mkdirSync(out, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// A new page and the list its errors go to: uncaught exceptions, requests for anything but
// file: and data: URLs (and blob: with allowBlob), and, with consoleErrors, console.error
// messages.
async function newPage(browser, viewport, { consoleErrors = false, allowBlob = false } = {}) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    const local = /^(file|data):/.test(r.url()) || (allowBlob && r.url().startsWith('blob:'));
    if (!local) errors.push('network: ' + r.url());
  });
  if (consoleErrors) page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { page, errors };
}

// The number of images in a GIF (asserting its header and block structure as it walks).
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

// In a player page (or frame): boxes of every node's circle and non-empty labels; the pairs
// of different nodes whose boxes overlap, and the boxes that leave the tree's <svg>.
async function overlaps(page) {
  return page.evaluate(() => {
    const svg = document.getElementById('tree').getBoundingClientRect();
    const boxes = [];
    document.querySelectorAll('#tree .node').forEach((g) => {
      const parts = [g.querySelector('circle'), g.querySelector('.key'), g.querySelector('.ix'), ...g.querySelectorAll('.nm tspan')];
      for (const e of parts) {
        if (e.tagName !== 'circle' && !e.textContent.trim()) continue;
        const r = e.getBoundingClientRect();
        boxes.push({ node: g.dataset.index, what: e.getAttribute('class') || 'circle', text: e.textContent, r });
      }
    });
    const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const pairs = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        if (boxes[i].node !== boxes[j].node && hit(boxes[i].r, boxes[j].r)) pairs.push(`[${boxes[i].node}] ${boxes[i].what} "${boxes[i].text}" x [${boxes[j].node}] ${boxes[j].what} "${boxes[j].text}"`);
      }
    }
    const outside = boxes.filter(({ r }) => r.left < svg.left - 0.5 || r.right > svg.right + 0.5 || r.top < svg.top - 0.5 || r.bottom > svg.bottom + 0.5)
      .map((b) => `[${b.node}] ${b.what} "${b.text}"`);
    const radius = Math.min(...[...document.querySelectorAll('#tree .node circle')].map((c) => Number(c.getAttribute('r'))));
    const keyFont = Math.min(...[...document.querySelectorAll('#tree .node .key')].map((k) => parseFloat(getComputedStyle(k).fontSize)));
    return { nodes: document.querySelectorAll('#tree .node').length, pairs, outside, radius, keyFont };
  });
}

// Operations adding n timers n0, n1, ... with varied due times, then extra.
const manyOps = (n, extra = '') => 'add ' + Array.from({ length: n }, (_, i) => `n${i}=${1000 + ((i * 37) % 500)}`).join(' ') + extra;

module.exports = { root, bin, out, launchBrowser, newPage, gifFrames, overlaps, manyOps };
