// Plan a campaign (issue #18) in headless Chromium against the release build served by the sandbox (--speed 0:
// nothing moves unless the test advances the clock): an inventory of a scaled source (2,000 projects) read with
// at most 6 requests in flight, a plan of 3 waves that keeps groups whole, the first wave started through the
// start form's queue and followed on the board to its end, the plan kept over a reload, export and import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, OWNER, SOURCE, SOURCE_TOKEN, browserSuite, sandboxSettings, signIn } from './lib.mjs';

const { page } = browserSuite();
const post = (path) => fetch(`${BASE}/-/sandbox/${path}`, { method: 'POST' });
const shots = process.env.SCREENSHOTS_DIR;
/// The first test's page: the second goes on with its plan (browser storage belongs to the page's context).
let p;

/// Records how many requests to the source are in flight at most.
function trackSourceConcurrency(p) {
  const state = { now: 0, max: 0, total: 0 };
  const done = (r) => { if (r.url().startsWith(SOURCE)) state.now -= 1; };
  p.on('request', (r) => { if (r.url().startsWith(SOURCE) && r.method() === 'GET') { state.now += 1; state.total += 1; state.max = Math.max(state.max, state.now); } });
  p.on('requestfinished', (r) => { if (r.method() === 'GET') done(r); });
  p.on('requestfailed', (r) => { if (r.method() === 'GET') done(r); });
  return state;
}

test('inventory of a scaled source, three waves, the first started and followed to its end, kept over a reload', async () => {
  assert.equal((await post('scale-source?projects=2000')).status, 200);
  p = await page();
  const flight = trackSourceConcurrency(p);
  await signIn(p, '/campaign');
  await p.waitForSelector('[data-testid=campaign-inventory]');

  // The source connection the other pages use: URL and token, in memory only.
  await p.fill('#again-source-url', SOURCE);
  await p.fill('#again-source-token', SOURCE_TOKEN);
  await p.click('[data-testid=connect-source] button[type=submit]');
  await p.waitForSelector('[data-testid=source-connected]');
  await p.click('[data-testid=campaign-load]');
  await p.waitForSelector('[data-testid=campaign-catalog]');
  assert.match(await p.textContent('[data-testid=campaign-catalog]'), /60 groups and 2011 projects/);

  // Select by filter: nine groups bring their 360 projects.
  await p.fill('[data-testid=campaign-filter]', 'fleet-0');
  await p.click('[data-testid=campaign-select-matching]');
  await p.waitForFunction(() => /9 groups, 360 projects/.test(document.querySelector('[data-testid=campaign-selected]').textContent));

  // Counts: 720 requests, never more than 6 at once; progress reaches the end.
  flight.max = 0;
  const started = Date.now();
  await p.click('[data-testid=campaign-read]');
  await p.waitForFunction(() => /360 of 360/.test(document.querySelector('[data-testid=campaign-read-status]').textContent), null, { timeout: 30_000 });
  const readMs = Date.now() - started;
  assert.ok(flight.max <= 6, `at most 6 source requests in flight, saw ${flight.max}`);
  assert.ok(flight.max >= 2, `reads run side by side (${flight.max})`);
  console.log(`counts of 360 projects: ${readMs} ms, ${flight.total} source requests, at most ${flight.max} in flight`);
  assert.match(await p.textContent('[data-testid=campaign-read-status]'), /\(0 unreadable\)/);

  // Flags say what and why: every 25th scaled project is archived, every 100th has a very large repository.
  const flags = await p.$$eval('[data-testid=campaign-flags] li', (li) => li.map((l) => [l.dataset.flag, Number(l.dataset.count), l.textContent]));
  const archived = flags.find(([f]) => f === 'Archived');
  assert.equal(archived[1], 14, 'archived projects among 360');
  assert.match(archived[2], /check they are still needed/);
  assert.ok(flags.find(([f]) => f === 'HugeRepository')[1] >= 3);

  // Waves of at most 120 projects: three, each three whole groups; an edited assumption re-plans at once.
  // The number and its unit each have their own name (a screen reader says which is which).
  assert.equal(await p.getByLabel('Target per wave', { exact: true }).getAttribute('data-testid'), 'campaign-target');
  assert.equal(await p.getByLabel('Unit of the target per wave').getAttribute('data-testid'), 'campaign-target-kind');
  await p.fill('[data-testid=campaign-target]', '120');
  await p.waitForFunction(() => document.querySelectorAll('[data-testid=campaign-wave]').length === 3);
  const waves = await p.$$eval('[data-testid=campaign-wave]', (rows) => rows.map((r) => r.innerText.replace(/\s+/g, ' ')));
  for (const w of waves) assert.match(w, /3 groups, 0 projects 120/, w);
  const total = await p.textContent('[data-testid=campaign-total]');
  await p.fill('[data-testid=assume-speed_factor]', '2');
  await p.press('[data-testid=assume-speed_factor]', 'Tab');
  await p.waitForFunction((t) => document.querySelector('[data-testid=campaign-total]').textContent !== t, total);

  // Start the first wave through the start form's queue: one request (three groups bring their projects).
  await p.selectOption('[data-testid=campaign-namespace]', 'migrated');
  const creates = [];
  p.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v4/bulk_imports')) creates.push(r.postDataJSON()); });
  // A destination path that is taken stops the wave before anything is sent (here the destination says
  // migrated/fleet-02 exists); with it free again, the wave starts.
  await p.route('**/api/v4/namespaces/fleet-02/exists*', (route) => route.fulfill({ json: { exists: true, suggests: ['fleet-022'] } }));
  await p.click('[data-testid=campaign-start-wave]');
  await p.waitForFunction(() => /already taken/.test(document.querySelector('[data-testid=campaign-start-status]').textContent));
  assert.match(await p.textContent('[data-testid=campaign-start-status]'), /The destination path migrated\/fleet-02 is already taken\. Nothing was sent/);
  assert.equal(creates.length, 0, 'no migration is created while a path is taken');
  if (shots) { mkdirSync(shots, { recursive: true }); await p.locator('[data-testid=campaign-board]').screenshot({ path: `${shots}/campaign-taken.png` }); }
  await p.unroute('**/api/v4/namespaces/fleet-02/exists*');
  // GitLab refuses the create with a 429: the board says it is GitLab's wait (as the start form does) and the
  // wave goes when the user sends it now.
  await sandboxSettings({ rate_limit_per_minute: 0 });
  try {
    await p.click('[data-testid=campaign-start-wave]');
    const wait = await (await p.waitForSelector('[data-testid=campaign-start-status] [data-testid=rate-wait]')).textContent();
    assert.match(wait, /429/);
    if (shots) { mkdirSync(shots, { recursive: true }); await p.locator('[data-testid=campaign-board]').screenshot({ path: `${shots}/campaign-429.png` }); }
  } finally {
    await sandboxSettings({ rate_limit_per_minute: 6, reset_rate_limits: true });
  }
  await p.click('[data-testid=campaign-start-status] [data-testid=send-now]');
  await p.waitForSelector('[data-testid=campaign-board-wave]');
  // The wave is on the board (recorded) before its create is sent (#27): wait for the create itself.
  for (let i = 0; i < 100 && creates.length < 2; i++) await p.waitForTimeout(100);
  assert.equal(creates.length, 2, 'the refused create, then the accepted one');
  creates.shift();
  assert.deepEqual(creates[0].entities.map((e) => e.source_full_path), ['fleet-01', 'fleet-02', 'fleet-03']);
  assert.ok(creates[0].entities.every((e) => e.destination_namespace === 'migrated' && e.migrate_projects));
  await p.waitForFunction(() => document.querySelectorAll('[data-testid=campaign-wave]').length === 2, null, { timeout: 5000 });
  assert.match(await p.textContent('[data-testid=campaign-start-wave]'), /Start wave 2/);

  // The board follows it to its end.
  for (let i = 0; i < 12; i += 1) {
    await post('advance?seconds=1800');
    await p.click('[data-testid=campaign-board-refresh]');
    const finished = await p.waitForFunction(
      () => document.querySelector('[data-testid=campaign-board-wave]')?.dataset.finished === 'true', null, { timeout: 1500 },
    ).then(() => true, () => false);
    if (finished) break;
  }
  const wave = await p.textContent('[data-testid=campaign-board-wave]');
  assert.match(wave, /123 of 123 done, 0 running, 0 failed, 0 pending/, wave);
  assert.match(wave, /finished/);
  // Elapsed by GitLab's clock (the sandbox's time moved by hours; the browser's by seconds).
  assert.match(wave, /\d+ (h|min)( \d+ min)? elapsed/, wave);
  const link = await p.getAttribute('[data-testid=campaign-board-wave] a', 'href');
  assert.match(link, /\/migrations\/\d+$/);
  if (shots) { mkdirSync(shots, { recursive: true }); await p.screenshot({ path: `${shots}/campaign.png`, fullPage: true }); }

  // A reload keeps the plan (browser storage, no token in it): the started wave and the two still to go.
  const stored = await p.evaluate(() => localStorage.getItem('campaign-plan'));
  assert.ok(!stored.includes(SOURCE_TOKEN) && !stored.includes(OWNER) && !/token/i.test(stored), 'no token stored');
  await p.reload();
  await p.fill('#token', OWNER);
  await p.click('button[type=submit]');
  await p.waitForSelector('[data-testid=campaign-board-wave]');
  assert.equal(await p.locator('[data-testid=campaign-wave]').count(), 2);
});

