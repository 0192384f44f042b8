// Benchmark (issue #6): drives Debian's headless Chromium against the release build served by a scaled
// sandbox, prints a table and, as its last line, one JSON object with the figures.
// Usage: node tests/e2e/bench.mjs http://127.0.0.1:3300 dist
// BENCH_ONLY=load: the first load and the load times only (7 runs unless BENCH_RUNS says), without the heavy parts
// (routes, clicks, 10,000 entities and failures, requests per minute). BENCH_RTT_MS: the added round trip (100).
import { chromium } from 'playwright-core';
import { statSync } from 'node:fs';

const [BASE = 'http://127.0.0.1:3300', DIST = 'dist'] = process.argv.slice(2);
const TOKEN = 'sandbox-owner-token';
const api = async (path) => (await fetch(`${BASE}/api/v4${path}`, { headers: { 'PRIVATE-TOKEN': TOKEN } })).json();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const ONLY = process.env.BENCH_ONLY ?? '';
if (!['', 'load'].includes(ONLY)) throw new Error(`BENCH_ONLY=${ONLY}: only "load" is known`);
const FULL = ONLY === '';
const RUNS = Number(process.env.BENCH_RUNS ?? (FULL ? 9 : 7));
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 100);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
const errors = [];

/// A fresh (cold) context, already signed in through storage, with every API request recorded.
async function signedInPage(base = BASE, { hidden = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(([base, token, hidden]) => {
    // Keep a handle on the WebAssembly memory: performance.memory counts only the JS heap.
    const instantiate = WebAssembly.instantiate;
    const keep = (r) => { const i = r.instance ?? r; if (i?.exports?.memory) globalThis.__wasmMemory = i.exports.memory; return r; };
    WebAssembly.instantiate = (...a) => instantiate(...a).then(keep);
    const streaming = WebAssembly.instantiateStreaming;
    if (streaming) WebAssembly.instantiateStreaming = (...a) => streaming(...a).then(keep);
    localStorage.setItem('gmc-instance', base);
    localStorage.setItem('gmc-token', token);
    if (hidden) {
      // Headless pages are always "visible": emulate a background tab the way browsers report one.
      Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { get: () => true });
      addEventListener('DOMContentLoaded', () => document.dispatchEvent(new Event('visibilitychange')));
    }
  }, [base, TOKEN, hidden]);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.requests = [];
  let inFlight = 0;
  page.maxInFlight = 0;
  page.on('request', (r) => {
    if (!r.url().includes('/api/v4/')) return;
    page.requests.push({ url: r.url(), at: Date.now() });
    inFlight += 1;
    page.maxInFlight = Math.max(page.maxInFlight, inFlight);
  });
  const done = (r) => { if (r.url().includes('/api/v4/')) inFlight -= 1; };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return page;
}

// 1. First load: every file the browser fetches until the table is painted (API calls aside), sized as a server
// with precompressed files sends it (.br / .gz beside each file in dist/), and what idle prefetch adds after.
const fileSize = (dist, name, ext) => { try { return statSync(`${dist}/${name}${ext}`).size; } catch { return 0; } };
const staticFile = (url) => { const p = new URL(url).pathname; return p.includes('/api/v4/') || p.startsWith('/-/') ? null : p.replace(/^\//, '') || 'index.html'; };
async function firstLoad(base, dist, path, selector) {
  const page = await signedInPage(base);
  // When the selector first matches, taken in the page: a poll from here can come late on a busy machine.
  await page.context().addInitScript((sel) => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(sel)) { globalThis.__paintedAt = performance.now(); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  }, selector);
  await page.goto(base + path, { waitUntil: 'commit' });
  await page.waitForSelector(selector);
  await page.waitForTimeout(3_000); // idle prefetch
  const entries = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => ({ url: e.name, early: e.startTime < globalThis.__paintedAt }))
    .concat([{ url: location.href, early: true }]));
  await page.context().close();
  const fetched = entries.map((e) => ({ f: staticFile(e.url), early: e.early })).filter((e) => e.f);
  const sum = (files) => {
    const names = [...new Set(files.map((x) => (statSync(`${dist}/${x.f}`, { throwIfNoEntry: false })?.isFile() ? x.f : 'index.html')))];
    return {
      files: names.length,
      raw: names.reduce((t, n) => t + fileSize(dist, n, ''), 0),
      brotli: names.reduce((t, n) => t + fileSize(dist, n, '.br'), 0),
      gzip: names.reduce((t, n) => t + fileSize(dist, n, '.gz'), 0),
      names,
    };
  };
  return { before: sum(fetched.filter((x) => x.early)), prefetch: sum(fetched.filter((x) => !x.early)) };
}
const first = await firstLoad(BASE, DIST, '/migrations', '[data-testid=migrations-table] tbody tr');
const first_load_brotli_bytes = first.before.brotli;
const first_load_gzip_bytes = first.before.gzip;
const first_load_raw_bytes = first.before.raw;
const idle_prefetch_brotli_bytes = first.prefetch.brotli;

