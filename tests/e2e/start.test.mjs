// Starting migrations (issue #5), in headless Chromium against the release build served by the sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, SOURCE, SOURCE_TOKEN, READONLY, reloadAndSignIn, browserSuite, sandboxSettings, signIn, connectSource, addRow, createMigration } from './lib.mjs';

const { page } = browserSuite();
const settings = sandboxSettings;

async function storageText(p) {
  return p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
}

test('the source browser adds rows with proposed slugs; the draft survives a reload, the source token does not', async () => {
  const p = await page();
  await signIn(p, '/migrations/new');
  assert.deepEqual(await p.$$eval('.nav [aria-current=page]', (as) => as.map((a) => a.textContent)), ['New migration'], 'one nav entry is current');
  await connectSource(p);
  assert.equal(await p.inputValue('#source-token').catch(() => ''), '', 'the token is not shown again');
  await p.waitForSelector('[data-testid=source-items] li');
  const items = await p.$$eval('[data-testid=source-items] li', (lis) => lis.map((l) => l.innerText));
  assert.ok(items.some((t) => t.includes('acme/platform')), 'subgroups are listed too');
  // The tabs are one Tab stop; the arrow keys move between them and show the other list.
  assert.deepEqual(await p.$$eval('[role=tab]', (ts) => ts.map((t) => t.tabIndex)), [0, -1]);
  await p.focus('#source-tab-groups');
  await p.keyboard.press('ArrowRight');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'source-tab-projects');
  assert.equal(await p.getAttribute('#source-tabpanel', 'aria-labelledby'), 'source-tab-projects');
  await p.waitForSelector('[data-testid=source-items] li:has-text("acme/platform/api")');
  await p.keyboard.press('Home');
  assert.equal(await p.getAttribute('#source-tab-groups', 'aria-selected'), 'true');
  // The groups' list, not the projects' one still on screen ("legacy/monolith" is a project): a check on the
  // projects' row as the groups arrive ticked another row.
  await p.waitForSelector('[data-testid=source-items] li:has-text("acme/platform/api")', { state: 'detached' });
  const legacy = '[data-testid=source-items] li:has-text("legacy"):not(:has-text("legacy/"))';
  await p.waitForSelector(legacy);
  await p.check(`${legacy} input`);
  await p.check('[data-testid=source-items] li:has-text("acme/web") input');
  await p.click('[data-testid=add-selected]');
  await p.waitForFunction(() => document.querySelectorAll('[data-testid=rows] > li').length === 2);
  const slugs = await p.$$eval('[data-testid=rows] [data-field=slug]', (is) => is.map((i) => i.value).sort());
  assert.deepEqual(slugs, ['legacy', 'web']);

  assert.ok(!(await storageText(p)).includes(SOURCE_TOKEN), 'the source token is in no storage');
  await reloadAndSignIn(p);
  await p.waitForSelector('[data-testid=rows] > li');
  assert.equal(await p.locator('[data-testid=rows] > li').count(), 2, 'rows survive a reload');
  assert.equal(await p.$('[data-testid=source-connected]'), null, 'the source must be connected again: its token was never kept');
  assert.equal(await p.inputValue('#source-url'), SOURCE, 'the source URL is kept (it is not a secret)');
  assert.ok(!(await storageText(p)).includes(SOURCE_TOKEN));
});

test('a read_api token is told at once that GitLab will refuse to start a migration with it', async () => {
  const p = await page();
  await signIn(p, '/migrations/new', READONLY);
  await p.waitForSelector('[data-testid=read-only-token]');
  assert.match(await p.textContent('[data-testid=read-only-token]'), /no api scope/);
  const owner = await page();
  await signIn(owner, '/migrations/new');
  await owner.waitForSelector('#source-url');
  await owner.waitForTimeout(500);
  assert.equal(await owner.$('[data-testid=read-only-token]'), null, 'an api token is not warned');
});

