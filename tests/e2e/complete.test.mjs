// Complete the move (issue #26), in headless Chromium against the release build served by the sandbox. The
// seeded migration #1 (acme) finished; the source holds variables of every sort, webhooks with secrets and a
// deploy key shared by two projects; some were already copied by hand to the destination (the same, different,
// only there). Tests run in order: the copy of the second changes what the third sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, OWNER, SOURCE, SOURCE_TOKEN, browserSuite, signIn } from './lib.mjs';

const { page } = browserSuite();
/// Seeded secrets (sandbox/src/settings/seed.rs): no answer carries them, and the console must never show one.
const HIDDEN = 'hidden-Registry-Pass-42';
const TYPED = 'typed-Registry-Pass-99';
/// A seeded schedule variable's value (sandbox/src/settings/seed_more.rs): readable, handled as a secret.
const SCHEDULE_VALUE = 'nightly-Sched-Value-31';

function inFlight(p) {
  const state = { max: 0 };
  const open = new Set();
  p.on('request', (r) => { if (r.url().includes('/api/v4/')) { open.add(r); state.max = Math.max(state.max, open.size); } });
  p.on('requestfinished', (r) => open.delete(r));
  p.on('requestfailed', (r) => open.delete(r));
  return state;
}

async function compared(p) {
  await p.waitForSelector('[data-testid=complete-progress][data-state=Done]', { timeout: 30_000 });
}

/// The card whose heading matches `entity` (a regex), then its row whose first cell is `label`.
const card = (p, entity) => p.locator('[data-testid=complete-entity]', { has: p.locator('h2', { hasText: entity }) });
const item = (p, entity, label) => card(p, entity)
  .locator('[data-testid=complete-item]', { has: p.locator('th', { hasText: label }) }).first();

async function connect(p) {
  await p.locator('#again-source-token').pressSequentially(SOURCE_TOKEN);
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => !document.querySelector('[data-testid=complete-source-missing]'), null, { timeout: 20_000 });
  await compared(p);
}

