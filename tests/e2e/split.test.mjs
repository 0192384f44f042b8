// Route splitting (issue #15), on the release build the test command makes (split: scripts/build.sh). The list
// loads without any route's chunk; the chunks of the likely next route arrive while the browser is idle; a deep
// link loads what it needs; a chunk that cannot be fetched stops the page with a sentence, not silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, OWNER, browserSuite, openPage, signIn } from './lib.mjs';

const suite = browserSuite();
const manifest = JSON.parse(readFileSync(new URL('../../dist/split-manifest.json', import.meta.url), 'utf8'));
const chunkNames = new Set(manifest.chunks.map((c) => c.name));
const isChunk = (url) => chunkNames.has(new URL(url).pathname.split('/').pop());

/// A page whose session is remembered, so that a load goes straight to the data (as a returning user's does).
async function rememberedPage() {
  const p = await suite.page();
  await p.context().addInitScript(([base, token]) => {
    localStorage.setItem('gmc-instance', base);
    localStorage.setItem('gmc-token', token);
  }, [BASE, OWNER]);
  return p;
}

async function firstEntityPath(migration) {
  const res = await fetch(`${BASE}/api/v4/bulk_imports/${migration}/entities`, { headers: { 'PRIVATE-TOKEN': OWNER } });
  const [entity] = await res.json();
  return `/migrations/${migration}/entities/${entity.id}`;
}

/// Records the route chunks a page fetches, each with the time it was asked for.
function recordChunks(page) {
  const fetched = [];
  page.on('request', (r) => { if (isChunk(r.url())) fetched.push({ url: r.url(), at: Date.now() }); });
  return fetched;
}

test('the build is split: one chunk or more per lazy route beside the main module', () => {
  assert.ok(manifest.chunks.length >= 4, `chunks: ${manifest.chunks.map((c) => c.name).join(', ')}`);
  for (const route of ['migration', 'entity', 'entities', 'new_migration']) {
    assert.ok(manifest.chunks.some((c) => c.name.startsWith(`s_${route}-`)), `a chunk for the ${route} route`);
  }
});

test('the list paints without any route chunk; the next route arrives when idle and opens without waiting', async () => {
  const p = await rememberedPage();
  // The moment the rows appear, taken in the page (a poll from here can come late on a busy machine).
  await p.context().addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid=migrations-table] tbody tr')) {
        globalThis.__rowsAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const chunks = recordChunks(p);
  await p.goto(`${BASE}/migrations`);
  await p.waitForSelector('[data-testid=migrations-table] tbody tr a');
  // Idle prefetch: the migration page's chunks come without a click.
  await p.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/s_[a-z_]+-[0-9a-f]+\.wasm$/.test(e.name)));
  await p.waitForTimeout(1_000);
  const early = await p.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('.wasm') && !e.name.includes('_bg.wasm') && e.startTime < globalThis.__rowsAt)
    .map((e) => e.name));
  assert.deepEqual(early, [], 'no route chunk asked for before the list was painted');
  const prefetched = chunks.length;
  assert.ok(prefetched > 0, 'chunks fetched while idle');
  await p.click('[data-testid=migrations-table] tbody tr a');
  await p.waitForSelector('[data-testid=migration-summary]');
  const loadedOnClick = chunks.slice(prefetched).filter((c) => /\/s_migration-/.test(c.url));
  assert.deepEqual(loadedOnClick, [], 'the migration route was already there');
});

