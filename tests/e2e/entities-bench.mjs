// The entity-page part of the benchmark (scripts/bench.sh, figure 3) on its own: the migration with 10,000
// entities, its entity requests and the most API requests in flight at once, the same way bench.mjs counts them.
// Run against a sandbox started with --scale-entities 10000 --scale-failures 10000 (as bench.sh does):
//   node tests/e2e/entities-bench.mjs http://127.0.0.1:3300
// Budgets (issue #15): <= 100 entity requests, <= 6 in flight.
import { chromium } from 'playwright-core';

const [BASE = 'http://127.0.0.1:3300'] = process.argv.slice(2);
const TOKEN = 'sandbox-owner-token';
const api = async (path) => fetch(`${BASE}/api/v4${path}`, { headers: { 'PRIVATE-TOKEN': TOKEN } });

const imports = await (await api('/bulk_imports?per_page=100')).json();
const totals = await Promise.all(imports.map(async (m) => [m.id, Number((await api(`/bulk_imports/${m.id}/entities?per_page=1`)).headers.get('x-total'))]));
const scaleId = totals.find(([, total]) => total >= 10_000)?.[0];
if (!scaleId) throw new Error('no migration with 10,000 entities: start the sandbox with --scale-entities 10000');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await context.addInitScript(([base, token]) => {
  localStorage.setItem('gmc-instance', base);
  localStorage.setItem('gmc-token', token);
}, [BASE, TOKEN]);
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const requests = [];
let inFlight = 0;
let maxInFlight = 0;
page.on('request', (r) => {
  if (!r.url().includes('/api/v4/')) return;
  requests.push(r.url());
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
});
const done = (r) => { if (r.url().includes('/api/v4/')) inFlight -= 1; };
page.on('requestfinished', done);
page.on('requestfailed', done);

const t0 = Date.now();
await page.goto(`${BASE}/migrations/${scaleId}`);
await page.waitForSelector('[data-testid=entities-table] tbody tr', { timeout: 120_000 });
const entities_first_rows_ms = Date.now() - t0;
await page.waitForSelector('[data-testid=overview][data-complete=true]', { timeout: 300_000 });
const entities_all_stats_ms = Date.now() - t0;
// Counted when the overview is complete, as bench.mjs counts them (live refreshes come later).
const entities_requests = requests.filter((u) => new RegExp(`/bulk_imports/${scaleId}/entities\\?`).test(u) && !/per_page=1(&|$)/.test(u)).length;
const max_in_flight_loading = maxInFlight;
// The page's other reads (re-run links) run after the table: in flight is watched a while longer.
await page.waitForTimeout(Number(process.env.SETTLE_MS ?? 10_000));
await browser.close();

const figures = {
  migration: scaleId, entities_first_rows_ms, entities_all_stats_ms, entities_requests, max_in_flight_loading, max_in_flight: maxInFlight,
  api_requests: requests.length, errors: errors.length,
};
console.log(JSON.stringify(figures));
const missed = [];
if (entities_requests > 100) missed.push(`${entities_requests} entity requests (budget 100)`);
if (maxInFlight > 6) missed.push(`${maxInFlight} in flight (budget 6)`);
if (errors.length) missed.push(errors.join('\n'));
if (missed.length) { console.error(`MISSED: ${missed.join('; ')}`); process.exit(1); }
