// Bench figure for the verification (issue #17): a 1,000-entity migration is verified with at most 6 requests
// in flight, and the page stays responsive: no long task over 200 ms (PerformanceObserver 'longtask') from the
// sign-in click to the end of the verification, nor when "Show more" adds entities.
// Run against a sandbox seeded with --scale-entities 1000:
//   source scripts/common.sh; bash scripts/build.sh && start_sandbox 18404 18405 --speed 0 --scale-entities 1000 \
//     --dist "$PWD/dist"; CONSOLE_URL=http://127.0.0.1:18404 node tests/e2e/verify-bench.mjs
import { BASE, OWNER, launch, openPage } from './lib.mjs';

const LONGEST_MS = 200;
const imports = await (await fetch(`${BASE}/api/v4/bulk_imports?per_page=100`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
// The scale migration is the newest finished one with the most entities: the last one seeded.
const scale = imports.filter((m) => m.status === 'finished').sort((a, b) => b.id - a.id)[0];
const browser = await launch();
const p = await openPage(browser);
await p.addInitScript(() => {
  window.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
});
const open = new Set();
let max = 0;
let total = 0;
p.on('request', (r) => { if (r.url().includes('/api/v4/')) { open.add(r); total += 1; max = Math.max(max, open.size); } });
p.on('requestfinished', (r) => open.delete(r));
p.on('requestfailed', (r) => open.delete(r));
await p.goto(`${BASE}/migrations/${scale.id}/verify`);
await p.fill('#instance-url', BASE);
await p.fill('#token', OWNER);
const from = await p.evaluate(() => performance.now()); // the app has loaded: what follows is the verification
const started = Date.now();
await p.click('button[type=submit]');
await p.waitForSelector('[data-testid=verify-progress][data-state=Done]', { timeout: 300_000 });
const elapsed = Date.now() - started;
const shown = await p.locator('[data-testid=verify-entity]').count();
const summary = await p.textContent('[data-testid=verify-summary]');
const beforeMore = await p.evaluate(() => performance.now());
await p.click('[data-testid=verify-show-more]');
await p.waitForFunction((n) => document.querySelectorAll('[data-testid=verify-entity]').length > n, shown);
await p.waitForTimeout(500);
const tasks = await p.evaluate(() => window.__longtasks);
const during = tasks.filter((t) => t.start >= from);
const more = tasks.filter((t) => t.start >= beforeMore);
const longest = (list) => Math.round(Math.max(0, ...list.map((t) => t.ms)));
const figures = {
  migration: scale.id, shown, shown_after_more: await p.locator('[data-testid=verify-entity]').count(), summary,
  requests: total, max_in_flight: max, verify_ms: elapsed,
  long_tasks: during.length, longest_task_ms: longest(during), longest_task_show_more_ms: longest(more),
  errors: p.errors.length,
};
await browser.close();
console.log(JSON.stringify(figures));
const missed = [];
if (max > 6) missed.push(`${max} requests in flight`);
if (figures.longest_task_ms > LONGEST_MS) missed.push(`a ${figures.longest_task_ms} ms task`);
if (p.errors.length) missed.push(p.errors.join('\n'));
if (missed.length) { console.error(`MISSED: ${missed.join('; ')}`); process.exit(1); }
