// Placeholder reassignment (issue #16), in headless Chromium against the release build served by the sandbox
// (started with --speed 0: only the control endpoint moves the assignee and the worker).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, browserSuite, signIn } from './lib.mjs';

const { page } = browserSuite();

async function sourceUsers() {
  return (await fetch(`${BASE}/-/sandbox/source-users`)).json();
}
async function settle(id, action) {
  const r = await fetch(`${BASE}/-/sandbox/source-users/${id}/${action}`, { method: 'POST' });
  assert.equal(r.status, 200, `${action} ${id}`);
}
/// A pending source user of `migrated` (namespace 100) that no test has touched yet.
const used = new Set();
async function pendingOne() {
  const u = (await sourceUsers()).find((x) => x.namespace_id === 100 && x.status === 'PendingReassignment' && !used.has(x.id));
  assert.ok(u, 'a pending source user is left');
  used.add(u.id);
  return u;
}
const row = (p) => p.locator('[data-testid=contrib-row]').first();
async function rowStatus(p, status, timeout = 15000) {
  await p.waitForSelector(`[data-testid=contrib-row][data-status=${status}]`, { timeout });
}
async function reassignTo(p, username) {
  await row(p).locator('[data-testid=act-reassign]').click();
  await p.waitForSelector(`[data-testid=assignee-option][data-username="${username}"]`);
  await p.click(`[data-testid=assignee-option][data-username="${username}"]`);
}

test('reassign → awaiting approval → accepted → completed, the row following live', async () => {
  const u = await pendingOne();
  const p = await page();
  await signIn(p, `/contributions?group=migrated&search=${encodeURIComponent(u.username)}`);
  await rowStatus(p, 'pending');
  assert.equal(await p.locator('[data-testid=contrib-row]').count(), 1, 'the search finds that one source user');
  assert.deepEqual(await row(p).locator('button').allInnerTexts(), ['Reassign', 'Keep as placeholder'], 'only what pending allows');
  await row(p).locator('[data-testid=act-reassign]').click();
  await p.waitForSelector('[data-testid=assignee-option]');
  const offered = await p.$$eval('[data-testid=assignee-option]', (bs) => bs.map((b) => b.dataset.username));
  assert.ok(!offered.includes('bill') && !offered.includes('deploy-bot'), `no blocked user or bot offered: ${offered}`);
  assert.equal(await p.locator('[data-testid=assignee-picker] img').count(), 0, 'a javascript: avatar is never used');
  await p.click('[data-testid=assignee-option][data-username="dave"]');
  await rowStatus(p, 'awaiting');
  assert.match(await row(p).locator('[data-testid=contrib-chosen]').innerText(), /Dave Dunn/);
  assert.deepEqual(await row(p).locator('button').allInnerTexts(), ['Cancel reassignment', 'Resend notification']);
  await settle(u.id, 'accept');
  await rowStatus(p, 'in_progress');
  assert.equal(await row(p).locator('button').count(), 0, 'nothing to do while contributions move');
  await settle(u.id, 'complete');
  await rowStatus(p, 'completed');
  assert.match(p.url(), /search=/, 'the search stays in the URL');
});

test('a rejected reassignment can be reassigned again; a refusal shows on its row only', async () => {
  const u = await pendingOne();
  const p = await page();
  await signIn(p, `/contributions?group=migrated&search=${encodeURIComponent(u.username)}`);
  await rowStatus(p, 'pending');
  await reassignTo(p, 'erin');
  await rowStatus(p, 'awaiting');
  await settle(u.id, 'reject');
  await rowStatus(p, 'rejected');
  assert.deepEqual(await row(p).locator('button').allInnerTexts(), ['Reassign', 'Keep as placeholder', 'Cancel reassignment']);
  // Dave was chosen for another source user in the first test: GitLab refuses, on this row.
  await reassignTo(p, 'dave');
  await p.waitForSelector('[data-testid=contrib-refusal]');
  assert.match(await row(p).locator('[data-testid=contrib-refusal]').innerText(), /Reassign to user already assigned to another placeholder/);
  await rowStatus(p, 'rejected');
  await reassignTo(p, 'root');
  await rowStatus(p, 'awaiting');
  assert.equal(await p.locator('[data-testid=contrib-refusal]').count(), 0, 'the refusal goes once the row succeeds');

  // A failed one says why, and retry puts it back in progress.
  const f = (await sourceUsers()).find((x) => x.namespace_id === 100 && x.status === 'Failed');
  await p.fill('[data-testid=contrib-search]', '');
  await p.press('[data-testid=contrib-search]', 'Enter');
  await p.selectOption('[data-testid=contrib-status]', 'failed');
  await rowStatus(p, 'failed');
  assert.match(p.url(), /status=failed/);
  assert.ok(f, 'the seed has a failed one');
  assert.match(await row(p).locator('[data-testid=contrib-error]').innerText(), /Failed: Reassignment failed/);
});

test('keep all as placeholder says how many first, then keeps exactly those', async () => {
  const p = await page();
  await signIn(p, '/contributions?group=migrated&status=pending');
  await p.waitForSelector('[data-testid=contrib-row]');
  const open = (await sourceUsers()).filter((x) => x.namespace_id === 100 && ['PendingReassignment', 'Rejected'].includes(x.status)).length;
  assert.ok(open > 0);
  await p.click('[data-testid=contrib-keep-all]');
  await p.waitForSelector('[data-testid=contrib-keep-all-confirm]');
  assert.match(await p.innerText('[data-testid=contrib-keep-all-confirm]'), new RegExp(`Keep ${open} source users as placeholders`));
  await p.click('[data-testid=contrib-keep-all-yes]');
  await p.waitForSelector('[data-testid=contrib-info]');
  assert.match(await p.innerText('[data-testid=contrib-info]'), new RegExp(`${open} source users kept`));
  await p.waitForSelector('[data-testid=contrib-empty]');
  const left = (await sourceUsers()).filter((x) => x.namespace_id === 100 && ['PendingReassignment', 'Rejected'].includes(x.status));
  assert.equal(left.length, 0);
});

test('a non-owner and an unknown group each get one sentence, not an error dump', async () => {
  const p = await page();
  await signIn(p, '/contributions?group=migrated', 'sandbox-other-token');
  await p.waitForSelector('[data-testid=contrib-unavailable]');
  assert.match(await p.innerText('[data-testid=contrib-unavailable]'), /Only owners of this top-level group/);
  assert.equal(await p.locator('[data-testid=contrib-table]').count(), 0);
});
