// Bench of "Complete the move" (issue #26): a copy of 20,000 CI/CD variables, stopped in the middle, and every
// request accounted for. Budget: at most 6 writes in flight; after Stop no new request starts (those in flight
// may end); every write sent is on its row as written or failed (sent == written + failed, the page's own
// counts), and what the page says was written is what exists on the destination.
// Sign in on the page, connect the source in place, compare; untick webhooks and deploy keys (the button then
// offers the variables alone), copy, and press Stop once half were written. Then: the writes the browser sent
// (Playwright's request events) and their answers, the writes started after the click (counted in the page:
// `fetch` wrapped, the click seen in the capture phase, before the page's own handler), the page's tally
// (written / failed / not sent), and the variables on the destination (the API, owner token).
// Run against a sandbox whose scaled projects have no variable on the destination; 1,053 projects give 20,007
// writable variables (19 each: the hidden one needs a person). Debug build is fine:
//   target/debug/sandbox --port 18860 --source-port 18861 --speed 0 --scale-settings 1053 \
//     --scale-settings-copied 0 --dist dist
//   node tests/e2e/complete-stop-bench.mjs http://127.0.0.1:18860
// The sandbox's state changes with the copy: restart it before another run. Exit 1 when a budget is missed.
import { launch, openPage } from './lib.mjs';

const BASE = process.argv[2] ?? process.env.CONSOLE_URL ?? 'http://127.0.0.1:18860';
const OWNER = 'sandbox-owner-token';
const SOURCE_TOKEN = 'sandbox-source-token';
const BUDGET = { variables: 20_000, inFlight: 6 };
const STOP_AT = Number(process.env.STOP_AT ?? 0.5);
const deadline = Date.now() + Number(process.env.BENCH_BUDGET_MS ?? 900_000);
const left = () => Math.max(1_000, deadline - Date.now());

const api = (path) => fetch(`${BASE}/api/v4${path}`, { headers: { 'PRIVATE-TOKEN': OWNER } });
const imports = await (await api('/bulk_imports?per_page=100&status=finished')).json();
let migration = null;
let paths = [];
for (const m of imports.sort((a, b) => b.id - a.id)) {
  const res = await api(`/bulk_imports/${m.id}/entities?per_page=1`);
  const [first] = await res.json();
  if (!first?.source_full_path?.startsWith('settings-scale/')) continue;
  migration = m.id;
  for (let page = 1, pages = 1; page <= pages; page++) {
    const r = await api(`/bulk_imports/${m.id}/entities?per_page=100&page=${page}`);
    pages = Number(r.headers.get('x-total-pages') ?? 1);
    paths.push(...(await r.json()).map((e) => `${e.destination_namespace}/${e.destination_slug}`));
  }
  break;
}
if (!migration) { console.error('no --scale-settings migration on this sandbox'); process.exit(2); }

/// Variables on the destination, summed over the migration's projects (8 requests at a time).
async function destinationVariables() {
  let total = 0; let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = encodeURIComponent(paths[next++]);
      const res = await api(`/projects/${path}/variables?per_page=100`);
      total += Number(res.headers.get('x-total') ?? (await res.json()).length);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return total;
}
const before = await destinationVariables();

const browser = await launch();
const p = await openPage(browser);
// In the page: every write `fetch` starts, whether Stop was clicked before it, and the writes open at once.
await p.addInitScript(() => {
  const w = (window.__writes = { started: 0, afterStop: 0, open: 0, maxOpen: 0, stopClicked: false });
  addEventListener('click', (e) => {
    if (!e.target.closest?.('[data-testid=complete-stop]') || w.stopClicked) return;
    Object.assign(w, { stopClicked: true, startedAtStop: w.started, openAtStop: w.open });
  }, true);
  const original = window.fetch;
  window.fetch = function (input, init) {
    const method = (init?.method ?? input?.method ?? 'GET').toUpperCase();
    if (method === 'GET' || method === 'HEAD') return original.apply(this, arguments);
    w.started++;
    if (w.stopClicked) w.afterStop++;
    w.maxOpen = Math.max(w.maxOpen, ++w.open);
    const ended = () => { w.open--; };
    const answer = original.apply(this, arguments);
    answer.then(ended, ended);
    return answer;
  };
});

// The browser's side: writes sent, answered (by status) or failed, most open at once, and any request (read or
// write) whose request event came after the Stop click had returned.
const writes = { sent: 0, answered: 0, failed: 0, statuses: {}, open: new Set(), maxOpen: 0 };
let clicked = false;
let afterClick = { writes: 0, reads: 0 };
p.on('request', (r) => {
  if (!new URL(r.url()).pathname.startsWith('/api/v4/')) return;
  const write = r.method() !== 'GET';
  if (clicked) afterClick[write ? 'writes' : 'reads']++;
  if (!write) return;
  writes.sent++;
  writes.open.add(r);
  writes.maxOpen = Math.max(writes.maxOpen, writes.open.size);
});
p.on('requestfinished', async (r) => {
  if (!writes.open.delete(r)) return;
  writes.answered++;
  const status = (await r.response().catch(() => null))?.status() ?? -1;
  writes.statuses[status] = (writes.statuses[status] ?? 0) + 1;
});
p.on('requestfailed', (r) => { if (writes.open.delete(r)) writes.failed++; });

