// How long the player takes to show a frame of a large animation (not a test: a measurement
// for notes). Usage: node tests/browser/bench-player.js PLAYER.html [WIDTHxHEIGHT]
// e.g. gotimers animate stop-storm --era go1.14 --procs 8 --max-frames 2000 -o ss8.html
// Prints the page's load time and the median, 90th percentile and largest time of 100 seeks
// (each with its layout), in ms.
const { launchBrowser } = require('./chromium');

(async () => {
  const [file, size = '1920x1080'] = process.argv.slice(2);
  const [width, height] = size.split('x').map(Number);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width, height } });
  const t0 = Date.now();
  await page.goto('file://' + require('node:path').resolve(file));
  await page.waitForFunction(() => window.gotimersPlayer !== undefined);
  const load = Date.now() - t0;
  const r = await page.evaluate(() => {
    const P = window.gotimersPlayer;
    const n = P.count();
    const times = [];
    const step = Math.max(1, Math.floor(n / 100));
    for (let i = 0; i < n && times.length < 100; i += step) {
      const t = performance.now();
      P.seek(i);
      document.body.getBoundingClientRect();  // include the layout
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(times.length * q))];
    return { frames: n, seeks: times.length, median: at(0.5), p90: at(0.9), max: times[times.length - 1] };
  });
  console.log(JSON.stringify({ load, ...r, median: +r.median.toFixed(1), p90: +r.p90.toFixed(1), max: +r.max.toFixed(1) }));
  await browser.close();
})();
