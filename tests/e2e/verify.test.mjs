// Verify and share (issue #17, parts 3 and 4), in headless Chromium against the release build served by the
// sandbox (--speed 0). The seeded migration #1 (acme) finished with acme/platform/worker partially completed:
// 3 merge requests failed, so the destination has 19 of 22. Tests run in order; the last one turns hostile
// mode on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, OWNER, SOURCE_TOKEN, browserSuite, signIn } from './lib.mjs';

const { page } = browserSuite();

/// Counts the API requests in flight at once (request → finished or failed).
function trackInFlight(p) {
  const state = { now: 0, max: 0, total: 0 };
  const open = new Set();
  p.on('request', (r) => { if (r.url().includes('/api/v4/')) { open.add(r); state.total += 1; state.max = Math.max(state.max, open.size); } });
  const end = (r) => open.delete(r);
  p.on('requestfinished', end);
  p.on('requestfailed', end);
  return state;
}

async function verified(p) {
  await p.waitForSelector('[data-testid=verify-progress][data-state=Done]', { timeout: 20_000 });
}

test('a finished migration links to its verification: ✔ rows, and a difference linked to the failures that explain it', async () => {
  const p = await page();
  const inFlight = trackInFlight(p);
  await signIn(p, '/migrations/1');
  await p.click('[data-testid=verify-link] a');
  await p.waitForURL(/\/migrations\/1\/verify$/);
  await verified(p);
  assert.equal(await p.title(), 'Verify migration 1 · Migration console');
  // The source is not connected in this tab: the page says what connecting it adds, and offers it in place.
  assert.match(await p.textContent('[data-testid=verify-source-missing]'), /connect it here to add a column/);
  assert.equal(await p.locator('[data-testid=connect-source]').count(), 1, 'the source can be connected in place');

  const worker = p.locator('[data-testid=verify-entity]', { hasText: 'acme/platform/worker' });
  const mrs = worker.locator('tr[data-relation=merge_requests]');
  assert.match((await mrs.innerText()).replace(/\s+/g, ' '), /merge_requests — 22 22 19 19 −3 missing \(explained by failures: 3\)/);
  const link = mrs.locator('[data-testid=verify-failures-link]');
  const entityId = await worker.getAttribute('data-entity-id');
  assert.equal(await link.getAttribute('href'), `/migrations/1/entities/${entityId}`);
  assert.match((await worker.locator('tr[data-relation=issues]').innerText()).replace(/\s+/g, ' '), /issues — 40 40 40 40 ✔ OK/);

  // The group: its two subgroups and one project are counted on the destination and match the migration's own.
  const acme = p.locator('[data-testid=verify-entity]', { hasText: /Group acme → migrated\/acme / });
  for (const [relation, n] of [['subgroups', 2], ['projects', 1], ['labels', 24], ['milestones', 8]]) {
    const text = (await acme.locator(`tr[data-relation=${relation}]`).innerText()).replace(/\s+/g, ' ');
    assert.match(text, new RegExp(`${relation} — ${n} ${n} ${n} ${n} ✔ OK`), text);
  }
  const summary = await p.textContent('[data-testid=verify-summary]');
  assert.match(summary, /[1-9]\d* rows match, 1 differ \(0 items missing without a failure\)/, summary);
  assert.ok(inFlight.max <= 6, `at most 6 requests in flight, saw ${inFlight.max}`);
  // The report groups every failure of the entity, read from /failures, not only the entity's inline list.
  assert.ok(p.apiRequests.some((r) => r.url.includes(`/entities/${entityId}/failures`)), 'the failures are read');

  // Following the link shows the failures.
  await link.click();
  await p.waitForURL(new RegExp(`/migrations/1/entities/${entityId}$`));
  await p.waitForFunction(() => /\b3\b/.test(document.querySelector('[data-testid=failure-count]')?.innerText ?? ''));
  assert.match(await p.textContent('[data-testid=failure-groups]'), /merge requests/i);
});

test('the source connected in place, typed key by key, verifies again with the counts on the source', async () => {
  const p = await page();
  await signIn(p, '/migrations/1/verify');
  await verified(p);
  const worker = p.locator('[data-testid=verify-entity]', { hasText: 'acme/platform/worker' });
  assert.match((await worker.locator('tr[data-relation=merge_requests]').innerText()).replace(/\s+/g, ' '), /merge_requests — 22/);
  await p.locator('#again-source-token').pressSequentially(SOURCE_TOKEN);
  await p.click('[data-testid=connect-source] button[type=submit]');
  // Verified again without a click, now with the column counted on the source; the form is gone.
  await p.waitForFunction(() => !document.querySelector('[data-testid=verify-source-missing]'), null, { timeout: 20_000 });
  await verified(p);
  const text = (await worker.locator('tr[data-relation=merge_requests]').innerText()).replace(/\s+/g, ' ');
  assert.match(text, /merge_requests \d+ 22 22 19 19 −3 missing/, text);
  assert.equal(p.url(), `${BASE}/migrations/1/verify`, 'the user stayed on the page');
  assert.ok(!(await p.content()).includes(SOURCE_TOKEN), 'the source token is not on the page');
});