test('the plan exports as JSON and CSV without tokens, and a bad file is refused with the reason', async () => {
  await p.waitForSelector('[data-testid=campaign-wave]');
  const [json] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=campaign-export-json]')]);
  const text = await (await json.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  const plan = JSON.parse(text);
  assert.equal(plan.items.length, 369);
  assert.equal(plan.started.length, 1);
  assert.ok(!/token/i.test(text));
  const [csv] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=campaign-export-csv]')]);
  const csvText = await (await csv.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  assert.match(csvText.split('\n')[0], /^wave,kind,path,repository_size,wiki_size,issues,merge_requests,archived,personal/);
  assert.equal(csvText.trim().split('\n').length, 1 + 246, 'the items not started yet');

  const bad = { name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"items":[],"source":{"access_token":"glpat-x"}}') };
  await p.setInputFiles('[data-testid=campaign-import]', bad);
  await p.waitForSelector('[data-testid=campaign-import-note] .notice-error');
  assert.match(await p.textContent('[data-testid=campaign-import-note]'), /holds a token/);
  const badCsv = { name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from('kind,path,issues\nproject,a/b,many\n') };
  await p.setInputFiles('[data-testid=campaign-import]', badCsv);
  await p.waitForFunction(() => /Row 1: the value in "issues" is not valid/.test(document.querySelector('[data-testid=campaign-import-note]').textContent));
  assert.equal(await p.locator('[data-testid=campaign-board-wave]').count(), 1, 'a refused file changes nothing');

  // The exported JSON imports back as it was.
  await p.setInputFiles('[data-testid=campaign-import]', { name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await p.waitForFunction(() => /Plan imported: 369/.test(document.querySelector('[data-testid=campaign-import-note]').textContent));
});
