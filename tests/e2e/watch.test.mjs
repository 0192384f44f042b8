// Watch views (issue #4), driven in headless Chromium against the release build served by the sandbox
// (--speed 0: nothing moves unless a test advances the clock). Tests run in order; the last one ends everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, SOURCE, reloadAndSignIn, READONLY, browserSuite, sandboxSettings, signIn, createMigration, rowsText } from './lib.mjs';

const { page } = browserSuite();

test('the migrations list shows the sandbox history, newest first, without other users\' migrations', async () => {
  const p = await page();
  await signIn(p, '/migrations');
  await p.waitForSelector('[data-testid=migrations-table] tbody tr');
  const rows = await rowsText(p, '[data-testid=migrations-table]');
  assert.match(rows[0], /^#7 .*Importing/);
  assert.ok(rows.some((r) => /^#1 .*Partially completed/.test(r)), rows.join('\n'));
  assert.ok(rows.some((r) => /^#3 .*Failed/.test(r)));
  assert.ok(rows.some((r) => /^#4 .*Timeout/.test(r)));
  assert.ok(rows.some((r) => /^#5 .*Canceled/.test(r)));
  assert.ok(!rows.some((r) => r.startsWith('#6 ')), 'migration 6 belongs to another user');
  assert.match(await p.textContent('[data-testid=pager-range]'), /1–7 of 7/);
  // The entity count of migration 1 (acme with its subgroups and projects) arrives after the table.
  await p.waitForFunction(() => document.querySelector('[data-testid=migration-1]')?.innerText.includes('\t7\t'));
  // Each row says where the migration goes (its first group or project), not only which instance it reads.
  await p.waitForFunction(() => /acme → \S+ and 6 more/.test(document.querySelector('[data-testid=migration-1]')?.innerText ?? ''))
    .catch(async () => assert.fail(await p.textContent('[data-testid=migration-1]')));
});

test('a status filter changes the URL and the rows, and a reload keeps the view', async () => {
  const p = await page();
  await signIn(p, '/migrations');
  await p.waitForSelector('[data-testid=migrations-table] tbody tr');
  await p.selectOption('[data-testid=status-filter]', 'partial');
  await p.waitForURL(/status=partial/);
  await p.waitForFunction(() => document.querySelectorAll('[data-testid=migrations-table] tbody tr').length === 2);
  let rows = await rowsText(p, '[data-testid=migrations-table]');
  assert.ok(rows.every((r) => r.includes('Partially completed')), rows.join('\n'));
  await p.selectOption('[data-testid=sort]', 'asc');
  await p.waitForURL(/sort=asc/);
  await p.waitForFunction(() => document.querySelector('[data-testid=migrations-table] tbody tr')?.innerText.startsWith('#1'));

  await reloadAndSignIn(p);
  await p.waitForSelector('[data-testid=migrations-table] tbody tr');
  rows = await rowsText(p, '[data-testid=migrations-table]');
  assert.deepEqual(rows.map((r) => r.split(' ')[0]), ['#1', '#2']);
  assert.equal(await p.inputValue('[data-testid=status-filter]'), 'partial');
  assert.equal(await p.inputValue('[data-testid=sort]'), 'asc');

  // A link pasted into another tab shows the same view.
  const other = await page();
  await signIn(other, '/migrations?status=failed');
  await other.waitForSelector('[data-testid=migrations-table] tbody tr');
  assert.deepEqual((await rowsText(other, '[data-testid=migrations-table]')).map((r) => r.split(' ')[0]), ['#3']);
});

test('a migration shows its overview and its entity tree, filterable by type and text in the URL', async () => {
  const p = await page();
  await signIn(p, '/migrations/1');
  await p.waitForSelector('[data-testid=entities-table] tbody tr');
  assert.deepEqual(await p.$$eval('.nav [aria-current=page]', (as) => as.map((a) => a.textContent)), ['Migrations'], 'a migration sits under Migrations');
  const overview = await p.textContent('[data-testid=overview]');
  assert.match(overview, /Complete\s*6/);
  assert.match(overview, /Partially completed\s*1/);
  assert.match(overview, /3 groups, 4 projects/);
  assert.match(await p.textContent('[data-testid=relation-totals]'), /merge requests\s*192\s*192\s*189\s*3/);
  let rows = await rowsText(p, '[data-testid=entities-table]');
  assert.equal(rows.length, 7);
  assert.match(rows[0], /Group acme/);
  assert.match(rows[1], /Group └ acme\/platform/, 'children sit under their parent');
  assert.match(rows.find((r) => r.includes('acme/platform/worker')), /Partially completed .*95% 3/);

  await p.selectOption('[data-testid=entity-type-filter]', 'project');
  await p.fill('[data-testid=entity-text-filter]', 'platform');
  await p.waitForURL(/type=project.*q=platform/);
  await p.waitForFunction(() => document.querySelectorAll('[data-testid=entities-table] tbody tr').length === 2);
  rows = await rowsText(p, '[data-testid=entities-table]');
  assert.ok(rows.every((r) => r.includes('Project') && r.includes('platform')), rows.join('\n'));
  await reloadAndSignIn(p);
  await p.waitForSelector('[data-testid=entities-table] tbody tr');
  assert.equal((await rowsText(p, '[data-testid=entities-table]')).length, 2);
  assert.equal(await p.inputValue('[data-testid=entity-text-filter]'), 'platform');

  // Source paths link to the source instance, destinations to this one; both only over http(s).
  const hrefs = await p.$$eval('[data-testid=entities-table] a[target=_blank]', (as) => as.map((a) => a.href));
  assert.ok(hrefs.length >= 2 && hrefs.every((h) => h.startsWith('http://127.0.0.1:')), hrefs.join(' '));
});

test('all entities across migrations, with the failed ones one filter away', async () => {
  const p = await page();
  await signIn(p, '/entities?status=failed');
  await p.waitForSelector('[data-testid=entities-table] tbody tr');
  const rows = await rowsText(p, '[data-testid=entities-table]');
  assert.ok(rows.length >= 1 && rows.every((r) => r.includes('Failed')), rows.join('\n'));
  assert.ok(rows.some((r) => r.includes('broken-group') && r.includes('#3')), rows.join('\n'));
  await p.selectOption('[data-testid=entity-status-filter]', '');
  await p.waitForFunction(() => document.querySelectorAll('[data-testid=entities-table] tbody tr').length >= 12);
});

test('where GitLab cannot list all entities at once (500, #591217), they are read migration by migration', async () => {
  const settings = sandboxSettings;
  const all = await (await fetch(`${BASE}/api/v4/bulk_imports/entities?per_page=100`, { headers: { 'PRIVATE-TOKEN': 'sandbox-owner-token' } })).json();
  await settings({ all_entities_broken: true });
  try {
    const p = await page();
    await p.context().addInitScript(() => localStorage.setItem('gmc-page-size', '100'));
    await signIn(p, '/entities');
    await p.waitForSelector('[data-testid=per-migration]');
    await p.waitForFunction((n) => document.querySelectorAll('[data-testid=entities-table] tbody tr').length === n, all.length);
    assert.equal(await p.$('[data-testid=error-notice]'), null, 'the 500 is handled, not shown as a failure');
    const rows = await rowsText(p, '[data-testid=entities-table]');
    assert.ok(rows.some((r) => r.includes('broken-group')) && rows.some((r) => r.includes('acme/platform/worker')), rows.join('\n'));
  } finally {
    await settings({ all_entities_broken: false });
  }
});

test('"Anything that went wrong" lists failed, timed-out and partially completed entities of every migration', async () => {
  const p = await page();
  await signIn(p, '/entities');
  await p.waitForSelector('[data-testid=entities-table] tbody tr');
  await p.selectOption('[data-testid=entity-status-filter]', 'troubled');
  await p.waitForURL(/failures=1/);
  const rows = await rowsText(p, '[data-testid=entities-table]');
  assert.ok(rows.length >= 3, rows.join('\n'));
  for (const r of rows) assert.match(r, /Failed|Timeout|Partially completed/, r);
  assert.ok(rows.some((r) => /Failed/.test(r)) && rows.some((r) => /Timeout/.test(r)) && rows.some((r) => /Partially completed/.test(r)), rows.join('\n'));
});

test('a running migration says "1 group", and what is not imported yet is "to go", not "missing"', async () => {
  const p = await page();
  await signIn(p, '/migrations/7');
  await p.waitForSelector('[data-testid=relation-totals]');
  const overview = await p.textContent('[data-testid=overview]');
  assert.match(overview, /1 group, 0 projects/, overview);
  assert.match(overview, /0 of 1 group or project ended/, overview);
  const totals = await p.textContent('[data-testid=relation-totals]');
  assert.match(totals, /To go/, totals);
  assert.doesNotMatch(totals, /Missing/, totals);
  await p.click('[data-testid=entities-table] a.entity-link');
  await p.waitForSelector('[data-testid=stats-chart]');
  const chart = await p.textContent('[data-testid=stats-chart]');
  assert.doesNotMatch(chart, /missing/, chart);
  assert.equal(await p.$$eval('.gap-tag:not(.gap-to-go)', (t) => t.length), 0, 'no gap in warning colour while importing');
});

test('an entity shows its stats chart, grouped failures, and exports every failure of every page', async () => {
  const p = await page();
  await signIn(p, '/migrations/2');
  await p.click('[data-testid=entities-table] a.entity-link');
  await p.waitForURL(/\/migrations\/2\/entities\/\d+/);
  await p.waitForSelector('[data-testid=stats-chart]');
  assert.match(await p.textContent('[data-testid=stats-chart]'), /merge requests.*45 missing/s);
  await p.click('text=Show as table');
  assert.match(await p.textContent('[data-testid=stats-table]'), /merge requests\s*1500\s*1500\s*1455\s*45/);

  await p.waitForSelector('[data-testid=failures-table] tbody tr');
  assert.match(await p.textContent('[data-testid=failure-count]'), /45/);
  assert.match(await p.textContent('[data-testid=failure-groups]'), /merge requests/);
  assert.match(await p.textContent('.failures-table ~ .pager, [data-testid=failures-table]'), /./);
  assert.match(await p.$$eval('[data-testid=pager-range]', (els) => els.map((e) => e.textContent).join(' ')), /1–20 of 45/);

  const [download] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=export-csv]')]);
  assert.match(download.suggestedFilename(), /^failures-legacy-monolith-\d+\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  // Current GitLab sends no date, step or pipeline: the export has no column for them.
  assert.equal(lines[0], 'entity,relation,source_title,source_url,exception_class,exception_message,correlation_id');
  assert.equal(lines.length, 1 + 45, 'a header and all 45 failures, though the server pages them by 20 in the UI and 100 per request');
  const [jsonDownload] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=export-json]')]);
  const json = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
  assert.equal(json.failures.length, 45);
  // Failure links open the item on the source instance the sandbox serves, like GitLab's.
  assert.ok(json.failures.every((f) => f.source_url.startsWith('http://127.0.0.1:') && f.source_url.includes('/-/merge_requests/')),
    json.failures[0].source_url);
  assert.ok(!csv.includes('sandbox-owner-token') && !JSON.stringify(json).includes('sandbox-owner-token'), 'no token in exports');

  // The text filter narrows the table and lives in the URL.
  const firstTitle = json.failures[7].source_title;
  await p.fill('[data-testid=failure-filter]', firstTitle);
  await p.waitForURL(/q=/);
  await p.waitForFunction((t) => [...document.querySelectorAll('[data-testid=failures-table] tbody tr')].every((r) => r.innerText.includes(t)), firstTitle);
  // ...and what is shown can be exported alone.
  const shownRows = await p.locator('[data-testid=failures-table] tbody tr').count();
  assert.match(await p.textContent('[data-testid=export-matching]'), new RegExp(`Export the ${shownRows} matching`));
  const [matching] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=export-matching-csv]')]);
  const matchingLines = (await readFile(await matching.path(), 'utf8')).trim().split('\r\n');
  assert.equal(matchingLines.length, 1 + shownRows);
  assert.ok(matchingLines.slice(1).every((l) => l.includes(firstTitle)), matchingLines.join('\n'));
});

/// The failures table as a user reads it: its headers, and each row's cells.
const failureTable = (p) => p.$eval('[data-testid=failures-table]', (t) => ({
  headers: [...t.tHead.rows[0].cells].map((c) => c.innerText.trim()),
  rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.innerText.trim())),
}));
const emptyColumns = (t) => t.headers.filter((_, i) => t.rows.every((r) => r[i] === '' || r[i] === '—'));

test('a failure from a current server shows no empty column; a 14.1 failure still shows its step and date', async () => {
  const p = await page();
  await signIn(p, '/migrations/2');
  await p.click('[data-testid=entities-table] a.entity-link');
  await p.waitForURL(/\/migrations\/2\/entities\/\d+/);
  const entityId = p.url().match(/entities\/(\d+)/)[1];
  await p.waitForSelector('[data-testid=failures-table] tbody tr');
  const current = await failureTable(p);
  assert.deepEqual(current.headers, ['Relation', 'Title', 'Error', 'Correlation ID'], 'no date or step: GitLab 16.6+ sends none');
  assert.deepEqual(emptyColumns(current), [], 'no column without a value');
  // The title links to the item on the source instance; the message is as GitLab cut it (72 characters).
  const links = await p.$$eval('[data-testid=failure-source-link]', (as) => as.map((a) => [a.href, a.textContent]));
  assert.equal(links.length, current.rows.length, 'every title is a link');
  assert.ok(links.every(([href, text]) => href.startsWith(`${SOURCE}/`) && /^Merge request !\d+/.test(text)), `${links[0]}`);
  const messages = await p.$$eval('[data-testid=failures-table] td.message div', (ds) => ds.map((d) => d.textContent));
  assert.ok(messages.every((m) => [...m].length <= 72), messages.join('\n'));

  // The same entity from a 14.1 server: no /failures, the inline list with the old fields only.
  const v14 = JSON.parse(await readFile(new URL('../fixtures/v14_list_all_entities.json', import.meta.url), 'utf8'));
  const oldFailures = v14.flatMap((e) => e.failures);
  const failuresUrl = (url) => url.pathname.endsWith(`/bulk_imports/2/entities/${entityId}/failures`);
  const entityUrl = (url) => url.pathname.endsWith(`/bulk_imports/2/entities/${entityId}`);
  await p.route(failuresUrl, (r) => r.fulfill({ status: 404, json: { message: '404 Not found' } }));
  await p.route(entityUrl, async (r) => {
    const response = await r.fetch();
    r.fulfill({ response, json: { ...(await response.json()), failures: oldFailures } });
  });
  await reloadAndSignIn(p);
  await p.waitForSelector('[data-testid=failure-step]');
  const old = await failureTable(p);
  assert.deepEqual(old.headers, ['Relation', 'Step', 'Error', 'Correlation ID', 'Date'], 'no title: 14.1 sends none');
  assert.deepEqual(emptyColumns(old), [], 'no column without a value');
  assert.equal(old.rows.length, 1);
  assert.equal(old.rows[0][0], 'group', 'the relation read from the pipeline');
  assert.equal(old.rows[0][1], 'extractor', 'the step that failed');
  assert.match(old.rows[0][4], /2021/, 'the date it failed');
  await p.unroute(failuresUrl);
  await p.unroute(entityUrl);
});

test('cancel asks first, sends one request, and the status turns Canceled', async () => {
  const created = await createMigration('design', 'migrated', `design-cancel-${Date.now()}`);
  const p = await page();
  await signIn(p, `/migrations/${created.id}`);
  await p.waitForSelector('[data-testid=cancel-migration]');
  await p.click('[data-testid=cancel-migration]');
  assert.match(await p.textContent('[role=alertdialog]'), new RegExp(`Cancel migration ${created.id}\\?.*design`, 's'));
  await p.dblclick('[data-testid=confirm-cancel]');
  await p.waitForSelector(`text=Migration ${created.id} was canceled.`);
  await p.waitForFunction(() => document.querySelector('[data-testid=migration-summary]')?.innerText.includes('Canceled'));
  const cancels = p.apiRequests.filter((r) => r.method === 'POST' && r.url.endsWith(`/bulk_imports/${created.id}/cancel`));
  assert.equal(cancels.length, 1, 'one request per confirmation, even on a double click');
  assert.equal(await p.$('[data-testid=cancel-migration]'), null, 'no Cancel on a canceled migration');
});

test('a refused cancel (403) explains who may cancel, and the migration keeps running', async () => {
  const created = await createMigration('design/icons', 'migrated', `icons-403-${Date.now()}`, 'project_entity');
  const p = await page();
  await signIn(p, `/migrations/${created.id}`, READONLY); // the owner's read_api token: GET works, POST is 403
  await p.click('[data-testid=cancel-migration]');
  await p.click('[data-testid=confirm-cancel]');
  const message = await (await p.waitForSelector('[data-testid=cancel-error]')).textContent();
  assert.match(message, /403.*only the user who started the migration or an administrator/);
  assert.match(await p.textContent('[data-testid=migration-summary]'), /Pending|Importing/);
});

test('refresh polls while something runs and stops when nothing is running', async () => {
  const p = await page();
  await signIn(p, '/migrations');
  await p.waitForSelector('[data-testid=migrations-table] tbody tr');
  assert.match(await p.textContent('[data-testid=refresh-mode]'), /Live/);
  const before = p.apiRequests.length;
  await p.waitForTimeout(6_000);
  assert.ok(p.apiRequests.length > before, 'a running migration is polled');

  // End everything (the sandbox clock jumps a day), then the next refresh sees it and polling stops.
  await fetch(`${BASE}/-/sandbox/advance?seconds=86400`, { method: 'POST' });
  await p.waitForFunction(() => document.querySelector('[data-testid=refresh-mode]')?.textContent.includes('Nothing running'), null, { timeout: 15_000 });
  await p.waitForTimeout(1_000);
  const settled = p.apiRequests.length;
  await p.waitForTimeout(12_000);
  assert.equal(p.apiRequests.length, settled, 'no request while nothing runs');
  assert.ok(!(await rowsText(p, '[data-testid=migrations-table]')).some((r) => /Importing|Pending/.test(r)));
});
