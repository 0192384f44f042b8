// Bench figures for the Contributions page (issues #16, #25) with 10,000 source users in one group, the
// sandbox at its default speed: requests before the table painted, requests until every count is known
// (GitLab's connection has no `count`: one cursor chain of 100-node pages per status group), the most count
// chains in flight at once, recounts when the filter, sort or search changes; then requests to open the
// page, requests per search, and a 1,000-row sheet checked and applied (most requests in flight, longest gap
// between animation frames while it runs). Run against a sandbox seeded with --scale-source-users 10000:
//   source scripts/common.sh; bash scripts/build.sh && start_sandbox 4210 4211 \
//     --scale-source-users 10000 --dist "$PWD/dist"; CONSOLE_URL=http://127.0.0.1:4210 node tests/e2e/contrib-bench.mjs
import { BASE, launch, openPage, signIn } from './lib.mjs';

const HEADER = 'Source host,Import type,Source user identifier,Source user name,Source username,GitLab username,GitLab public email';
const browser = await launch();
const p = await openPage(browser);
// In the page, before the console loads: every API fetch with its time and GraphQL operation, chains in
// flight, the moment the table's first row appears and the moment every count is known.
await p.addInitScript(() => {
  const w = window;
  w.__bench = { fetches: [], tablePaintedAt: null, countsKnownAt: null, fetchesAtKnown: null };
  const b = w.__bench;
  const original = w.fetch.bind(w);
  w.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes('/api/')) return original(input, init);
    b.fetches.push({ t: performance.now(), url });
    return original(input, init);
  };
  new MutationObserver(() => {
    if (b.tablePaintedAt === null && document.querySelector('[data-testid=contrib-row]')) b.tablePaintedAt = performance.now();
    const counts = [...document.querySelectorAll('[data-testid=contrib-count]')];
    if (b.countsKnownAt === null && counts.length === 3 && counts.every((c) => c.dataset.state === 'known')) {
      b.countsKnownAt = performance.now();
      b.fetchesAtKnown = b.fetches.length;
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
});
const open = new Set();
let log = [];
let max = 0;
// Count chains in flight: the count requests sent and not yet answered.
const chains = new Set();
let maxChains = 0;
const isApi = (u) => u.includes('/api/v4/') || u.includes('/api/graphql');
const isCount = (r) => (r.postData() ?? '').includes('query contributionsCount');
p.on('request', (r) => {
  if (!isApi(r.url())) return;
  open.add(r); log.push(r); max = Math.max(max, open.size);
  if (isCount(r)) { chains.add(r); maxChains = Math.max(maxChains, chains.size); }
});
const ended = (r) => { open.delete(r); chains.delete(r); };
p.on('requestfinished', ended);
p.on('requestfailed', ended);
const settle = async () => { await p.waitForLoadState('networkidle'); await p.waitForTimeout(300); };
const describe = (rs) => rs.map((r) => {
  const u = new URL(r.url());
  if (u.pathname === '/api/graphql') {
    const body = JSON.parse(r.postData() ?? '{}');
    const op = (body.query ?? '').match(/^(?:query|mutation) (\w+)/)?.[1] ?? 'graphql';
    return `graphql ${op} ${JSON.stringify(body.variables?.statuses ?? body.variables?.search ?? '')}`;
  }
  return `${r.method()} ${u.pathname}`;
});

await signIn(p, '/migrations');
await settle();
log = [];
let t0 = Date.now();
const navigatedAt = await p.evaluate(() => {
  window.__bench.fetches = [];
  history.pushState({}, '', '/contributions?group=migrated');
  dispatchEvent(new PopStateEvent('popstate'));
  return performance.now();
});
await p.waitForSelector('[data-testid=contrib-row]', { timeout: 60000 });
const openMs = Date.now() - t0;
await p.waitForFunction(() => window.__bench.countsKnownAt !== null, null, { timeout: 300000 });
const bench = await p.evaluate(() => window.__bench);
const chainsWhileOpening = maxChains;
const countsMs = Math.round(bench.countsKnownAt - navigatedAt);
const beforePaint = bench.fetches.filter((f) => f.t < bench.tablePaintedAt);
const countsShown = await p.$$eval('[data-testid=contrib-count]', (lis) => lis.map((li) => `${li.dataset.group} ${li.querySelector('strong').innerText}`));
await settle();
const opening = describe(log);

// Filter, sort and search: the table changes, the counts are kept.
log = [];
await p.selectOption('[data-testid=contrib-status]', 'pending');
await p.waitForFunction(() => location.search.includes('status=pending'));
await settle();
await p.selectOption('[data-testid=contrib-sort]', 'ID_DESC');
await p.waitForFunction(() => location.search.includes('sort=ID_DESC'));
await settle();
await p.fill('[data-testid=contrib-search]', 'Source 00042');
await p.press('[data-testid=contrib-search]', 'Enter');
await p.waitForFunction(() => location.search.includes('search='));
await settle();
const afterChanges = describe(log);
const recounts = log.filter(isCount).length;
await p.evaluate(() => { history.pushState({}, '', '/contributions?group=migrated'); dispatchEvent(new PopStateEvent('popstate')); });
await p.waitForSelector('[data-testid=contrib-row]', { timeout: 60000 });
await settle();

log = [];
t0 = Date.now();
await p.fill('[data-testid=contrib-search]', 'Source 0999');
await p.press('[data-testid=contrib-search]', 'Enter');
await p.waitForFunction(() => [...document.querySelectorAll('[data-testid=contrib-row]')].length > 0
  && [...document.querySelectorAll('[data-testid=contrib-row]')].every((r) => r.innerText.includes('0999')), null, { timeout: 30000 });
const searchMs = Date.now() - t0;
await settle();
const searching = describe(log);

// A 1,000-row sheet: every row names its own member (matched by username).
const users = await (await fetch(`${BASE}/-/sandbox/source-users`)).json();
const rows = users.filter((u) => u.identifier.startsWith('member-') && u.status === 'PendingReassignment').slice(0, 1000)
  .map((u) => [u.hostname, 'gitlab_migration', u.identifier, u.name, u.username, `member${String(Number(u.identifier.slice(7))).padStart(5, '0')}`, ''].join(','));
await p.click('[data-testid=sheet-panel] summary');
log = [];
max = 0;
t0 = Date.now();
await p.setInputFiles('[data-testid=sheet-file]', { name: 'filled.csv', mimeType: 'text/csv', buffer: Buffer.from(`${HEADER}\n${rows.join('\n')}\n`) });
await p.waitForSelector('[data-testid=sheet-apply]', { timeout: 120000 });
const checkMs = Date.now() - t0;
const checkRequests = log.length;
const checkMax = max;
await p.evaluate(() => {
  window.__gaps = [];
  let last = performance.now();
  const tick = (t) => { window.__gaps.push(t - last); last = t; window.__raf = requestAnimationFrame(tick); };
  window.__raf = requestAnimationFrame(tick);
});
log = [];
max = 0;
t0 = Date.now();
await p.click('[data-testid=sheet-apply]');
await p.waitForSelector('[data-testid=sheet-results]', { timeout: 300000 });
const applyMs = Date.now() - t0;
const gaps = await p.evaluate(() => { cancelAnimationFrame(window.__raf); return window.__gaps; });
const progress = await p.innerText('[data-testid=sheet-progress]');
const mutations = log.filter((r) => r.url().includes('/api/graphql') && (r.postData() ?? '').includes('importSourceUserReassign')).length;
await browser.close();

const figures = {
  requests_before_table_painted: beforePaint.length,
  requests_until_every_count_known: bench.fetchesAtKnown,
  max_count_chains_in_flight: chainsWhileOpening,
  max_count_chains_in_flight_whole_run: maxChains,
  recounts_on_filter_sort_search: recounts,
  counts_known_ms: countsMs, counts_shown: countsShown,
  requests_on_filter_sort_search: afterChanges,
  open_requests: opening.length, open_ms: openMs, open_detail: [...new Set(opening)].map((d) => `${opening.filter((x) => x === d).length}× ${d}`),
  search_requests: searching.length, search_ms: searchMs, search_detail: searching,
  sheet_rows: rows.length, check_requests: checkRequests, check_max_in_flight: checkMax, check_ms: checkMs,
  apply_mutations: mutations, apply_max_in_flight: max, apply_ms: applyMs,
  apply_longest_frame_gap_ms: Math.round(Math.max(...gaps)), progress,
};
console.log(JSON.stringify(figures, null, 1));