test('a returning user: the start-up requests leave before the console mounts, and the skeleton gives way to the table with nothing in between', async () => {
  const p = await rememberedPage();
  await p.context().addInitScript(() => {
    const seen = (globalThis.__startup = { restoring: false, skeletonGone: null, wasmRuns: null });
    // The moment the console's wasm is handed to the engine, taken in the page: the start-up requests must leave
    // before it (the anchor's leave only after its wasm runs). Network arrival order flakes on a busy machine.
    for (const name of ['instantiateStreaming', 'instantiate']) {
      const original = WebAssembly[name];
      WebAssembly[name] = function (...args) {
        seen.wasmRuns ??= performance.now();
        return original.apply(this, args);
      };
    }
    new MutationObserver(() => {
      if (document.body?.textContent.includes('Restoring your session')) seen.restoring = true;
      if (seen.skeletonGone === null && document.readyState !== 'loading' && !document.getElementById('skeleton')) {
        seen.skeletonGone = performance.now();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await p.goto(`${BASE}/migrations`);
  await p.waitForSelector('[data-testid=migrations-table] tbody tr');
  const { startup, asked, nativeFetch } = await p.evaluate(() => ({
    startup: globalThis.__startup,
    asked: performance.getEntriesByType('resource').map((e) => ({ url: e.name, at: e.startTime, end: e.responseEnd })),
    nativeFetch: fetch.toString().includes('[native code]'),
  }));
  assert.equal(startup.restoring, false, 'no "Restoring your session…" between the skeleton and the table');
  assert.ok(startup.skeletonGone > 0, 'the skeleton was removed');
  const first = (re) => asked.find((r) => re.test(r.url));
  for (const re of [/\/config\.json$/, /\/api\/v4\/version$/, /\/api\/v4\/user$/, /\/api\/v4\/bulk_imports\?page=1&/]) {
    const r = first(re);
    assert.ok(r, `${re} was asked for`);
    assert.ok(r.at < startup.skeletonGone, `${re} left at ${Math.round(r.at)} ms, before the console mounted at ${Math.round(startup.skeletonGone)} ms`);
  }
  // index.html's inline script sends version, user and the list's first page at parse time, beside the wasm
  // (issue #28): each is asked for once (the console took the answer instead of asking again), before the wasm
  // is handed to the engine, and the plain fetch is back once the three are taken.
  assert.ok(startup.wasmRuns > 0, 'the console\'s wasm was instantiated');
  for (const re of [/\/api\/v4\/version$/, /\/api\/v4\/user$/, /\/api\/v4\/bulk_imports\?page=1&/]) {
    assert.equal(asked.filter((r) => re.test(r.url)).length, 1, `${re} asked for once`);
    assert.ok(first(re).at < startup.wasmRuns, `${re} left at ${Math.round(first(re).at)} ms, before the wasm was instantiated at ${Math.round(startup.wasmRuns)} ms`);
  }
  assert.ok(nativeFetch, 'fetch is the browser\'s own again');
  // The icon is in the page, so the browser asks for no /favicon.ico while the console loads (Playwright does not
  // report favicon requests: the link is what is checked).
  const icon = await p.evaluate(() => document.querySelector('link[rel=icon]')?.getAttribute('href') ?? null);
  assert.match(icon ?? '', /^data:image\/svg\+xml,/, 'an inline icon');
  await p.context().close();
});

test('a deep link into a lazy route loads its chunks and renders; every lazy route renders', async () => {
  const p = await rememberedPage();
  const chunks = recordChunks(p);
  await p.goto(BASE + (await firstEntityPath(7)));
  await p.waitForSelector('[data-testid=entity-summary]');
  assert.ok(chunks.length > 0, 'the entity route came from its chunks');
  for (const [path, selector] of [
    ['/entities', '[data-testid=entities-table]'],
    ['/migrations/new', '#main form'],
    ['/migrations/7', '[data-testid=migration-summary]'],
  ]) {
    await p.evaluate((to) => { history.pushState({}, '', to); dispatchEvent(new PopStateEvent('popstate')); }, path);
    await p.waitForSelector(selector);
  }
});

test('quick repeated clicks into a lazy route (leptos#4285) leave a working page', async () => {
  const p = await suite.page();
  await signIn(p, '/entities');
  await p.waitForSelector('[data-testid=entities-table] tbody tr a');
  const link = p.locator('[data-testid=entities-table] tbody tr a').first();
  // The later clicks may find the link gone (the page changed): that is fine, the page must still work.
  const click = (delay) => link.click({ delay, timeout: 2_000 }).catch(() => {});
  await Promise.all([click(0), click(5), click(10)]);
  await p.waitForSelector('[data-testid=entity-summary]');
});

test('a route chunk that cannot be fetched stops the page with a sentence to reload', async () => {
  // Not a suite page: the stop is expected here, and its panic line with it.
  const p = await openPage(suite.browser);
  await p.context().addInitScript(([base, token]) => {
    localStorage.setItem('gmc-instance', base);
    localStorage.setItem('gmc-token', token);
  }, [BASE, OWNER]);
  await p.route((url) => isChunk(url.href), (route) => route.abort('internetdisconnected'));
  await p.goto(`${BASE}/migrations`);
  await p.waitForSelector('[data-testid=migrations-table] tbody tr a');
  await p.click('[data-testid=migrations-table] tbody tr a');
  const notice = p.locator('[data-testid=stopped-notice]');
  await notice.waitFor({ timeout: 10_000 });
  assert.match(await notice.textContent(), /Reload the page/);
  assert.equal(await notice.getAttribute('role'), 'alert');
  await p.context().close();
});