// Sign in, connect the source in place (its URL is prefilled), compare.
const t0 = Date.now();
await p.goto(`${BASE}/migrations/${migration}/complete`);
await p.fill('#instance-url', BASE);
await p.fill('#token', OWNER);
await p.click('button[type=submit]');
await p.waitForSelector('[data-testid=complete-source-missing]', { timeout: left() });
await p.waitForSelector('[data-testid=complete-progress][data-state=Done]', { timeout: left() });
await p.locator('#again-source-token').pressSequentially(SOURCE_TOKEN);
await p.keyboard.press('Enter');
await p.waitForFunction(() => !document.querySelector('[data-testid=complete-source-missing]'), null, { timeout: left() });
// The source's reads start on the next turn: wait for them to begin, then for Done.
const reading = () => document.querySelector('[data-testid=complete-progress]')?.dataset.state !== 'Done';
await p.waitForFunction(reading, null, { timeout: 10_000 }).catch(() => {});
await p.waitForSelector('[data-testid=complete-progress][data-state=Done]', { timeout: left() });
const compareMs = Date.now() - t0;

// Variables alone: untick the other kinds, as a person would.
for (const kind of ['hooks', 'deploy_keys']) await p.uncheck(`[data-testid=complete-kind-${kind}]`);
const button = p.locator('[data-testid=complete-copy-button]');
const label = (await button.innerText()).trim();
const chosen = Number(label.replace(/[,\s]/g, '').match(/\d+/)?.[0] ?? 0);

// Copy; Stop once STOP_AT of them were written (the page's own progress, "N of M written").
const written = async () => {
  const t = await p.locator('[data-testid=complete-copy] .progress-text').innerText().catch(() => '');
  return Number(t.replace(/[,\s]/g, '').match(/\d+/)?.[0] ?? -1);
};
const t1 = Date.now();
await button.click();
let shownAtStop = -1;
while (Date.now() < deadline) {
  shownAtStop = await written();
  if (shownAtStop >= chosen * STOP_AT) break;
  await p.waitForTimeout(200);
}
const stop = p.locator('[data-testid=complete-stop]');
await stop.click();
clicked = true;
const stoppedAfterMs = Date.now() - t1;
// The copy's end: the page's tally (or, on a console without one, the copy button back), then no request for 2 s.
const tally = p.locator('[data-testid=complete-copy-tally]');
await Promise.race([tally.waitFor({ timeout: 60_000 }), button.waitFor({ timeout: 60_000 })]).catch(() => {});
let quietSince = Date.now(); let lastSent = writes.sent + afterClick.reads;
while ((Date.now() - quietSince < 2_000 || writes.open.size) && Date.now() < deadline) {
  await p.waitForTimeout(100);
  if (writes.sent + afterClick.reads !== lastSent) { lastSent = writes.sent + afterClick.reads; quietSince = Date.now(); }
}
const settledMs = Date.now() - t1;
const inPage = await p.evaluate(() => ({ ...window.__writes }));
const page = (await tally.count())
  ? await tally.evaluate((e) => ({ written: +e.dataset.written, failed: +e.dataset.failed, not_sent: +e.dataset.notSent, stopped: e.dataset.stopped === 'true', text: e.innerText }))
  : null;
const buttonAfter = (await button.count()) ? (await button.innerText()).trim() : '';
const errors = p.errors;
await browser.close();
const after = await destinationVariables();
const created = after - before;

const summary = {
  migration, projects: paths.length, compare_ms: compareMs, button: label, chosen,
  stop: { clicked_after_ms: stoppedAfterMs, page_showed_written: shownAtStop, writes_started_before: inPage.startedAtStop,
    writes_in_flight_then: inPage.openAtStop },
  writes_sent: writes.sent, writes_answered: writes.answered, writes_failed_in_browser: writes.failed, statuses: writes.statuses,
  max_writes_in_flight: { network: writes.maxOpen, page: inPage.maxOpen },
  writes_started_after_stop: inPage.afterStop, requests_seen_after_click: afterClick,
  page_counts: page, copy_button_after: buttonAfter,
  // Rows shown written (also on a console without a tally): chosen minus what the button offers again.
  rows_shown_written: chosen - Number(buttonAfter.replace(/[,\s]/g, '').match(/\d+/)?.[0] ?? chosen),
  destination_variables: { before, after, created },
  settled_ms: settledMs, page_errors: errors.length,
};
const checks = {
  at_least_20000_variables: chosen >= BUDGET.variables,
  max_in_flight_at_most_6: Math.max(writes.maxOpen, inPage.maxOpen) <= BUDGET.inFlight,
  stopped_in_the_middle: writes.sent > 0 && writes.sent < chosen,
  no_write_started_after_stop: inPage.afterStop === 0,
  every_write_answered: writes.failed === 0 && writes.answered === writes.sent && inPage.started === writes.sent,
  sent_equals_written_plus_failed: page !== null && writes.sent === page.written + page.failed,
  page_counts_add_up: page !== null && page.written + page.failed + page.not_sent === chosen,
  written_equals_created_on_destination: page !== null && page.written === created,
  no_page_errors: errors.length === 0,
};
summary.checks = checks;
summary.over_budget = Object.entries(checks).filter(([, ok]) => !ok).map(([k]) => k);
if (errors.length) console.error(errors.slice(0, 5).join('\n'));
console.log(JSON.stringify(summary, null, 1));
process.exit(summary.over_budget.length ? 1 : 0);
