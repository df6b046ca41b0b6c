// Shared set-up of the browser tests: paths, Debian's headless Chromium through
// playwright-core, and pages that record script errors and any request that leaves the disk
// (every page under test must work offline).
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

module.exports = { root, bin, out, launchBrowser, newPage };
