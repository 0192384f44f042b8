// Import again and "what is it doing now" (issue #17, parts 1 and 2), in headless Chromium against the release
// build served by the sandbox (--speed 0: nothing moves unless a test advances the clock).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { BASE, OWNER, SOURCE, SOURCE_TOKEN, browserSuite, signIn, createMigration } from './lib.mjs';

const { page } = browserSuite();
const post = (path, body) => fetch(`${BASE}/-/sandbox/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
const axeSource = createRequire(import.meta.url)('axe-core').source;
/// WCAG 2.2 AA violations on the page as it is (axe-core, as the accessibility suite runs it).
async function axeViolations(p) {
  if (!(await p.evaluate(() => typeof window.axe !== 'undefined'))) await p.addScriptTag({ content: axeSource });
  const values = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
  const result = await p.evaluate((v) => window.axe.run(document, { runOnly: { type: 'tag', values: v } }), values);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
const api = async (path) => (await fetch(`${BASE}/api/v4${path}`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();

test('a partially completed entity is imported again to a free path, past a colliding proposal, and both migrations link to each other', async () => {
  // Migration #2 left legacy/monolith partially completed in migrated/monolith. Someone already took monolith-2.
  const taken = await createMigration('legacy/monolith', 'migrated', 'monolith-2', 'project_entity');
  await post('advance?seconds=20');
  const p = await page({ bypassCSP: true }); // axe-core is injected as an inline script
  await signIn(p, '/migrations/2');
  await p.click('[data-testid=import-again]');
  await p.waitForURL(/\/migrations\/2\/again$/);
  await p.waitForSelector('[data-testid=again-moved]');
  const rows = await p.locator('[data-testid=again-row]').count();
  assert.equal(rows, 1, 'exactly the entity that qualifies');
  assert.match(await p.textContent('[data-testid=again-moved]'), /migrated\/monolith-2 already exists: proposing migrated\/monolith-3 instead/);
  assert.equal(await p.inputValue('[data-testid=again-slug]'), 'monolith-3');
  assert.ok(await p.isDisabled('[data-testid=again-start]'), 'no start before the source is connected');
  assert.deepEqual(await axeViolations(p), [], 'the import-again page meets WCAG 2.2 AA');

  // The source is asked for here, prefilled with the migration's source; its token is never stored.
  assert.equal(await p.inputValue('#again-source-url'), SOURCE);
  await p.fill('#again-source-token', 'wrong-token');
  await p.click('[data-testid=connect-source] button[type=submit]');
  await p.waitForSelector('[data-testid=connect-source-error]:not(:empty)');
  await p.fill('#again-source-token', SOURCE_TOKEN);
  await p.click('[data-testid=connect-source] button[type=submit]');
  await p.waitForSelector('[data-testid=source-connected]');
  const stored = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(SOURCE_TOKEN), 'the source token is in no storage');

  await p.click('[data-testid=again-start]');
  await p.waitForSelector('[data-testid=again-created] a');
  const link = await p.textContent('[data-testid=again-created] a');
  const newId = Number(link.replace('#', ''));
  assert.ok(newId > taken.id, `a new migration (${link})`);
  const posts = p.apiRequests.filter((r) => r.method === 'POST' && r.url.endsWith('/bulk_imports'));
  assert.equal(posts.length, 1, 'one request');
  const entities = await api(`/bulk_imports/${newId}/entities`);
  assert.deepEqual(entities.map((e) => [e.source_full_path, e.destination_namespace, e.destination_slug]), [['legacy/monolith', 'migrated', 'monolith-3']]);
  assert.ok(await p.isDisabled('[data-testid=again-start]'), 'never twice');

  await p.click('[data-testid=again-created] a');
  await p.waitForSelector('[data-testid=rerun-again-of]');
  assert.match(await p.textContent('[data-testid=rerun-again-of]'), /Re-import of migration #2\b/);
  await signIn(p, '/migrations/2');
  await p.waitForSelector('[data-testid=rerun-again-in]');
  assert.match(await p.textContent('[data-testid=rerun-again-in]'), new RegExp(`#${newId}\\b`));
  // The migration's report names its re-run too (read once the verification is done).
  await p.click('[data-testid=verify-link] a');
  await p.waitForURL(/\/migrations\/2\/verify$/);
  await p.waitForSelector('[data-testid=verify-progress][data-state=Done]', { timeout: 20_000 });
  await p.waitForTimeout(1_000);
  const [md] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=report-markdown]')]);
  const mdText = await readFile(await md.path(), 'utf8');
  assert.match(mdText, new RegExp(`Imported again in migration #${newId}\\b`), mdText.slice(-400));
});

