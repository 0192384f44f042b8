// The campaign plan kept in GitLab (#27), against the release build served by the sandbox (--speed 0): two
// owners editing one plan file with a conflict at a write step (neither change lost, the merge said), a file
// edited by hand into invalid JSON (refused with its line, the browser copy kept), a Developer (said before
// anything is sent), the sign-off issue, and no token in the file, the URLs or browser storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, OWNER, SOURCE, SOURCE_TOKEN, browserSuite, signIn, reloadAndSignIn } from './lib.mjs';

const SAM = 'sandbox-second-owner-token';
const DEVON = 'sandbox-developer-token';
const FILE = 'migration-campaign.json';
const shots = process.env.SCREENSHOTS_DIR;
const { page } = browserSuite();
const api = (path, token = OWNER, init = {}) =>
  fetch(`${BASE}/api/v4${path}`, { ...init, headers: { 'PRIVATE-TOKEN': token, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
let projectId;
const fileRoute = () => `/projects/${projectId}/repository/files/${FILE}`;
async function readFile() {
  const f = await (await api(`${fileRoute()}?ref=main`)).json();
  return { text: Buffer.from(f.content, 'base64').toString(), last: f.last_commit_id };
}
async function shoot(p, name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  for (const width of [1280, 390]) {
    await p.setViewportSize({ width, height: 900 });
    await p.locator('[data-testid=plan-home]').scrollIntoViewIfNeeded();
    await p.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
  }
  await p.setViewportSize({ width: 1280, height: 900 });
}
/// Signs in on the campaign page and chooses the plan's project, typed key by key.
async function openPlan(token) {
  const p = await page();
  await signIn(p, '/campaign', token);
  await p.locator('[data-testid=plan-project]').pressSequentially('migrated/migration-campaign');
  await p.click('[data-testid=plan-use]');
  return p;
}
const plan = {
  version: 1, source_url: SOURCE, destination_namespace: 'migrated', target: { by: 'projects', value: 1 },
  items: [{ kind: 'project', path: 'design/icons', read: true }, { kind: 'project', path: 'data/warehouse', read: true }],
  started: [],
};
let owner;
let sam;

test('two owners edit one plan: a conflict at a write is merged, neither change lost, the merge said', async () => {
  const made = await api('/projects', OWNER, { method: 'POST', body: JSON.stringify({ name: 'migration-campaign', namespace_id: 100 }) });
  assert.equal(made.status, 201);
  projectId = (await made.json()).id;
  const created = await api(fileRoute(), OWNER, { method: 'POST', body: JSON.stringify({ branch: 'main', content: JSON.stringify(plan, null, 2), commit_message: 'plan' }) });
  assert.equal(created.status, 201);

  owner = await openPlan(OWNER);
  sam = await openPlan(SAM);
  for (const p of [owner, sam]) {
    await p.waitForFunction(() => /Saved in GitLab/.test(document.querySelector('[data-testid=plan-sync-state]')?.textContent));
    assert.match(await p.getAttribute('[data-testid=plan-file-link]', 'href'), /\/migrated\/migration-campaign\/-\/blob\/main\/migration-campaign\.json$/);
    await p.waitForFunction(() => document.querySelectorAll('[data-testid=campaign-wave]').length === 2);
  }
  assert.match(await owner.textContent('[data-testid=plan-last-change]'), /Last changed by Olivia Owner/);

  // Sam starts wave 1: recorded in GitLab before its request, completed with the migration id after.
  for (const [field, value] of [['#again-source-url', SOURCE], ['#again-source-token', SOURCE_TOKEN]]) {
    await sam.locator(field).fill('');
    await sam.locator(field).pressSequentially(value);
  }
  await sam.click('[data-testid=connect-source] button[type=submit]');
  await sam.waitForSelector('[data-testid=source-connected]');
  const order = [];
  sam.on('request', (r) => {
    if (r.url().includes('/repository/')) order.push(r.method() === 'POST' ? 'plan' : `read ${r.url()}`);
    if (r.url().endsWith('/api/v4/bulk_imports') && r.method() === 'POST') order.push('create');
  });
  await sam.click('[data-testid=campaign-start-wave]');
  await sam.waitForFunction(() => /#\d+/.test(document.querySelector('[data-testid=campaign-board-wave]')?.textContent ?? ''));
  await sam.waitForFunction(() => /Saved in GitLab/.test(document.querySelector('[data-testid=plan-sync-state]')?.textContent));
  assert.deepEqual(order.slice(0, 3), ['plan', 'create', 'plan'], 'the start is written before the request, completed after; each write one request, no read after it');

  // The owner, who read the plan before Sam's start, changes the target: GitLab refuses the stale write, the
  // plan is read again and merged (Sam's wave kept, the new target applied), and the page says so.
  const writes = [];
  owner.on('request', (r) => {
    const m = /\/repository\/(files|commits)/.exec(r.url());
    if (m) writes.push(`${r.method()} ${m[1]}`);
  });
  await owner.locator('[data-testid=campaign-target]').fill('');
  await owner.locator('[data-testid=campaign-target]').pressSequentially('2');
  await owner.waitForSelector('[data-testid=plan-merge-note]', { timeout: 10_000 });
  const note = await owner.textContent('[data-testid=plan-merge-note]');
  assert.match(note, /Sam .*wave 1 (started|sent)/, note);
  await owner.waitForFunction(() => /Saved in GitLab/.test(document.querySelector('[data-testid=plan-sync-state]')?.textContent));
  // The re-read takes the file and, as Sam wrote it, its commit (who changed it).
  assert.deepEqual(writes, ['POST commits', 'GET files', 'GET commits', 'POST commits'], 'a conflicting write: 2 writes and the re-read');
  await owner.waitForSelector('[data-testid=campaign-board-wave]');
  await shoot(owner, 'plan-conflict');

  const { text } = await readFile();
  const stored = JSON.parse(text);
  assert.equal(stored.started.length, 1, 'Sam\'s wave is kept');
  assert.equal(stored.started[0].migrations.length, 1);
  assert.deepEqual(stored.target, { by: 'projects', value: 2 }, 'the owner\'s target is kept');
  const commits = await (await api(`/projects/${projectId}/repository/commits?path=${FILE}&ref_name=main`)).json();
  const titles = commits.map((c) => c.title);
  assert.ok(titles.some((t) => /^wave 1 started: 1 project$/.test(t)), titles.join(' | '));
  assert.ok(titles.some((t) => /^merged: target per wave: 2 projects$/.test(t)), titles.join(' | '));

  // Sam refreshes: the owner's change, and who made it.
  await sam.click('[data-testid=campaign-board-refresh]');
  await sam.waitForFunction(() => /Olivia Owner/.test(document.querySelector('[data-testid=plan-last-change]')?.textContent));
  assert.equal(await sam.inputValue('[data-testid=campaign-target]'), '2');
  await shoot(sam, 'plan-co-owner');
});

test('a plan file edited into invalid JSON is refused with its line; the browser copy stays in use', async () => {
  const { last } = await readFile();
  const broken = '{\n  "version": 1,\n  "items": [,\n}\n';
  const put = await api(fileRoute(), OWNER, { method: 'PUT', body: JSON.stringify({ branch: 'main', content: broken, commit_message: 'by hand', last_commit_id: last }) });
  assert.equal(put.status, 200);
  const writes = [];
  owner.on('request', (r) => { if (r.url().includes('/repository/') && r.method() !== 'GET') writes.push(r.method()); });
  await owner.click('[data-testid=campaign-board-refresh]');
  await owner.waitForFunction(() => /not valid JSON/.test(document.querySelector('[data-testid=plan-sync-state]')?.textContent ?? ''));
  assert.match(await owner.textContent('[data-testid=plan-sync-state]'), /line 3: expected value/);
  assert.equal(await owner.locator('[data-testid=campaign-board-wave]').count(), 1, 'the browser copy is still shown');
  await owner.locator('[data-testid=campaign-target]').fill('3');
  await owner.waitForTimeout(1500);
  assert.deepEqual(writes, [], 'nothing is written over the hand edit');
  assert.equal((await readFile()).text, broken);
});

test('a Developer is told before anything is sent; the sign-off issue is created; no token anywhere', async () => {
  const devon = await page();
  const sent = [];
  devon.on('request', (r) => { if (r.url().includes('/repository/') && r.method() !== 'GET') sent.push(r.url()); });
  await signIn(devon, '/campaign', DEVON);
  await devon.locator('[data-testid=plan-project]').pressSequentially('migrated/migration-campaign');
  await devon.click('[data-testid=plan-use]');
  await devon.waitForFunction(() => /cannot write to migrated\/migration-campaign/.test(document.querySelector('[data-testid=plan-sync-status]')?.textContent ?? ''));
  await devon.waitForTimeout(1200);
  assert.deepEqual(sent, [], 'no write was sent');

  await sam.click('[data-testid=plan-sign-off]');
  const link = await (await sam.waitForSelector('[data-testid=plan-sign-off-status] a')).getAttribute('href');
  assert.match(link, /\/migrated\/migration-campaign\/-\/issues\/1$/);

  const secret = /glpat-|gloas-|sandbox-[a-z-]*-token|token|secret|password/i;
  const { text } = await readFile();
  assert.ok(!secret.test(text), 'no token in the plan file');
  for (const p of [owner, sam, devon]) {
    assert.ok(!secret.test(p.url()));
    assert.ok(p.apiRequests.every((r) => !/sandbox-[a-z-]*-token|glpat-/.test(r.url)), 'no token in a URL');
    const storage = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    for (const t of [OWNER, SAM, DEVON, SOURCE_TOKEN]) assert.ok(!storage.includes(t), 'no token in browser storage');
  }
});