// 2. Navigation to a painted table, cold (a fresh context each time), the console, the anchor and the static page
// interleaved (the order flips every run), on loopback and with RTT_MS added to every request's round trip
// (Chromium's network emulation on the page's own CDP session: the HTML, scripts, wasm, config and API calls alike).
// Three times per load: when Playwright's waitForSelector sees the row (as the first anchors were taken;
// it polls on a back-off of 0, 20, 50, 100, 100, then every 500 ms, so it moves in steps), and, taken in the page,
// when the row entered the DOM and when the frame with it was painted (the task after the next animation frame).
// The budgets are on the painted time, from the navigation's start.
async function loadTime(path, selector, base = BASE, latency = 0) {
  const page = await signedInPage(base);
  await page.context().addInitScript((sel) => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector(sel)) return;
      observer.disconnect();
      globalThis.__inserted = performance.now();
      requestAnimationFrame(() => setTimeout(() => { globalThis.__painted = performance.now(); }, 0));
    }).observe(document, { childList: true, subtree: true });
  }, selector);
  if (latency) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
  }
  await page.goto(base + path, { waitUntil: 'commit' });
  await page.waitForSelector(selector);
  const ms = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => globalThis.__painted);
  const inPage = await page.evaluate(() => globalThis.__painted);
  await page.context().close();
  return [ms, inPage];
}
// With ANCHOR_URL (scripts/bench.sh serves bench/anchor, a minimal Leptos app), the floor of a Leptos page in the
// same run, taken the same way.
const ANCHOR = process.env.ANCHOR_URL;
const TABLE_ROW = '[data-testid=migrations-table] tbody tr';
const PAGES = { console: [BASE, '/migrations'], static: [BASE, '/-/sandbox/static-table'], ...(ANCHOR ? { anchor: [ANCHOR, '/migrations'] } : {}) };
const loads = { 0: {}, [RTT_MS]: {} };
for (const l of Object.values(loads)) for (const name of Object.keys(PAGES)) l[name] = [];
for (let i = 0; i < RUNS; i++) {
  const names = Object.keys(PAGES);
  for (const latency of i % 2 ? [RTT_MS, 0] : [0, RTT_MS]) {
    for (const name of i % 2 ? [...names].reverse() : names) {
      const [base, path] = PAGES[name];
      loads[latency][name].push(await loadTime(path, TABLE_ROW, base, latency));
    }
  }
}
const seen = (latency, name) => (loads[latency][name]?.length ? round(median(loads[latency][name].map((x) => x[0]))) : null);
const painted = (latency, name) => (loads[latency][name]?.length ? round(median(loads[latency][name].map((x) => x[1]))) : null);
const ratio = (a, b) => (a === null || b === null ? null : round(a / b, 2));
const load_to_table_ms = seen(0, 'console');
const static_table_ms = seen(0, 'static');
const painted_in_page_ms = painted(0, 'console');
const static_painted_in_page_ms = painted(0, 'static');
const anchor_table_ms = seen(0, 'anchor');
const anchor_painted_in_page_ms = painted(0, 'anchor');
const rtt = {
  rtt_ms: RTT_MS,
  rtt_painted_in_page_ms: painted(RTT_MS, 'console'),
  rtt_anchor_painted_in_page_ms: painted(RTT_MS, 'anchor'),
  rtt_static_painted_in_page_ms: painted(RTT_MS, 'static'),
  rtt_load_to_table_ms: seen(RTT_MS, 'console'),
  rtt_anchor_table_ms: seen(RTT_MS, 'anchor'),
  rtt_static_table_ms: seen(RTT_MS, 'static'),
};
// The three ratios (#28), on the painted time: console ÷ anchor on loopback and with RTT_MS added, and
// console ÷ static page for reference.
const ratios = {
  anchor_painted_ratio: ratio(painted_in_page_ms, anchor_painted_in_page_ms),
  rtt_anchor_painted_ratio: ratio(rtt.rtt_painted_in_page_ms, rtt.rtt_anchor_painted_in_page_ms),
  painted_in_page_ratio: ratio(painted_in_page_ms, static_painted_in_page_ms),
  rtt_static_painted_ratio: ratio(rtt.rtt_painted_in_page_ms, rtt.rtt_static_painted_in_page_ms),
};