test('GitLab\'s validation messages appear on their rows before anything is sent', async () => {
  const p = await page();
  await signIn(p, '/migrations/new');
  await p.click('[data-testid=add-group-row]');
  const bad = await addRow(p, 'group', 'https://evil.example/acme', 'migrated', '-bad-');
  const project = await addRow(p, 'project', 'acme/platform/api', '', 'api');
  const dupA = await addRow(p, 'group', 'acme', 'migrated', 'same');
  const dupB = await addRow(p, 'group', 'legacy', 'migrated', 'SAME');
  const first = p.locator('[data-testid=rows] > li').first();
  assert.match(await first.innerText(), /source_full_path is missing/);
  assert.match(await bad.innerText(), /must be a relative path and not include protocol, sub-domain, or domain information/);
  assert.match(await bad.innerText(), /can only include non-accented letters, digits, '_', '-' and '\.'/);
  assert.match(await project.innerText(), /Destination '' is invalid, or you don't have permission/);
  assert.doesNotMatch(await dupA.innerText(), /Another row already uses this destination/);
  assert.match(await dupB.innerText(), /Another row already uses this destination/);

  const posts = () => p.apiRequests.filter((r) => r.method === 'POST').length;
  await p.click('[data-testid=start-migration]');
  await p.waitForSelector('[data-testid=submit-error]');
  assert.equal(posts(), 0, 'nothing is sent while a row is invalid');
  await p.click('[data-testid=run-checks]');
  await p.waitForSelector('[data-testid=checks] .check-fail');
  assert.match(await p.textContent('[data-testid=checks] .check-fail'), /Every row is filled in as GitLab requires.*Correct the fields marked in red/s);
  assert.equal(posts(), 0);
  // Said in a live region, and each field names the sentence that says what is wrong with it.
  assert.match(await p.textContent('[role=status][data-testid=checks-summary]'), /Checks done: \d+ passed, \d+ cannot tell, [1-9]\d* failed\./);
  const slug = bad.locator('[data-field=slug]');
  const described = await slug.getAttribute('aria-describedby');
  const said = await p.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), described);
  assert.match(said, /can only include non-accented letters/);
  // Editing the form after the checks says that their results may no longer hold.
  assert.equal(await p.$('[data-testid=checks-stale]'), null);
  await slug.fill('good-slug');
  await slug.dispatchEvent('change');
  await p.waitForSelector('[data-testid=checks-stale]');
});

test('a taken destination is flagged with a free proposal', async () => {
  const p = await page();
  await signIn(p, '/migrations/new');
  await p.waitForFunction(() => document.querySelectorAll('#destination-groups option').length > 1);
  const row = await addRow(p, 'project', 'legacy/monolith', 'migrated', 'existing-project');
  await row.locator('[data-testid=taken]').waitFor();
  await row.locator('[data-testid=taken] button').click();
  assert.equal(await row.locator('[data-field=slug]').inputValue(), 'existing-project1');
  await row.locator('text=Free on the destination').waitFor();
});

