// Hardening (issue #7): hostile server text, the Content-Security-Policy, and where tokens go.
// Runs against the release build served by a fresh sandbox, into which the suite seeds the hostile corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, OWNER, SOURCE, SOURCE_TOKEN, browserSuite, sandboxSettings, signIn } from './lib.mjs';
let corpus;
const tally = { strings: 0, fields: new Set(), checks: 0, views: 0 };
const suite = browserSuite({
  setup: async () => { corpus = await (await fetch(`${BASE}/-/sandbox/hostile`, { method: 'POST' })).json(); },
  teardown: () => console.log(`hostile corpus: ${tally.strings} strings × ${tally.fields.size} fields (${[...tally.fields].join(', ')}); `
    + `${tally.checks} text checks on ${tally.views} views`),
});

/// A page whose context ignores the CSP: escaping alone must keep the corpus inert, the policy is a second wall.
async function hostilePage() {
  const p = await suite.page({ bypassCSP: true });
  p.dialogs = [];
  p.on('dialog', (d) => { p.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await p.context().addInitScript(() => {
    window.__canaryHits = [];
    window.__canary = (tag) => window.__canaryHits.push(String(tag));
  });
  return p;
}

/// No script ran, no markup from the server became elements, no link leads anywhere but http(s).
async function assertInert(p, where) {
  tally.views += 1;
  const report = await p.evaluate(() => {
    // (Leptos leaves one empty <script> marker at the end of body: no source, no text, never runs.)
    const injected = [...document.body.querySelectorAll('script, img, iframe, object, embed, style, meta, base, math, svg, frame, link')]
      .filter((e) => !(e.tagName === 'SCRIPT' && !e.src && e.textContent.trim() === ''))
      .map((e) => e.outerHTML.slice(0, 80));
    const handlers = [...document.body.querySelectorAll('*')]
      .filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on')))
      .map((e) => e.outerHTML.slice(0, 80));
    const links = [...document.querySelectorAll('a[href], area[href], form[action]')].map((a) => a.href ?? a.action);
    const unsafe = links.filter((h) => { try { return !['http:', 'https:'].includes(new URL(h).protocol); } catch { return true; } });
    return { hits: window.__canaryHits ?? ['no canary'], injected, handlers, unsafe, links: links.length, title: document.title };
  });
  assert.deepEqual(report.hits, [], `${where}: a script ran`);
  assert.deepEqual(p.dialogs, [], `${where}: a dialog opened`);
  assert.deepEqual(report.injected, [], `${where}: server markup became elements`);
  assert.deepEqual(report.handlers, [], `${where}: an inline event handler exists`);
  assert.deepEqual(report.unsafe, [], `${where}: a link with an unsafe scheme`);
  // Each page has its own title (server text such as an entity path may be in it, as text): only the suffix is fixed.
  assert.match(report.title, /Migration console$/, `${where}: the title lost its form`);
}

/// Each string is on the page as text (textContent, so CSS clamping does not matter).
async function assertShown(p, where, expected) {
  const text = await p.evaluate(() => document.body.textContent);
  for (const [field, value] of expected) {
    tally.fields.add(field);
    tally.checks += 1;
    assert.ok(text.includes(value), `${where}: ${field} ${JSON.stringify(value.slice(0, 60))} is not shown as text`);
  }
}

// Relations are shown with spaces for underscores ("merge_requests" → "merge requests").
const label = (s) => s.replaceAll('_', ' ');

async function signInRemembered(p, path) {
  await p.goto(BASE + path);
  await p.fill('#instance-url', BASE);
  await p.fill('#token', OWNER);
  await p.check('#remember');
  await p.click('button[type=submit]');
  await p.waitForSelector('[data-testid=signed-in-user]');
}

test('hostile text in every field of lists, migrations and entities is shown as text, never run or linked', async () => {
  const { strings, imports, entities } = corpus;
  assert.ok(strings.length >= 30, `${strings.length} strings`);
  tally.strings = strings.length;
  const p = await hostilePage();
  await p.context().addInitScript(() => localStorage.setItem('gmc-page-size', '100'));
  await signInRemembered(p, '/migrations?per_page=100');
  await p.waitForFunction((n) => document.querySelectorAll('[data-testid=migrations-table] tbody tr').length >= n, imports.length);
  await assertShown(p, 'migrations list', strings.map((s) => ['import source_url', s]));
  await assertInert(p, 'migrations list');

  for (let k = 0; k < strings.length; k++) {
    const s = strings[k];
    await p.goto(`${BASE}/migrations/${imports[k]}`);
    await p.waitForFunction(() => document.querySelectorAll('[data-testid=entities-table] tbody tr').length === 2
      && document.querySelector('[data-testid=relation-totals]'));
    await assertShown(p, `migration ${imports[k]}`, [
      ['import source_url', s], ['source_full_path', s], ['destination_full_path', s],
      ['destination_namespace/destination_slug', `${s}/${s}`], ['stats relation', label(s)],
    ]);
    await assertInert(p, `migration ${imports[k]} (string ${k})`);

    await p.goto(`${BASE}/migrations/${imports[k]}/entities/${entities[2 * k]}`);
    await p.waitForFunction(() => document.querySelectorAll('[data-testid=failures-table] tbody tr').length === 2
      && document.querySelector('[data-testid=stats-chart]'));
    await assertShown(p, `entity ${entities[2 * k]}`, [
      ['stats relation', label(s)], ['failure relation', label(s)], ['source_title', s], ['exception_class', s],
      ['exception_message', s], ['correlation_id_value', s],
    ]);
    await assertInert(p, `entity ${entities[2 * k]} (string ${k})`);
    // The failure's source_url is a link only when it is http(s), and then exactly that URL.
    const hrefs = await p.$$eval('[data-testid=failures-table] a[href]', (as) => as.map((a) => a.getAttribute('href')));
    tally.fields.add('failure source_url (linked only if http/https)');
    if (/^https?:\/\//i.test(s)) assert.ok(hrefs.every((h) => h === s), `${k}: ${hrefs}`);
    else assert.deepEqual(hrefs, [], `string ${k} became a failure link`);
  }

  // Failed entities never got a destination: the console shows namespace/slug.
  await p.goto(`${BASE}/entities?status=failed`);
  await p.waitForFunction((n) => document.querySelectorAll('[data-testid=entities-table] tbody tr').length >= n, strings.length);
  await assertShown(p, 'all entities (failed)', strings.map((s) => ['source_full_path', s]));
  await assertInert(p, 'all entities');
});

test('hostile group names and paths in the source browser, and a hostile user name, stay text', async () => {
  const { strings } = corpus;
  const p = await hostilePage();
  await signInRemembered(p, '/migrations/new');
  await p.fill('#source-url', SOURCE);
  await p.fill('#source-token', SOURCE_TOKEN);
  await p.click('.source-form button[type=submit]');
  await p.waitForSelector('[data-testid=source-items] li');
  let seen = '';
  for (let n = 0; n < 10; n++) {
    seen += await p.$eval('[data-testid=source-items]', (ul) => ul.textContent);
    await assertInert(p, `source browser page ${n + 1}`);
    const next = p.locator('[data-testid=source-browser] [data-testid=pager-next]');
    if (await next.isDisabled()) break;
    const first = await p.$eval('[data-testid=source-items] li', (li) => li.textContent);
    await next.click();
    await p.waitForFunction((f) => document.querySelector('[data-testid=source-items] li')?.textContent !== f, first);
  }
  for (const s of strings) {
    tally.fields.add('source group full_path');
    tally.checks += 1;
    assert.ok(seen.includes(s), `source browser: ${JSON.stringify(s.slice(0, 60))} not shown`);
  }

  const settings = sandboxSettings;
  for (const s of strings) {
    await settings({ owner_name: s });
    await p.goto(`${BASE}/migrations`);
    await p.waitForSelector('[data-testid=signed-in-user]');
    const name = await p.$eval('[data-testid=signed-in-user] .user-name', (e) => e.textContent);
    tally.fields.add('user name');
    tally.checks += 1;
    assert.equal(name, s);
    await assertInert(p, `user name ${JSON.stringify(s.slice(0, 30))}`);
  }
  await settings({ owner_name: 'Olivia Owner' });
});

test('exports of hostile failures cannot run as spreadsheet formulas and keep the text exact', async () => {
  const { strings, imports, entities } = corpus;
  const k = strings.findIndex((s) => s.startsWith('=HYPERLINK'));
  const p = await hostilePage();
  await signInRemembered(p, `/migrations/${imports[k]}/entities/${entities[2 * k]}`);
  await p.waitForSelector('[data-testid=failures-table] tbody tr');
  const [csvFile] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=export-csv]')]);
  const csv = await readFile(await csvFile.path(), 'utf8');
  assert.ok(!/(^|,)"?[=+\-@]/m.test(csv), 'no cell starts with a formula character');
  assert.ok(csv.includes(`'${strings[k].replaceAll('"', '""')}`), 'the text is kept, defused with a leading quote');
  const [jsonFile] = await Promise.all([p.waitForEvent('download'), p.click('[data-testid=export-json]')]);
  const json = JSON.parse(await readFile(await jsonFile.path(), 'utf8'));
  assert.equal(json.failures[0].exception_message, strings[k], 'JSON keeps the exact text');
  assert.equal(json.entity, strings[k]);
  assert.doesNotMatch(csvFile.suggestedFilename() + jsonFile.suggestedFilename(), /[\/\\<>:"|?*]/, 'safe file names');
});

test('the release page carries a Content-Security-Policy that blocks inline script, and the console runs under it', async () => {
  const p = await suite.page();
  await p.context().addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const html = await (await fetch(`${BASE}/`)).text();
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(policy, 'a CSP meta element');
  const scriptSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.match(scriptSrc, /'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'|\*/);
  // The stylesheet is inlined: allowed by its hash, not by allowing every inline style.
  const styleSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('style-src'));
  assert.match(styleSrc, /'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(styleSrc, /'unsafe-inline'|\*/);
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /object-src 'none'/);
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'the policy precedes every script');

  // Everything the console does, under the policy: no violation.
  await signIn(p, '/migrations/1');
  await p.waitForSelector('[data-testid=entities-table] tbody tr');
  await p.goto(`${BASE}/migrations/2`);
  await p.fill('#token', OWNER);
  await p.click('button[type=submit]');
  await p.click('[data-testid=entities-table] a.entity-link');
  await p.waitForSelector('[data-testid=stats-chart] .bar');
  await p.waitForSelector('[data-testid=failures-table] tbody tr');
  await p.click('a[href$="/migrations/new"]');
  await p.fill('#source-url', SOURCE);
  await p.fill('#source-token', SOURCE_TOKEN);
  await p.click('.source-form button[type=submit]');
  await p.waitForSelector('[data-testid=source-items] li');
  assert.deepEqual(await p.evaluate(() => window.__violations), [], 'the console itself needs nothing the policy forbids');
  // The chart bars got their widths (set through CSSOM, which the policy allows).
  await p.goBack();

  // And the policy holds: an inline script added to the page does not run (Chromium logs that as an error).
  const before = p.errors.length;
  const ran = await p.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return window.__inline === true;
  });
  assert.equal(ran, false, 'inline script is blocked');
  assert.ok((await p.evaluate(() => window.__violations)).some((v) => v.startsWith('script-src')), 'and reported');
  await p.waitForTimeout(100);
  const expected = p.errors.splice(before);
  assert.ok(expected.every((e) => e.includes('Content Security Policy')), expected.join('\n'));
});

test('tokens go to their own instance only, appear in no URL, log, message, export or storage, and sign out wipes them', async () => {
  const p = await suite.page();
  const requests = [];
  const logs = [];
  p.on('request', async (r) => {
    const headers = await r.allHeaders().catch(() => r.headers());
    requests.push({ url: r.url(), method: r.method(), headers: JSON.stringify(headers), body: r.postData() ?? '' });
  });
  p.on('console', (m) => logs.push(m.text()));
  p.on('pageerror', (e) => logs.push(e.message));
  const storage = async () => p.evaluate(async () => {
    const dbs = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
    const caches_ = 'caches' in window ? await caches.keys() : [];
    return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie, dbs, caches_ });
  });
  const visibleText = async () => p.evaluate(() => document.body.innerText + [...document.querySelectorAll('input, textarea')].map((i) => i.value).join(' '));

  // A wrong token: the message does not repeat it.
  const wrong = 'glpat-THIS-IS-A-WRONG-SECRET';
  await p.goto(`${BASE}/migrations`);
  await p.fill('#instance-url', BASE);
  await p.fill('#token', wrong);
  await p.click('button[type=submit]');
  await p.waitForSelector('[data-testid=error-notice]');
  assert.ok(!(await p.textContent('[data-testid=error-notice]')).includes(wrong));

  // Not remembered: in memory only.
  await p.fill('#token', OWNER);
  await p.click('button[type=submit]');
  await p.waitForSelector('[data-testid=signed-in-user]');
  assert.ok(!(await storage()).includes(OWNER), 'not remembered: the token is in no storage');

  // Export a failure list.
  await p.goto(`${BASE}/migrations/2`);
  await p.fill('#token', OWNER);
  await p.click('button[type=submit]');
  await p.click('[data-testid=entities-table] a.entity-link');
  await p.waitForSelector('[data-testid=failures-table] tbody tr');
  for (const button of ['export-csv', 'export-json']) {
    const [file] = await Promise.all([p.waitForEvent('download'), p.click(`[data-testid=${button}]`)]);
    const text = await readFile(await file.path(), 'utf8');
    assert.ok(!text.includes(OWNER) && !text.includes(SOURCE_TOKEN), `${button}: no token in the file`);
  }

  // Connect a source and start a migration: the source token goes to the source, and inside the create request.
  await p.click('a[href$="/migrations/new"]');
  await p.fill('#source-url', SOURCE);
  await p.fill('#source-token', SOURCE_TOKEN);
  await p.click('.source-form button[type=submit]');
  await p.waitForSelector('[data-testid=source-connected]');
  assert.ok(!(await storage()).includes(SOURCE_TOKEN), 'the source token is in no storage');
  await p.waitForFunction(() => document.querySelectorAll('#destination-groups option').length > 1);
  await p.click('[data-testid=add-group-row]');
  const row = p.locator('[data-testid=rows] > li').first();
  await row.locator('[data-field=source]').fill('tools');
  await row.locator('input[list=destination-groups]').fill('migrated');
  await row.locator('[data-field=slug]').fill(`tools-secret-${Date.now()}`);
  await row.locator('[data-field=slug]').blur();
  await p.click('[data-testid=start-migration]');
  await p.waitForURL(/\/migrations\/\d+$/);
  await p.waitForSelector('[data-testid=migration-summary]');
  assert.ok(!(await storage()).includes(SOURCE_TOKEN), 'not even while a submission was pending');

  for (const secret of [OWNER, SOURCE_TOKEN, wrong]) {
    assert.ok(!(await visibleText()).includes(secret), 'no token on screen or in a field');
    assert.ok(!logs.some((l) => l.includes(secret)), 'no token in the browser console');
    assert.ok(!requests.some((r) => r.url.includes(secret)), 'no token in a URL');
  }
  const origin = (u) => new URL(u).origin;
  for (const r of requests) {
    if (r.headers.includes(OWNER)) assert.equal(origin(r.url), BASE, `destination token sent to ${r.url}`);
    if (r.headers.includes(SOURCE_TOKEN)) assert.equal(origin(r.url), SOURCE, `source token sent to ${r.url}`);
    if (r.body.includes(SOURCE_TOKEN)) assert.ok(r.method === 'POST' && r.url === `${BASE}/api/v4/bulk_imports`, `source token in the body of ${r.url}`);
    if (r.body.includes(OWNER)) assert.fail(`destination token in the body of ${r.url}`);
  }
  assert.ok(requests.some((r) => r.headers.includes(SOURCE_TOKEN)), 'the source was asked with its own token');
  assert.ok(requests.some((r) => r.body.includes(SOURCE_TOKEN)), 'the create request carried the source token');

  // Remembered, then signed out: nothing left.
  await p.goto(`${BASE}/migrations`);
  await p.fill('#token', OWNER);
  await p.check('#remember');
  await p.click('button[type=submit]');
  await p.waitForSelector('[data-testid=signed-in-user]');
  assert.ok((await storage()).includes(OWNER), 'remembered on request');
  await p.click('text=Sign out');
  await p.waitForSelector('#token');
  assert.ok(!(await storage()).includes(OWNER), 'sign out wipes the remembered token');
  await p.reload();
  await p.waitForSelector('#token');
  assert.equal(await p.$('[data-testid=signed-in-user]'), null, 'and a reload does not sign in again');
});