// The heavy parts, skipped with BENCH_ONLY=load.
let heavy = {};
if (FULL) {
  // 2b. Per route: the wasm chunks fetched before it paints (cold), and the first click into a lazy route after
  // idle prefetch, against the unsplit build when one is served (UNSPLIT_URL).
  const ROUTES = {
    '/migrations': '[data-testid=migrations-table] tbody tr',
    '/migrations/new': '#main form',
    '/migrations/7': '[data-testid=migration-summary]',
    '/entities': '[data-testid=entities-table]',
  };
  const [firstEntity] = await api('/bulk_imports/7/entities?per_page=1');
  if (firstEntity) ROUTES[`/migrations/7/entities/${firstEntity.id}`] = '[data-testid=entity-summary]';
  const route_chunks = {};
  for (const [path, selector] of Object.entries(ROUTES)) {
    const load = await firstLoad(BASE, DIST, path, selector);
    route_chunks[path] = Object.fromEntries(load.before.names.filter((n) => n.endsWith('.wasm'))
      .map((n) => [n, { raw: fileSize(DIST, n, ''), brotli: fileSize(DIST, n, '.br') }]));
  }
  async function clickIntoMigration(base) {
    const times = [];
    for (let i = 0; i < 7; i++) {
      const page = await signedInPage(base);
      await page.goto(`${base}/migrations`);
      await page.waitForSelector('[data-testid=migrations-table] tbody tr a');
      await page.waitForTimeout(2_000); // idle: prefetch done
      const t = await page.evaluate(() => performance.now());
      await page.click('[data-testid=migrations-table] tbody tr a');
      await page.waitForSelector('[data-testid=migration-summary]');
      times.push((await page.evaluate(() => performance.now())) - t);
      await page.context().close();
    }
    return round(median(times));
  }
  const click_into_migration_ms = await clickIntoMigration(BASE);
  const UNSPLIT = process.env.UNSPLIT_URL;
  const click_into_migration_unsplit_ms = UNSPLIT ? await clickIntoMigration(UNSPLIT) : null;

  // 3. A migration with 10,000 entities.
  const imports = await api('/bulk_imports?per_page=100');
  const scale = Math.max(...imports.map((m) => m.id));
  const scaleId = (await Promise.all(imports.map(async (m) => [m.id, (await fetch(`${BASE}/api/v4/bulk_imports/${m.id}/entities?per_page=1`, { headers: { 'PRIVATE-TOKEN': TOKEN } })).headers.get('x-total')])))
    .find(([, total]) => Number(total) >= 10_000)?.[0] ?? scale;
  const entitiesPage = await signedInPage();
  const t0 = Date.now();
  await entitiesPage.goto(`${BASE}/migrations/${scaleId}`);
  await entitiesPage.waitForSelector('[data-testid=entities-table] tbody tr', { timeout: 120_000 });
  const entities_first_rows_ms = Date.now() - t0;
  await entitiesPage.waitForSelector('[data-testid=overview][data-complete=true]', { timeout: 300_000 });
  const entities_all_stats_ms = Date.now() - t0;
  const entities_requests = entitiesPage.requests.filter((r) => new RegExp(`/bulk_imports/${scaleId}/entities\\?`).test(r.url) && !/per_page=1(&|$)/.test(r.url)).length;
  const max_in_flight = entitiesPage.maxInFlight;
  const cdp = await entitiesPage.context().newCDPSession(entitiesPage);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await entitiesPage.evaluate(() => performance.memory.usedJSHeapSize);
  const wasmBytes = await entitiesPage.evaluate(() => globalThis.__wasmMemory?.buffer.byteLength ?? 0);
  const heap_mb = round((heap + wasmBytes) / 1048576);
  await entitiesPage.context().close();

  // 4. An entity with 10,000 failures: render, then filter keystroke to paint.
  const scaleEntities = await api(`/bulk_imports/${scaleId}/entities?per_page=1`);
  const failing = scaleEntities[0];
  const failuresPage = await signedInPage();
  const t1 = Date.now();
  await failuresPage.goto(`${BASE}/migrations/${scaleId}/entities/${failing.id}`);
  await failuresPage.waitForSelector('[data-testid=failures-table] tbody tr', { timeout: 120_000 });
  await failuresPage.waitForSelector('[data-testid=export-csv]:not([disabled])', { timeout: 300_000 });
  const failures_render_ms = Date.now() - t1;
  const failureCount = await failuresPage.textContent('[data-testid=failure-count]');
  const keystrokes = await failuresPage.evaluate(async () => {
    const input = document.querySelector('[data-testid=failure-filter]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const times = [];
    let text = '';
    // From the keystroke to the table re-rendered and laid out (the work a frame has to fit), without the wait
    // for the display's next vsync, which is the same for any page.
    for (const ch of 'validation failed source branch'.split('')) {
      text += ch;
      await frame();
      const start = performance.now();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 0)); // reactive updates scheduled as tasks
      void document.querySelector('[data-testid=failures-table]')?.getBoundingClientRect(); // style + layout
      times.push(performance.now() - start);
    }
    return times;
  });
  const filter_p50_ms = round(pct(keystrokes, 50));
  const filter_p95_ms = round(pct(keystrokes, 95));
  await failuresPage.context().close();

  // 5. Requests per minute: nothing running, one running, and a hidden tab (each measured over 30 s).
  async function perMinute(path, opts) {
    const page = await signedInPage(BASE, opts);
    await page.goto(BASE + path);
    await page.waitForSelector('[data-testid=migration-summary]');
    await page.waitForSelector('[data-testid=overview][data-complete=true]', { timeout: 120_000 }).catch(() => {});
    await page.waitForTimeout(2_000); // the first load is over
    const before = page.requests.length;
    await page.waitForTimeout(30_000);
    const n = page.requests.length - before;
    await page.context().close();
    return n * 2;
  }
  const running = imports.find((m) => m.status === 'started' || m.status === 'created');
  const finished = imports.find((m) => m.status === 'finished' && m.id !== scaleId);
  const [idle_requests_per_min, running_requests_per_min, hidden_requests_per_min] = await Promise.all([
    perMinute(`/migrations/${finished.id}`),
    running ? perMinute(`/migrations/${running.id}`) : Promise.resolve(null),
    running ? perMinute(`/migrations/${running.id}`, { hidden: true }) : Promise.resolve(null),
  ]);
  heavy = {
    click_into_migration_ms, click_into_migration_unsplit_ms,
    click_over_unsplit_ms: click_into_migration_unsplit_ms === null ? null : round(click_into_migration_ms - click_into_migration_unsplit_ms),
    route_chunks,
    entities_first_rows_ms, entities_all_stats_ms, entities_requests, max_in_flight,
    failures: Number((failureCount.match(/\d+/) ?? [0])[0]), failures_render_ms, filter_p50_ms, filter_p95_ms,
    idle_requests_per_min, running_requests_per_min, hidden_requests_per_min, heap_mb,
  };
}
await browser.close();

