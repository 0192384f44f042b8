// Faults (issue #7): with each of the sandbox's fault modes, and with the server gone, every view says what
// happened, keeps the data it had, and recovers on retry once the fault ends. No panic, no uncaught error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OWNER, browserSuite, sandboxSettings, signIn, connectSource, addRow } from './lib.mjs';

// A deployer's config.json can shorten the request timeout; 3 s keeps the "slow" mode quick to test.
const TIMEOUT_S = 3;
const MODES = [
  ['500', /The server failed \(500\)/],
  ['502', /The server failed \(502\)/],
  ['503', /The server failed \(503\)/],
  ['429', /Too many requests \(429\)/],
  ['malformed', /could not be read \(200\)/],
  ['truncated', /could not be read \(200\)/],
  ['html', /sent a web page instead of API data \(200\)/],
  ['drop', /Could not reach the server|could not be read/],
  ['slow', new RegExp(`did not answer within ${TIMEOUT_S} seconds`)],
  ['gone', /Could not reach the server/],
];

let entityPath;
const tally = { scenarios: 0, modes: new Set() };
const suite = browserSuite({
  setup: async () => {
    const entities = await (await fetch(`${BASE}/api/v4/bulk_imports/2/entities`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
    entityPath = `/migrations/2/entities/${entities[0].id}`;
  },
  teardown: async () => {
    await setFault(null);
    console.log(`faults: ${tally.scenarios} scenarios, ${tally.modes.size} fault modes over 6 views (4 pages, sign-in, start form)`);
  },
});

async function page() {
  const p = await suite.page();
  await p.context().route('**/config.json', (r) => r.fulfill({ json: { request_timeout_seconds: TIMEOUT_S } }));
  return p;
}

function setFault(mode, onlyPost = false) {
  const body = mode ? { mode, rate: 1, slow_ms: (TIMEOUT_S + 2) * 1000, only_post: onlyPost } : { mode: null, rate: 0 };
  return fetch(`${BASE}/-/sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/// Turns a fault on: the sandbox's own modes, or "gone" (every API connection refused, as when the server is down).
async function faultOn(p, mode) {
  tally.modes.add(mode);
  tally.scenarios += 1;
  if (mode === 'gone') await p.context().route('**/api/v4/**', (r) => r.abort('connectionrefused'));
  else await setFault(mode);
}

async function faultOff(p, mode) {
  if (mode === 'gone') await p.context().unroute('**/api/v4/**');
  else await setFault(null);
}

const rowCount = (p, selector) => p.locator(selector).count();

const VIEWS = [
  { name: 'migrations list', path: () => '/migrations', rows: '[data-testid=migrations-table] tbody tr' },
  { name: 'a migration', path: () => '/migrations/1', rows: '[data-testid=entities-table] tbody tr' },
  { name: 'all entities', path: () => '/entities', rows: '[data-testid=entities-table] tbody tr' },
  { name: 'an entity', path: () => entityPath, rows: '[data-testid=failures-table] tbody tr' },
];

for (const view of VIEWS) {
  test(`${view.name}: every fault gives a clear message, the data stays, Retry recovers`, { timeout: 240_000 }, async () => {
    const p = await page();
    await signIn(p, view.path());
    await p.waitForSelector(view.rows);
    await p.waitForTimeout(300);
    const before = await rowCount(p, view.rows);
    assert.ok(before > 0);
    for (const [mode, message] of MODES) {
      await faultOn(p, mode);
      await p.click('[data-testid=refresh-status] button');
      const notice = p.locator('[data-testid=error-notice]').first();
      await notice.waitFor({ timeout: 60_000 });
      const text = await notice.innerText();
      assert.match(text, message, `${view.name}, ${mode}`);
      assert.doesNotMatch(text, /undefined|null|panic|RuntimeError|\{|<html/i, `${view.name}, ${mode}: a sentence, not a dump`);
      assert.equal(await rowCount(p, view.rows), before, `${view.name}, ${mode}: the rows shown before stay`);
      await faultOff(p, mode);
      const retry = notice.locator('button');
      if (await retry.count()) await retry.first().click();
      else await p.click('[data-testid=refresh-status] button');
      await p.waitForFunction(() => !document.querySelector('[data-testid=error-notice]'), null, { timeout: 60_000 })
        .catch(async () => assert.fail(`${view.name}, ${mode}: still ${await p.locator('[data-testid=error-notice]').allInnerTexts()}`));
      assert.equal(await rowCount(p, view.rows), before, `${view.name}, ${mode}: recovered`);
    }
  });
}

test('sign-in: every fault gives a clear message, keeps what was typed, and signing in works once it ends', { timeout: 240_000 }, async () => {
  for (const [mode, message] of MODES) {
    const p = await page();
    await p.goto(`${BASE}/migrations`);
    await p.fill('#instance-url', BASE);
    await p.fill('#token', OWNER);
    await faultOn(p, mode);
    await p.click('button[type=submit]');
    const notice = p.locator('[data-testid=error-notice]');
    await notice.waitFor({ timeout: 60_000 });
    assert.match(await notice.innerText(), message, `sign-in, ${mode}`);
    assert.ok(!(await notice.innerText()).includes(OWNER), 'the token is not in the message');
    assert.equal(await p.inputValue('#instance-url'), BASE, 'the URL typed stays');
    assert.equal(await p.inputValue('#token'), OWNER, 'the token typed stays, to retry');
    await faultOff(p, mode);
    await p.click('button[type=submit]');
    await p.waitForSelector('[data-testid=migrations-table] tbody tr');
    await p.close();
  }
});

test('start form: a create request whose answer is lost is never sent twice, and nothing typed is lost', { timeout: 300_000 }, async () => {
  // 429 has its own countdown-and-resend test in start.test.mjs.
  for (const [mode, message] of MODES.filter(([m]) => m !== '429')) {
    // GitLab allows 6 creations a minute; this test makes 9.
    await sandboxSettings({ reset_rate_limits: true });
    const p = await page();
    await signIn(p, '/migrations/new');
    await connectSource(p);
    await p.waitForFunction(() => document.querySelectorAll('#destination-groups option').length > 1);
    const slug = `tools-${mode}-${Date.now()}`;
    await addRow(p, 'group', 'tools', 'migrated', slug);
    await p.waitForTimeout(800); // the row's free-slug check, before the fault
    tally.modes.add(mode);
    tally.scenarios += 1;
    if (mode === 'gone') {
      await p.context().route('**/api/v4/**', (r) => (r.request().method() === 'POST' ? r.abort('connectionrefused') : r.continue()));
    } else {
      await setFault(mode, true);
    }
    await p.click('[data-testid=start-migration]');
    const error = p.locator('[data-testid=submit-error]');
    await error.waitFor({ timeout: 60_000 });
    assert.match(await error.innerText(), message, `start, ${mode}`);
    assert.match(await error.innerText(), /no record of it yet/, `start, ${mode}: says it looked, and that a retry is safe`);
    assert.equal(await p.locator('[data-field=slug]').inputValue(), slug, 'the row is kept');
    if (mode === 'slow') await p.waitForTimeout(3000); // the sandbox creates it after the console gave up
    await faultOff(p, mode);
    await p.click('[data-testid=start-migration]');
    await p.waitForURL(/\/migrations\/\d+$/, { timeout: 60_000 });
    const entities = await (await fetch(`${BASE}/api/v4/bulk_imports/entities?per_page=100`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
    const started = entities.filter((e) => e.destination_slug === slug);
    assert.equal(started.length, 1, `start, ${mode}: started exactly once`);
    const posts = p.apiRequests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v4/bulk_imports')).length;
    assert.equal(posts, mode === 'slow' ? 1 : 2, `start, ${mode}: the retry ${mode === 'slow' ? 'found the late creation instead of sending' : 'sent once more'}`);
    await p.close();
  }
});