test('the migration links to Complete the move; with the source connected, every item is compared', async () => {
  const p = await page();
  const flight = inFlight(p);
  await signIn(p, '/migrations/1');
  await p.click('[data-testid=verify-link] a:has-text("Complete the move")');
  await p.waitForURL(/\/migrations\/1\/complete$/);
  assert.equal(await p.title(), 'Complete the move: migration 1 · Migration console');
  await compared(p);
  // Without the source only the destination is known: the page says so and offers to connect in place.
  assert.match(await p.textContent('[data-testid=complete-source-missing]'), /Connect this migration's source/);
  await connect(p);

  const api = /acme\/platform\/api →/;
  assert.equal(await item(p, api, 'DATABASE_PASSWORD').getAttribute('data-verdict'), 'missing');
  assert.match(await item(p, api, 'API_URL (production)').innerText(), /Differs: value/);
  assert.equal(await item(p, api, 'LOG_LEVEL').getAttribute('data-verdict'), 'same');
  assert.equal(await item(p, api, 'DESTINATION_ONLY').getAttribute('data-verdict'), 'destination-only');
  // The CI hook was copied by hand without its header and with fewer events; the chat hook is the same.
  assert.match(await item(p, api, 'CI trigger').innerText(), /Differs: custom_headers, .*pipeline_events/);
  assert.equal(await item(p, api, 'Chat').getAttribute('data-verdict'), 'same');
  assert.equal(await item(p, /acme\/platform\/worker →/, 'Deploy (shared)').getAttribute('data-verdict'), 'differs');
  // The group's hidden variable needs a person: GitLab returns its value as null.
  const hidden = item(p, /^Group acme → migrated\/acme$/, 'REGISTRY_PASSWORD');
  assert.match(await hidden.innerText(), /Needs a person: the hidden value/);
  const counts = await p.textContent('[data-testid=complete-summary]');
  assert.match(counts, /^[1-9]\d* need a person · [1-9]\d* missing · [1-9]\d* differ · [1-9]\d* the same$/, counts);
  // Differences first: within a kind no "same" row comes before one that needs doing.
  const order = await card(p, api).locator('tr[data-kind=variables]')
    .evaluateAll((rows) => rows.map((r) => r.dataset.verdict));
  assert.deepEqual(order, [...order].sort((a, b) => ['needs-person', 'missing', 'differs', 'same', 'destination-only'].indexOf(a)
    - ['needs-person', 'missing', 'differs', 'same', 'destination-only'].indexOf(b)));
  // The filter narrows the rows to what needs doing.
  await p.selectOption('[data-testid=complete-filter]', 'todo');
  assert.equal(await p.locator('[data-testid=complete-item][data-verdict=same]').count(), 0);
  assert.ok(await p.locator('[data-testid=complete-item][data-verdict=missing]').count() > 0);
  assert.ok(flight.max <= 6, `at most 6 requests in flight, saw ${flight.max}`);
  assert.ok(!(await p.content()).includes(HIDDEN) && !(await p.content()).includes('Pa55word_masked-1'), 'no value on the page');
});

test('schedule variables: copied into the same schedule, a source-only schedule left to a person; tokens and triggers listed without a token', async () => {
  const p = await page();
  await signIn(p, '/migrations/1/complete');
  await compared(p);
  await connect(p);
  const api = /acme\/platform\/api →/;
  const row = (key) => card(p, api).locator('tr[data-kind=pipeline_schedules]', { has: p.locator('th', { hasText: key }) }).first();
  assert.equal(await row('NIGHTLY_KEY').getAttribute('data-verdict'), 'missing');
  assert.equal(await row('DEPLOY_ENV').getAttribute('data-verdict'), 'same');
  assert.match(await row('REPORT_FORMAT').innerText(), /Differs: value, variable_type/);
  assert.match(await row('RELEASE_NOTES').innerText(), /create the schedule first/);
  // Deploy tokens and triggers: read-only, with what to do, and no token (the caller owns one trigger, so
  // GitLab sent that token in full; the other's first four characters).
  const tokens = card(p, api).locator('[data-testid=complete-token]');
  assert.equal(await tokens.count(), 3);
  assert.match(await tokens.nth(0).innerText(), /Deploy token\s+CI read\s+read_repository, read_package_registry\s+never\s+gitlab\+deploy-token-\d+\s+Create a deploy token/);
  assert.match(await card(p, api).locator('[data-testid=complete-token][data-kind=triggers]').first().innerText(), /Nightly from Jenkins[\s\S]*olivia[\s\S]*Create a pipeline trigger/);
  // Only schedule variables this time: the missing one and the ticked overwrite, nothing else.
  for (const kind of ['variables', 'hooks', 'deploy_keys']) await p.uncheck(`[data-testid=complete-kind-${kind}]`);
  await row('REPORT_FORMAT').locator('[data-testid=complete-overwrite]').check();
  const button = p.locator('[data-testid=complete-copy-button]');
  assert.match(await button.innerText(), /Copy 2 items/);
  const writes = [];
  p.on('request', (r) => { if (['POST', 'PUT'].includes(r.method()) && r.url().includes('/api/v4/')) writes.push(`${r.method()} ${decodeURIComponent(r.url())}`); });
  await button.click();
  await p.waitForFunction(() => document.querySelectorAll('[data-testid=complete-result]').length >= 2, null, { timeout: 20_000 });
  await compared(p);
  assert.equal(writes.length, 2, writes.join('\n'));
  assert.ok(writes.some((w) => /^POST .*\/pipeline_schedules\/\d+\/variables$/.test(w)), writes.join('\n'));
  assert.ok(writes.some((w) => /^PUT .*\/pipeline_schedules\/\d+\/variables\/REPORT_FORMAT$/.test(w)), writes.join('\n'));
  assert.equal(await row('NIGHTLY_KEY').locator('[data-testid=complete-result]').getAttribute('data-outcome'), 'created');
  assert.equal(await row('NIGHTLY_KEY').getAttribute('data-verdict'), 'same');
  assert.equal(await row('REPORT_FORMAT').locator('[data-testid=complete-result]').getAttribute('data-outcome'), 'updated');
  const scheds = await (await fetch(`${BASE}/api/v4/projects/migrated%2Facme%2Fplatform%2Fapi/pipeline_schedules`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
  const nightly = await (await fetch(`${BASE}/api/v4/projects/migrated%2Facme%2Fplatform%2Fapi/pipeline_schedules/${scheds[0].id}`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
  assert.ok(nightly.variables.some((v) => v.key === 'NIGHTLY_KEY' && v.value === SCHEDULE_VALUE), 'copied with its value');
  // The report counts them (never a value); a second run writes nothing.
  const [md] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=report-markdown]')]);
  const mdText = await readFile(await md.path(), 'utf8');
  assert.match(mdText, /\| Pipeline schedule variables \| 2 \| 1 \| 1 \| 0 \|/);
  assert.match(mdText, /\| Deploy tokens \(recreate\) \| 0 \| [1-9]\d* \| 0 \| 0 \|/);
  assert.match(mdText, /\| Pipeline triggers \(recreate\) \| 0 \| 2 \| 0 \| 0 \|/);
  writes.length = 0;
  await p.click('[data-testid=complete-again]');
  await compared(p);
  assert.match(await button.innerText(), /Nothing left to copy with this choice/);
  assert.equal(writes.length, 0);
  // Neither a schedule variable's value nor any part of a trigger or deploy token anywhere.
  const stored = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
  const html = await p.content();
  for (const secret of [SCHEDULE_VALUE, 'pdf-Sched-Value-77', 'glptt-', 'Jenk1ns', 'Qv7w', 'gldt-']) {
    assert.ok(!stored.includes(secret) && !html.includes(secret) && !mdText.includes(secret), `${secret} nowhere`);
    assert.ok(p.apiRequests.every((r) => !r.url.includes(secret)), `${secret} in no URL`);
  }
});

test('copying creates what is missing, overwrites only what was ticked, and a second run creates nothing', async () => {
  const p = await page();
  await signIn(p, '/migrations/1/complete');
  await compared(p);
  await connect(p);
  const api = /acme\/platform\/api →/;
  await item(p, api, 'API_URL (production)').locator('[data-testid=complete-overwrite]').check();
  const button = p.locator('[data-testid=complete-copy-button]');
  const n = Number((await button.innerText()).match(/Copy (\d+) items/)[1]);
  assert.ok(n >= 5, `several items to copy, saw ${n}`);
  const writes = [];
  p.on('request', (r) => { if (['POST', 'PUT'].includes(r.method()) && r.url().includes('/api/v4/')) writes.push(`${r.method()} ${r.url()}`); });
  await button.click();
  await p.waitForFunction((n) => document.querySelectorAll('[data-testid=complete-result]').length >= n, n, { timeout: 30_000 });
  await compared(p);
  assert.equal(writes.length, n, writes.join('\n'));
  assert.ok(writes.every((w) => !w.includes('Pa55word') && !w.includes('value=')), 'no value in a URL');
  // The page's tally: every write chosen is written or failed, none left unsent.
  const tally = await p.locator('[data-testid=complete-copy-tally]').evaluate((e) => ({ ...e.dataset }));
  assert.equal(Number(tally.written) + Number(tally.failed), n, JSON.stringify(tally));
  assert.deepEqual([tally.notSent, tally.stopped], ['0', 'false']);
  // Each row shows its own result; the overwritten one now matches, the one left unticked does not change.
  assert.equal(await item(p, api, 'DATABASE_PASSWORD').locator('[data-testid=complete-result]').getAttribute('data-outcome'), 'created');
  assert.equal(await item(p, api, 'DATABASE_PASSWORD').getAttribute('data-verdict'), 'same');
  assert.equal(await item(p, api, 'API_URL (production)').locator('[data-testid=complete-result]').getAttribute('data-outcome'), 'updated');
  assert.equal(await item(p, api, 'API_URL (production)').getAttribute('data-verdict'), 'same');
  assert.equal(await item(p, api, 'CI trigger').getAttribute('data-verdict'), 'differs');
  const dest = await (await fetch(`${BASE}/api/v4/projects/migrated%2Facme%2Fplatform%2Fapi/variables/DATABASE_PASSWORD`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
  assert.deepEqual([dest.masked, dest.value], [true, 'Pa55word_masked-1'], 'copied with its flags');
  // A second run: nothing left to create.
  writes.length = 0;
  await p.click('[data-testid=complete-again]');
  await compared(p);
  assert.match(await button.innerText(), /Nothing left to copy with this choice/);
  assert.equal(writes.length, 0);
});

test('a hidden value typed by a person goes to the destination once, and is never kept or shown', async () => {
  const p = await page({ width: 390 });
  await signIn(p, '/migrations/1/complete');
  await compared(p);
  await connect(p);
  const row = item(p, /^Group acme → migrated\/acme$/, 'REGISTRY_PASSWORD');
  await row.locator('summary').click();
  const input = row.locator('[data-testid=complete-secret-input]');
  await input.pressSequentially(TYPED);
  await input.press('Enter');
  await p.waitForSelector('[data-testid=complete-result][data-outcome=created]');
  // The row now matches (the destination was read again), so its form is gone; no field holds the value.
  await p.waitForFunction(() => document.querySelector('[data-testid=complete-item][data-verdict=same] [data-outcome=created]'));
  assert.ok(await p.$$eval('input', (els) => els.every((e) => e.value !== 'typed-Registry-Pass-99')), 'no field keeps it');
  const dest = await (await fetch(`${BASE}/api/v4/groups/migrated%2Facme/variables/REGISTRY_PASSWORD`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
  assert.deepEqual([dest.hidden, dest.masked, dest.value], [true, true, null], 'created hidden and masked');
  const stored = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href + history.length);
  assert.ok(!stored.includes(TYPED), 'never in storage or the URL');
  assert.ok(!(await p.content()).includes(TYPED), 'never shown again');
  assert.ok(p.apiRequests.every((r) => !r.url.includes(TYPED)));
  // On a phone the page does not push sideways.
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= 392), 'no sideways scroll at 390 px');
});

test('cutting over: a Maintainer is told archiving needs Owner; an Owner archives all with the count, then undoes one', async () => {
  const maintainer = await page();
  await signIn(maintainer, '/migrations/1/complete');
  await compared(maintainer);
  await maintainer.locator('#again-source-token').pressSequentially('sandbox-source-maintainer-token');
  await maintainer.keyboard.press('Enter');
  await maintainer.waitForSelector('[data-testid=cutover-row]', { timeout: 20_000 });
  await compared(maintainer);
  const handbook = maintainer.locator('[data-testid=cutover-row]', { hasText: 'acme/handbook' });
  await handbook.locator('[data-testid=cutover-toggle]').click();
  assert.match(await handbook.locator('[data-testid=cutover-failed]').innerText(), /archiving needs the Owner role on the source/);

  const p = await page();
  await signIn(p, '/migrations/1/complete');
  await compared(p);
  await connect(p);
  // The source runs 17.11: groups cannot be archived through its API, and the page says so.
  assert.match(await p.textContent('[data-testid=cutover-groups]'), /GitLab 17\.11\.3-ee: groups can be archived through the API from 18\.9 only/);
  const api = p.locator('[data-testid=cutover-row]', { hasText: 'acme/platform/api' });
  assert.match(await api.locator('[data-testid=cutover-registries]').innerText(), /2 container repositories \(17 tags\), 4 packages generic 1, maven 1, npm 2/);
  await p.click('[data-testid=cutover-archive-all]');
  const confirm = p.locator('[data-testid=cutover-confirm]');
  assert.match(await confirm.innerText(), /Archive 4 projects on the source\?[\s\S]*1 of them finished with failures or differences/);
  await p.click('[data-testid=cutover-confirm-yes]');
  await p.waitForFunction(() => document.querySelectorAll('[data-testid=cutover-row][data-archived="Some(true)"]').length === 4);
  const source = (path) => fetch(`${SOURCE}/api/v4/projects/${encodeURIComponent(path)}`, { headers: { 'PRIVATE-TOKEN': SOURCE_TOKEN } }).then((r) => r.json());
  assert.equal((await source('acme/platform/api')).archived, true);
  // Undo one with Unarchive.
  await api.locator('[data-testid=cutover-toggle]').click();
  await p.waitForSelector('[data-testid=cutover-row][data-archived="Some(false)"]');
  assert.equal((await source('acme/platform/api')).archived, false);
});

test('a partial copy is deleted in GitLab\'s two steps once its path is typed, and offered for import again', async () => {
  const p = await page();
  await signIn(p, '/migrations/1/complete');
  await compared(p);
  const row = p.locator('[data-testid=cleanup-row]', { hasText: 'acme/platform/worker' });
  const remove = row.locator('[data-testid=cleanup-delete]');
  assert.equal(await remove.isDisabled(), true, 'not before the path is typed');
  await row.locator('[data-testid=cleanup-confirm]').pressSequentially('migrated/acme/platform/worke');
  assert.equal(await remove.isDisabled(), true, 'not with a path that differs');
  await row.locator('[data-testid=cleanup-confirm]').press('r');
  const deletes = [];
  p.on('request', (r) => { if (r.method() === 'DELETE') deletes.push(decodeURIComponent(r.url())); });
  await remove.click();
  await row.locator('[data-testid=cutover-done]').waitFor();
  assert.equal(deletes.length, 2, deletes.join('\n'));
  assert.match(deletes[1], /permanently_remove=true&full_path=migrated\/acme\/platform\/worker-deletion_scheduled-\d+&?$/);
  const gone = await fetch(`${BASE}/api/v4/projects/migrated%2Facme%2Fplatform%2Fworker`, { headers: { 'PRIVATE-TOKEN': OWNER } });
  assert.equal(gone.status, 404);
  await row.locator('[data-testid=cleanup-again]').click();
  await p.waitForURL(/\/migrations\/1\/again\?entity=7&freed=1$/);
});

test('a timed-out subgroup\'s copy is deleted and imported again to its original path through the same queue', async () => {
  const p = await page();
  await signIn(p, '/migrations/4/complete');
  await compared(p);
  const row = p.locator('[data-testid=cleanup-row]', { hasText: 'stalled-group' });
  await row.locator('[data-testid=cleanup-confirm]').pressSequentially('migrated/stalled-group');
  await row.locator('[data-testid=cleanup-delete]').click();
  await row.locator('[data-testid=cutover-done]').waitFor();
  const gone = await fetch(`${BASE}/api/v4/groups/migrated%2Fstalled-group`, { headers: { 'PRIVATE-TOKEN': OWNER } });
  assert.equal(gone.status, 404, 'the subgroup was removed at once');
  await row.locator('[data-testid=cleanup-again]').click();
  await p.waitForURL(/\/migrations\/4\/again\?entity=\d+&freed=1$/);
  await p.locator('#again-source-token').pressSequentially(SOURCE_TOKEN);
  await p.keyboard.press('Enter');
  await p.waitForSelector('[data-testid=source-connected]');
  // The original path is free again: it is what the page proposes.
  assert.equal(await p.inputValue('[data-testid=again-slug]'), 'stalled-group');
  await p.click('[data-testid=again-start]');
  const link = await p.locator('[data-testid=again-created] a').textContent();
  const created = await (await fetch(`${BASE}/api/v4/bulk_imports/${link.replace('#', '')}/entities`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
  assert.deepEqual(created.map((e) => [e.source_full_path, e.destination_namespace, e.destination_slug]), [['stalled-group', 'migrated', 'stalled-group']]);
});

test('hostile mode: names, keys and URLs from both instances stay text; no secret reaches storage, a URL, a log, the page or a report', async () => {
  // Last in this suite: the corpus adds migrations (sandbox/src/hostile.rs) and one whose settings carry it
  // (sandbox/src/settings/hostile.rs); every secret there holds a marker `Hsec<4 digits>`.
  const seeded = await (await fetch(`${BASE}/-/sandbox/hostile`, { method: 'POST' })).json();
  const { import: id, shown, secrets, scope } = seeded.complete;
  assert.ok(shown.length >= 10 && secrets.length >= 15, `${shown.length} shown, ${secrets.length} secrets`);
  // What a person types: markup too, and no space (a hidden variable must be maskable: raw, any non-space).
  const typed = {
    variable: `"><img/src=x/onerror=__canary('typed')>typed-Hsec2468`,
    header: `<script>__canary('typed-header')</script> header Hsec2469`,
    // GitLab refuses it (a masked value has no space): its error must not carry it either.
    refused: `<b>refused</b> with spaces Hsec2470`,
  };
  const everySecret = [...secrets, ...Object.values(typed)];
  const markers = everySecret.map((s) => s.match(/Hsec\d{4}/)[0]);
  assert.equal(new Set(markers).size, everySecret.length, 'one marker per secret');

  const p = await page({ bypassCSP: true });
  const logs = [];
  const urls = [];
  const bodies = [];
  p.on('console', (m) => logs.push(`${m.type()}: ${m.text()} ${JSON.stringify(m.location())}`));
  p.on('pageerror', (e) => logs.push(`pageerror: ${e.message} ${e.stack}`));
  p.on('request', (r) => { urls.push(r.url()); if (r.postData()) bodies.push({ url: r.url(), body: r.postData() }); });
  p.on('requestfailed', (r) => logs.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  p.dialogs = [];
  p.on('dialog', (d) => { p.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await p.context().addInitScript(() => { window.__canaryHits = []; window.__canary = (t) => window.__canaryHits.push(String(t)); });
  // Done by its attribute, not its visibility: injected markup (a <style> hiding the page) must fail on what it
  // is, below, not as a timeout.
  const done = () => p.waitForFunction(() => document.querySelector('[data-testid=complete-progress]')?.dataset.state === 'Done', null, { timeout: 30_000 });
  // Every hostile label is on the page as text; nothing the servers sent became an element, a handler or a link.
  const inert = async (where) => {
    const found = await p.evaluate(() => ({
      hits: window.__canaryHits,
      injected: [...document.body.querySelectorAll('script, img, iframe, object, embed, style, meta, base, math, svg, frame, link, form[action], a[href^="javascript" i]')]
        .filter((e) => !(e.tagName === 'SCRIPT' && !e.src && e.textContent.trim() === '')).map((e) => e.outerHTML.slice(0, 80)),
      handlers: [...document.body.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 80)),
      headings: document.querySelectorAll('h1').length,
    }));
    assert.deepEqual(found.hits, [], `${where}: a script ran`);
    assert.deepEqual(found.injected, [], `${where}: server markup became elements`);
    assert.deepEqual(found.handlers, [], `${where}: an inline event handler exists`);
    assert.equal(found.headings, 1, `${where}: a heading was injected`);
    assert.deepEqual(p.dialogs, [], `${where}: a dialog opened`);
  };
  // The page's markup, text, every attribute and every field's value (but the one being typed into, while typed).
  const pageText = (typing = false) => p.evaluate((typing) => [document.documentElement.outerHTML, document.body.textContent, document.title,
    ...[...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.value)),
    ...[...document.querySelectorAll('input, textarea, select')].filter((e) => !typing || e !== document.activeElement).map((e) => e.value)].join('\n'), typing);
  const assertNowhereInPage = (text, when) => everySecret.forEach((s, k) => {
    assert.ok(!text.includes(s) && !text.includes(markers[k]), `${markers[k]} (${JSON.stringify(s.slice(0, 40))}) in the page ${when}`);
  });
  await signIn(p, `/migrations/${id}/complete`);
  await done();
  // Before the source is connected, the destination's side alone (a webhook only there, named with the corpus).
  await inert('destination only');
  await p.locator('#again-source-token').pressSequentially(SOURCE_TOKEN);
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => !document.querySelector('[data-testid=complete-source-missing]'), null, { timeout: 20_000 });
  await done();

  await inert('compared');
  const text = await p.evaluate(() => document.body.textContent);
  for (const s of shown) assert.ok(text.includes(s), `${JSON.stringify(s)} is not shown as text`);
  assert.ok(text.includes(`APP_SCOPED (${scope})`), 'the scope with the key');
  const app = /hostile-move\/app → migrated\/hostile-move\/app/;
  const group = /^Group hostile-move → migrated\/hostile-move$/;
  assert.equal(await item(p, app, 'APP_VALUE').getAttribute('data-verdict'), 'differs');
  assert.equal(await item(p, group, 'HOSTILE_HIDDEN').getAttribute('data-verdict'), 'needs-person');

  // Copy everything the API can carry (the values go to the destination in request bodies, nowhere else).
  const button = p.locator('[data-testid=complete-copy-button]');
  const n = Number((await button.innerText()).match(/Copy (\d+) items/)[1]);
  assert.ok(n >= 6, `several items to copy, saw ${n}`);
  await button.click();
  await p.waitForFunction((n) => document.querySelectorAll('[data-testid=complete-result]').length >= n, n, { timeout: 30_000 });
  await done();
  assert.equal(await p.locator('[data-testid=complete-result]:not([data-outcome=created])').count(), 0,
    (await p.locator('[data-testid=complete-result]').allInnerTexts()).join('\n'));
  await inert('copied');

  // A person types the hidden value, key by key, and a webhook's custom header value: each goes into one request.
  const hidden = item(p, group, 'HOSTILE_HIDDEN');
  await hidden.locator('summary').click();
  await hidden.locator('[data-testid=complete-secret-input]').pressSequentially(typed.refused);
  await hidden.locator('[data-testid=complete-secret-input]').press('Enter');
  await hidden.locator('[data-testid=complete-result][data-outcome=failed]').waitFor({ timeout: 20_000 });
  await done();
  assert.match(await hidden.locator('[data-testid=complete-result]').innerText(), /GitLab refused the request: value is invalid/);
  assertNowhereInPage(await pageText(), 'after a refusal');
  if (!(await hidden.locator('details[open]').count())) await hidden.locator('summary').click();
  await hidden.locator('[data-testid=complete-secret-input]').pressSequentially(typed.variable);
  assertNowhereInPage(await pageText(true), 'while typed');
  await hidden.locator('[data-testid=complete-secret-input]').press('Enter');
  await hidden.locator('[data-testid=complete-result][data-outcome=created]').waitFor({ timeout: 20_000 });
  await done();
  const hook = item(p, app, shown[0]);
  await hook.locator('summary').click();
  const fields = hook.locator('[data-testid=complete-secret-input]');
  assert.equal(await fields.count(), 2, 'the token and the header');
  await fields.nth(1).pressSequentially(typed.header);
  assertNowhereInPage(await pageText(true), 'while typed');
  await fields.nth(1).press('Enter');
  assert.ok((await fields.evaluateAll((els) => els.map((e) => e.value))).every((v) => v === ''), 'the form is emptied on sending');
  await hook.locator('[data-testid=complete-result][data-outcome=created]').waitFor({ timeout: 20_000 });
  await done();
  for (const value of Object.values(typed)) {
    const carried = bodies.filter((b) => b.body.includes(value.match(/Hsec\d{4}/)[0]));
    assert.equal(carried.length, 1, `typed once: ${carried.map((b) => b.url).join(', ')}`);
    assert.ok(carried[0].url.startsWith(`${BASE}/api/v4/`), `to the destination: ${carried[0].url}`);
    assert.ok(carried[0].body.includes(JSON.stringify(value).slice(1, -1)), 'exactly as typed');
  }
  const dest = await (await fetch(`${BASE}/api/v4/groups/migrated%2Fhostile-move/variables/HOSTILE_HIDDEN`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
  assert.deepEqual([dest.hidden, dest.masked, dest.raw], [true, true, true], 'created hidden, masked and raw');
  await inert('typed');

  // The reports: counts only.
  const [html] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=report-html]')]);
  const [md] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=report-markdown]')]);
  const reports = (await readFile(await html.path(), 'utf8')) + (await readFile(await md.path(), 'utf8'));
  assert.match(reports, /Pipeline schedule variables/);

  // Nowhere: storage, cookies, the address and history, any request's URL, a console line or page error,
  // the page's text, markup and attributes, a field's value, the reports.
  const kept = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })
    + document.cookie + location.href + history.length + document.title);
  const places = { storage: kept, urls: urls.join('\n'), logs: logs.join('\n'), page: await pageText(), reports };
  for (const [where, haystack] of Object.entries(places)) {
    everySecret.forEach((s, k) => {
      assert.ok(!haystack.includes(s) && !haystack.includes(markers[k]), `${markers[k]} (${JSON.stringify(s.slice(0, 40))}) in ${where}`);
    });
  }
  assert.deepEqual(await p.evaluate(() => window.__canaryHits), []);
});