const figures = {
  first_load_brotli_bytes, first_load_gzip_bytes, first_load_raw_bytes, first_load_files: first.before.names,
  idle_prefetch_brotli_bytes,
  runs: RUNS,
  load_to_table_ms, static_table_ms, load_ratio: ratio(load_to_table_ms, static_table_ms),
  painted_in_page_ms, static_painted_in_page_ms,
  anchor_table_ms, anchor_ratio: ratio(anchor_table_ms, static_table_ms), anchor_painted_in_page_ms,
  ...rtt, ...ratios,
  ...heavy,
  errors: errors.length,
};
const budgets = {
  first_load_brotli_bytes: (v) => v <= 256_000, first_load_gzip_bytes: (v) => v <= 320_000, load_ratio: (v) => v <= 1.8,
  anchor_painted_ratio: (v) => v <= 1.5, rtt_anchor_painted_ratio: (v) => v <= 1.0,
  click_over_unsplit_ms: (v) => v === null || v <= 30, filter_p95_ms: (v) => v <= 16,
  entities_requests: (v) => v <= 100, max_in_flight: (v) => v <= 6, idle_requests_per_min: (v) => v === 0,
  hidden_requests_per_min: (v) => v === 0, heap_mb: (v) => v <= 64, errors: (v) => v === 0,
};
const verdict = (k, v) => (budgets[k] && v !== null ? (budgets[k](v) ? 'met' : 'MISSED') : '');
console.log('figure'.padEnd(30), 'value'.padStart(12), '  budget');
for (const [k, v] of Object.entries(figures)) {
  if (typeof v === 'object' && v !== null) continue;
  console.log(k.padEnd(30), String(v).padStart(12), ' ', verdict(k, v));
}
console.log('first load files:', first.before.names.join(', '));
for (const [route, chunks] of Object.entries(heavy.route_chunks ?? {})) {
  console.log(`  ${route}`.padEnd(30), Object.entries(chunks).map(([n, c]) => `${n} ${c.brotli} B br`).join(', '));
}
// The summary (#28): load → table painted, taken in the page, medians of RUNS cold loads.
const cell = (v) => String(v ?? '-').padStart(9);
console.log(`\nload → table painted, ms (median of ${RUNS} cold loads, interleaved)`);
console.log(''.padEnd(14), 'console'.padStart(9), 'anchor'.padStart(9), 'static'.padStart(9), '  console÷anchor', '  console÷static');
for (const [label, c, a, st, ra, rs, key] of [
  ['loopback', painted_in_page_ms, anchor_painted_in_page_ms, static_painted_in_page_ms, ratios.anchor_painted_ratio, ratios.painted_in_page_ratio, 'anchor_painted_ratio'],
  [`+${RTT_MS} ms RTT`, rtt.rtt_painted_in_page_ms, rtt.rtt_anchor_painted_in_page_ms, rtt.rtt_static_painted_in_page_ms, ratios.rtt_anchor_painted_ratio, ratios.rtt_static_painted_ratio, 'rtt_anchor_painted_ratio'],
]) {
  const budget = key === 'anchor_painted_ratio' ? '≤ 1.5' : '≤ 1.0';
  console.log(label.padEnd(14), cell(c), cell(a), cell(st), `  ${String(ra ?? '-').padStart(5)} (${budget} ${verdict(key, ra) || '?'})`, `  ${String(rs ?? '-').padStart(5)}`);
}
console.log(`first load: ${first_load_brotli_bytes} B brotli (≤ 256,000: ${verdict('first_load_brotli_bytes', first_load_brotli_bytes)}),`,
  `${first_load_gzip_bytes} B gzip (≤ 320,000: ${verdict('first_load_gzip_bytes', first_load_gzip_bytes)})`);
if (errors.length) console.error(errors.join('\n'));
console.log(JSON.stringify(figures));