test('a source already in a recent migration says so on its row with a link, and may still be imported (#14)', async () => {
  // Another tab (or a create whose answer was lost) started this one: the form must not invite a duplicate unawares.
  const n = Date.now();
  const created = await createMigration('legacy', 'migrated', `legacy-${n}`);
  const p = await page();
  await signIn(p, '/migrations/new');
  await connectSource(p);
  await p.waitForFunction(() => document.querySelectorAll('#destination-groups option').length > 1);
  // Same source path; its destination `migrated/acme` exists already, so the collision is flagged too.
  const again = await addRow(p, 'group', 'legacy', 'migrated', 'acme');
  const fresh = await addRow(p, 'group', `never-migrated-${n}`, 'migrated', `fresh-${n}`);
  const notice = again.locator('[data-testid=recent-migration]');
  await notice.waitFor();
  assert.equal((await notice.innerText()).trim(), `This source is already being migrated in #${created.id}. You can still import it again.`);
  const link = notice.locator('a');
  assert.equal(await link.innerText(), `#${created.id}`);
  assert.match(await link.getAttribute('href'), new RegExp(`/migrations/${created.id}$`));
  await again.locator('[data-testid=taken]').waitFor();
  const noticeFirst = await again.evaluate((li) => {
    const [recent, taken] = ['recent-migration', 'taken'].map((t) => li.querySelector(`[data-testid=${t}]`));
    return Boolean(recent.compareDocumentPosition(taken) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(noticeFirst, 'the recent migration is said before "already exists… use X"');
  await fresh.locator('text=Free on the destination').waitFor();
  assert.equal(await fresh.locator('[data-testid=recent-migration]').count(), 0, 'a source never migrated has no notice');
  assert.equal(await p.locator('[data-testid=recent-migration]').count(), 1);
  assert.equal(await p.isDisabled('[data-testid=start-migration]'), false, 'the row does not block starting');
  await link.click();
  await p.waitForURL(new RegExp(`/migrations/${created.id}$`));
  await p.waitForSelector('[data-testid=migration-summary]');
});

test('a group and a project start as two migrations (one per type), shown in the list', async () => {
  const p = await page();
  await signIn(p, '/migrations/new');
  await connectSource(p);
  await p.waitForFunction(() => document.querySelectorAll('#destination-groups option').length > 1);
  const n = Date.now();
  await addRow(p, 'group', 'design', 'migrated', `design-${n}`);
  await addRow(p, 'project', 'design/icons', 'migrated', `icons-${n}`);
  await p.click('[data-testid=run-checks]');
  await p.waitForSelector('[data-testid=checks] li');
  await p.waitForFunction(() => !document.querySelector('[data-testid=checks] .check-fail'), null, { timeout: 10_000 }).catch(async () => {
    throw new Error(await p.textContent('[data-testid=checks]'));
  });
  await p.click('[data-testid=start-migration]');
  await p.waitForURL(/\/migrations$/);
  const posts = p.apiRequests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v4/bulk_imports'));
  assert.equal(posts.length, 2, 'groups and projects go in separate requests');
  await p.waitForSelector('[data-testid=migrations-table] tbody tr');
  const res = await fetch(`${BASE}/api/v4/bulk_imports/entities?per_page=100`, { headers: { 'PRIVATE-TOKEN': 'sandbox-owner-token' } });
  const entities = await res.json();
  const mine = entities.filter((e) => e.destination_slug === `design-${n}` || e.destination_slug === `icons-${n}`);
  assert.equal(mine.length, 2);
  assert.notEqual(mine[0].bulk_import_id, mine[1].bulk_import_id);
  const rows = await p.$$eval('[data-testid=migrations-table] tbody tr', (rs) => rs.map((r) => r.innerText.split('\t')[0].trim()));
  for (const e of mine) assert.ok(rows.includes(`#${e.bulk_import_id}`), `#${e.bulk_import_id} listed in ${rows}`);
  // The draft is cleared after success.
  await signIn(p, '/migrations/new');
  await p.waitForSelector('[data-testid=no-rows]');
});

test('a double click starts one migration and opens it', async () => {
  const p = await page();
  await signIn(p, '/migrations/new');
  await connectSource(p);
  await p.waitForFunction(() => document.querySelectorAll('#destination-groups option').length > 1);
  await addRow(p, 'group', 'tools', 'migrated', `tools-${Date.now()}`);
  await p.dblclick('[data-testid=start-migration]');
  await p.waitForURL(/\/migrations\/\d+$/);
  const posts = p.apiRequests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v4/bulk_imports'));
  assert.equal(posts.length, 1);
  await p.waitForSelector('[data-testid=migration-summary]');
});

test('a 429 says so, counts down, and sends again when allowed', async () => {
  await settings({ rate_limit_per_minute: 0 });
  try {
    const p = await page();
    await signIn(p, '/migrations/new');
    await connectSource(p);
    await p.waitForFunction(() => document.querySelectorAll('#destination-groups option').length > 1);
    await addRow(p, 'group', 'data', 'migrated', `data-${Date.now()}`);
    await p.click('[data-testid=start-migration]');
    const wait = await (await p.waitForSelector('[data-testid=rate-wait]')).textContent();
    assert.match(wait, /429/);
    assert.match(wait, /in (5\d|60) s/);
    await settings({ rate_limit_per_minute: 6, reset_rate_limits: true });
    await p.click('[data-testid=send-now]');
    await p.waitForURL(/\/migrations\/\d+$/);
    const posts = p.apiRequests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v4/bulk_imports'));
    assert.equal(posts.length, 2, 'the refused request, then the accepted one');
  } finally {
    await settings({ rate_limit_per_minute: 6, reset_rate_limits: true });
  }
});
