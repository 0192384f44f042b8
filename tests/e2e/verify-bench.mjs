// Bench figure for the verification (issue #17): a 1,000-entity migration is verified with at most 6 requests
// in flight, and the page stays responsive (longest gap between animation frames while it runs).
// Run against a sandbox seeded with --scale-entities 1000:
//   source scripts/common.sh; trunk build --release && start_sandbox 18404 18405 --speed 0 --scale-entities 1000 \
//     --dist "$PWD/dist"; CONSOLE_URL=http://127.0.0.1:18404 node tests/e2e/verify-bench.mjs
import { BASE, OWNER, launch, openPage, signIn } from './lib.mjs';

const imports = await (await fetch(`${BASE}/api/v4/bulk_imports?per_page=100`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
// The scale migration is the newest finished one with the most entities: the last one seeded.
const scale = imports.filter((m) => m.status === 'finished').sort((a, b) => b.id - a.id)[0];
const browser = await launch();
const p = await openPage(browser);
const open = new Set();
let max = 0;
let total = 0;
p.on('request', (r) => { if (r.url().includes('/api/v4/')) { open.add(r); total += 1; max = Math.max(max, open.size); } });
p.on('requestfinished', (r) => open.delete(r));
p.on('requestfailed', (r) => open.delete(r));
await signIn(p, '/migrations');
const before = total;
const started = Date.now();
await p.evaluate(() => {
  window.__gaps = [];
  let last = performance.now();
  const tick = (t) => { window.__gaps.push(t - last); last = t; window.__raf = requestAnimationFrame(tick); };
  window.__raf = requestAnimationFrame(tick);
});
await p.goto(`${BASE}/migrations/${scale.id}/verify`);
// A full load signs in again: the token was not remembered.
if (await p.locator('#token').count()) {
  await p.fill('#token', OWNER);
  await p.click('button[type=submit]');
}
await p.evaluate(() => {
  window.__gaps = [];
  let last = performance.now();
  const tick = (t) => { window.__gaps.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
await p.waitForSelector('[data-testid=verify-progress][data-state=Done]', { timeout: 300_000 });
const elapsed = Date.now() - started;
const gaps = await p.evaluate(() => window.__gaps.slice().sort((a, b) => a - b));
const entities = await p.locator('[data-testid=verify-entity]').count();
const figures = {
  migration: scale.id, entities, requests: total - before, max_in_flight: max, verify_ms: elapsed,
  frame_gap_p95_ms: Math.round(gaps[Math.floor(gaps.length * 0.95)] ?? 0), frame_gap_max_ms: Math.round(gaps.at(-1) ?? 0),
  errors: p.errors.length,
};
await browser.close();
console.log(JSON.stringify(figures));
if (max > 6) { console.error(`MISSED: ${max} requests in flight`); process.exit(1); }
