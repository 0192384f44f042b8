// Cold loads of several builds side by side, interleaved (benchmark aid, not a test): for each page, the median
// time Playwright sees the first migrations row, when the row entered the DOM, and when its frame was painted.
// Usage: node tests/e2e/load-compare.mjs 11 console=http://127.0.0.1:3300/migrations \
//          anchor=http://127.0.0.1:3320/migrations static=http://127.0.0.1:3300/-/sandbox/static-table
// (each URL's origin is a sandbox serving that build: `sandbox --dist <dir>`; bench/anchor is the minimal app).
// RTT_MS=100: that much added to every request's round trip (Chromium's network emulation, as scripts/bench.sh).
import { chromium } from 'playwright-core';
const N = Number(process.argv[2]); const targets = process.argv.slice(3); // name=url
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sel = '[data-testid=migrations-table] tbody tr';
async function load(url) {
  const base = new URL(url).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(([base, sel]) => { localStorage.setItem('gmc-instance', base); localStorage.setItem('gmc-token', 'sandbox-owner-token');
    new MutationObserver((_, o) => { if (document.querySelector(sel)) { globalThis.__at = performance.now(); o.disconnect(); requestAnimationFrame(() => setTimeout(() => { globalThis.__painted = performance.now(); }, 0)); } }).observe(document, { childList: true, subtree: true }); }, [base, sel]);
  const page = await context.newPage();
  if (Number(process.env.RTT_MS)) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: Number(process.env.RTT_MS), downloadThroughput: -1, uploadThroughput: -1 });
  }
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(sel);
  const found = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => globalThis.__painted);
  const ms = await page.evaluate(() => [globalThis.__at, globalThis.__painted]);
  await context.close();
  return [found, ...ms];
}
const res = Object.fromEntries(targets.map((t) => [t.split('=')[0], []]));
for (let i = 0; i < N; i++) for (const t of (i % 2 ? targets : [...targets].reverse())) { const [n, u] = t.split('='); res[n].push(await load(u)); }
for (const [n, r] of Object.entries(res)) console.log(n.padEnd(10), 'found', median(r.map((x) => x[0])).toFixed(0).padStart(4), 'inserted', median(r.map((x) => x[1])).toFixed(0).padStart(4), 'painted', median(r.map((x) => x[2])).toFixed(0).padStart(4));
await browser.close();