test('a stuck source export shows the stage, then after 15 quiet minutes a warning that says what is stuck and what to do', async () => {
  await post('faults', { source_export: 'stuck' });
  await post('advance?seconds=2');
  const running = (await api('/bulk_imports?status=started')).find((m) => m.id === 7);
  assert.ok(running, 'the seeded running migration');
  const group = (await api('/bulk_imports/7/entities')).find((e) => e.parent_id === null);
  const p = await page({ bypassCSP: true }); // axe-core is injected as an inline script
  // The browser's notifications, granted and recorded (headless Chromium shows none).
  await p.addInitScript(() => {
    window.__notes = [];
    window.Notification = class {
      constructor(title) { window.__notes.push(title); }
      static get permission() { return 'granted'; }
      static requestPermission() { return Promise.resolve('granted'); }
    };
  });
  await p.clock.install();
  await signIn(p, `/migrations/7/entities/${group.id}`);
  await p.waitForSelector('[data-testid=stage-line]');
  assert.match(await p.textContent('[data-testid=stage-line]'), /Now: importing labels: \d+ of 14 \(relation 1 of 4\)/);
  assert.equal(await p.$('[data-testid=stall-warning]'), null, 'no warning while it may still be moving');

  // Connect the source for its export status (the form is folded away under the stage).
  await p.click('[data-testid=entity-activity] summary');
  await p.fill('#again-source-token', SOURCE_TOKEN);
  const exportStatus = p.waitForResponse((r) => r.url().includes('/export_relations/status'));
  await p.click('[data-testid=connect-source] button[type=submit]');
  await p.waitForSelector('[data-testid=source-connected]');
  assert.equal((await exportStatus).status(), 200, 'the source is asked for its export status');

  // Seventeen minutes later nothing has moved.
  await p.clock.fastForward('17:00');
  await p.waitForSelector('[data-testid=stall-warning]');
  const warning = await p.textContent('[data-testid=stall-warning]');
  assert.match(warning, /No progress for 1[67]m/);
  assert.match(warning, /Stuck at: importing labels/);
  assert.match(warning, /GitLab times it out in 7h 4\dm at the earliest/);
  assert.match(warning, /cancel the migration and import this group or project again/);
  assert.deepEqual(await axeViolations(p), [], 'the stage and the warning meet WCAG 2.2 AA');

  // The migration page lists it as stalled among its running entities.
  await p.click('nav.breadcrumbs a[href$="/migrations/7"]');
  await p.waitForSelector('[data-testid=running-now] [data-testid=stall-warning]');
  assert.deepEqual(await p.evaluate(() => window.__notes), [], 'no notification without the opt-in');
  // Opting in to "Notify me when it finishes" covers stalls too: the one shown is announced, once.
  await p.click('[data-testid=watch]');
  await p.waitForSelector('[data-testid=watching]');
  assert.match(await p.textContent('[data-testid=watching]'), /also be notified when a group or project stalls/);
  await p.waitForFunction(() => window.__notes.length > 0);
  const notes = await p.evaluate(() => window.__notes);
  assert.ok(notes.every((n) => /^Migration 7: \S+ has not moved for \d+ minutes$/.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => n.startsWith(`Migration 7: ${group.source_full_path} `)), notes.join('\n'));
  await p.clock.fastForward('01:00');
  await p.waitForTimeout(300);
  assert.equal((await p.evaluate(() => window.__notes)).length, notes.length, 'each stall is announced once');
  await post('faults', {});
});

test('re-run links search a bounded number of migrations and say so when there were more', async () => {
  // 25 more migrations of another source path: the newest migrations no longer all fit the search.
  const settings = (body) => fetch(`${BASE}/-/sandbox/settings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await settings({ rate_limit_per_minute: 1000 });
  for (let i = 0; i < 25; i++) await createMigration('design/icons', 'migrated', `icons-bound-${i}`, 'project_entity');
  await settings({ rate_limit_per_minute: 6, reset_rate_limits: true });
  const p = await page();
  const reads = [];
  p.on('request', (r) => { const m = r.url().match(/\/bulk_imports\/(\d+)\/entities\?page=1&per_page=100$/); if (m) reads.push(Number(m[1])); });
  await signIn(p, '/migrations/2');
  await p.waitForSelector('[data-testid=rerun-partial]');
  assert.match(await p.textContent('[data-testid=rerun-partial]'), /^Re-runs were looked for among migrations #1 to #\d+ only/);
  // The link found by the first test is still there: the nearest migrations are searched first.
  await p.waitForSelector('[data-testid=rerun-again-in]');
  const others = reads.filter((id) => id !== 2);
  assert.ok(others.length <= 20, `at most 20 other migrations read, saw ${others.length}`);
});