test('the reports carry the verification, and no token', async () => {
  const p = await page();
  await signIn(p, '/migrations/1/verify');
  await verified(p);
  const [html] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=report-html]')]);
  assert.equal(html.suggestedFilename(), 'migration-1-report.html');
  const htmlText = await readFile(await html.path(), 'utf8');
  const [md] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=report-markdown]')]);
  assert.equal(md.suggestedFilename(), 'migration-1-report.md');
  const mdText = await readFile(await md.path(), 'utf8');
  for (const text of [htmlText, mdText]) {
    assert.ok(!text.includes(OWNER) && !text.includes(SOURCE_TOKEN), 'no token in a report');
    assert.ok(text.includes('Olivia Owner (@olivia)'), 'who started it');
  }
  assert.match(mdText, /\| `merge_requests` \| not counted \| 22 \| 22 \| 19 \| 19 \| −3 missing \(explained by failures: 3\) \|/);
  assert.match(mdText, /\| `merge_requests` \| `[A-Za-z:]+` \| 3 \| `[^`]+` \|/);
  assert.match(htmlText, /<td class="bad">−3 missing \(explained by failures: 3\)<\/td>/);

  // The HTML report opens on its own: rendered offline, it shows the tables.
  const offline = await page();
  await offline.setContent(htmlText);
  assert.ok((await offline.locator('table').count()) >= 7);
});

test('a tab in the background shows the number of importing migrations in its title; a shown tab does not', async () => {
  // The seeded migration `data` is importing (the clock is frozen).
  const hidden = await page();
  await hidden.addInitScript(() => {
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { get: () => true });
  });
  await signIn(hidden, '/migrations');
  await hidden.waitForFunction(() => document.title === '(1) Migrations · Migration console', null, { timeout: 5000 })
    .catch(async () => assert.fail(`title: ${await hidden.title()}`));
  const shown = await page();
  await signIn(shown, '/migrations');
  await shown.waitForSelector('[data-testid=migrations-table] tbody tr');
  await shown.waitForTimeout(500);
  assert.equal(await shown.title(), 'Migrations · Migration console');
  // Notifications are asked for only on a click: the running migration offers it, nothing asked on load.
  await shown.goto(`${BASE}/migrations/7`);
  await shown.fill('#token', OWNER);
  await shown.click('button[type=submit]');
  await shown.waitForSelector('[data-testid=watch]');
  assert.equal(await shown.evaluate(() => Notification.permission), 'default', 'no permission asked on load');
});

test('a migration of 60 entities lists the differences first, 50 at a time, with the summary over all of them', async () => {
  // One project that arrives, 59 that the source does not have (GitLab checks only the first path): they fail.
  const state = await (await fetch(`${BASE}/-/sandbox/state`)).json();
  const entities = [{ source_type: 'project_entity', source_full_path: 'legacy/monolith', destination_namespace: 'migrated', destination_slug: 'many-0' }];
  for (let i = 1; i < 60; i++) entities.push({ source_type: 'project_entity', source_full_path: `legacy/gone-${i}`, destination_namespace: 'migrated', destination_slug: `many-${i}` });
  const res = await fetch(`${BASE}/api/v4/bulk_imports`, {
    method: 'POST',
    headers: { 'PRIVATE-TOKEN': OWNER, 'Content-Type': 'application/json' },
    body: JSON.stringify({ configuration: { url: state.imports[0].source_url, access_token: 'sandbox-source-token' }, entities }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const { id } = await res.json();
  await fetch(`${BASE}/-/sandbox/advance?seconds=3600`, { method: 'POST' });

  const p = await page();
  const inFlight = trackInFlight(p);
  await signIn(p, `/migrations/${id}/verify`);
  await verified(p);
  assert.equal(await p.locator('[data-testid=verify-entity]').count(), 50, 'the first 50');
  assert.match(await p.textContent('[data-testid=verify-shown]'), /Groups and projects with differences are listed first\. Showing 50 of 60 groups and projects\./);
  // The project that arrived misses merge requests (explained by its failures): a difference, listed first;
  // the 59 that failed (nothing to compare) follow in the migration's order.
  const shownPaths = await p.locator('[data-testid=verify-entity] h2').allInnerTexts();
  assert.match(shownPaths[0], /legacy\/monolith → migrated\/many-0/);
  assert.match(await p.locator('[data-testid=verify-entity]').first().locator('tr[data-relation=merge_requests]').innerText(), /missing \(explained by failures: \d+\)/);
  assert.deepEqual(shownPaths.slice(1).map((t) => t.match(/legacy\/gone-(\d+)/)?.[1]), Array.from({ length: 49 }, (_, i) => String(i + 1)));
  // The summary counts every entity, shown or not.
  assert.match(await p.textContent('[data-testid=verify-summary]'), /[1-9]\d* rows match, 1 differ/);
  assert.match(await p.textContent('[data-testid=verify-show-more]'), /Show 10 more/);
  await p.click('[data-testid=verify-show-more]');
  await p.waitForFunction(() => document.querySelectorAll('[data-testid=verify-entity]').length === 60);
  assert.match(await p.locator('[data-testid=verify-entity]').last().innerText(), /legacy\/gone-59 → migrated\/many-59/);
  assert.equal(await p.$('[data-testid=verify-show-more]'), null, 'nothing more to show');
  assert.ok(inFlight.max <= 6, `at most 6 requests in flight, saw ${inFlight.max}`);
});

test('in hostile mode the HTML report holds no live markup and the Markdown no raw HTML', async () => {
  const res = await fetch(`${BASE}/-/sandbox/hostile`, { method: 'POST' });
  assert.ok(res.ok, `hostile mode: ${res.status}`);
  const imports = await (await fetch(`${BASE}/api/v4/bulk_imports?per_page=100`, { headers: { 'PRIVATE-TOKEN': OWNER } })).json();
  const target = imports.find((m) => m.source_url === "<img src=x onerror=\"__canary('img')\">");
  assert.ok(target, 'a hostile migration');

  const p = await page();
  await p.addInitScript(() => { window.__canaryHits = []; window.__canary = (t) => window.__canaryHits.push(t); });
  await signIn(p, `/migrations/${target.id}/verify`);
  await verified(p);
  const [html] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=report-html]')]);
  const htmlText = await readFile(await html.path(), 'utf8');
  const [md] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=report-markdown]')]);
  const mdText = await readFile(await md.path(), 'utf8');
  assert.deepEqual(await p.evaluate(() => window.__canaryHits), [], 'the page ran nothing it was sent');

  // Parsed by the browser itself, with a canary to catch anything that runs.
  const viewer = await page();
  await viewer.addInitScript(() => { window.__canaryHits = []; window.__canary = (t) => window.__canaryHits.push(t); });
  // about:blank, as a report opened from disk: an http page would have Chromium ask for its /favicon.ico after
  // the report's policy (default-src 'none') is in place, a blocked load logged as a console error (CI, stop 23).
  await viewer.goto('about:blank');
  await viewer.setContent(htmlText);
  const found = await viewer.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      scripts: document.querySelectorAll('script, iframe, object, embed, img, svg, form, base').length,
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
      badLinks: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')).filter((h) => !/^https?:\/\//i.test(h ?? '')),
      styles: document.querySelectorAll('style').length,
      text: document.body.innerText,
    };
  });
  await viewer.waitForTimeout(200);
  assert.equal(found.scripts, 0, 'no script or active element');
  assert.deepEqual(found.handlers, [], 'no event attribute');
  assert.deepEqual(found.badLinks, [], 'only http(s) links');
  assert.equal(found.styles, 1, 'only the report\'s own style');
  assert.ok(found.text.includes("<img src=x onerror=\"__canary('img')\">"), 'the hostile string is shown as text');
  assert.deepEqual(await viewer.evaluate(() => window.__canaryHits), []);

  // Markdown: take the code spans out; nothing that GitLab would turn into HTML or a link remains.
  assert.ok(!mdText.includes(OWNER) && !mdText.includes(SOURCE_TOKEN));
  const plain = mdText.replace(/(`+)[\s\S]*?\1/g, 'CODE');
  for (const bad of ['<', '>', 'javascript:', '](', '__canary']) {
    assert.ok(!plain.includes(bad), `${bad} outside a code span: ${plain.split('\n').find((l) => l.includes(bad))}`);
  }
  assert.ok(mdText.includes("`<img src=x onerror=\"__canary('img')\">`"));
});
