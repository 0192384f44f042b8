// Trust (issue #14): a server error at start-up keeps the session, a refresh leaves open dialogs and focus
// alone, a 404 is final. Release build served by the sandbox (--speed 0: nothing moves unless advanced).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OWNER, browserSuite, signIn } from './lib.mjs';

const { page } = browserSuite();

function faults(body) {
  return fetch(`${BASE}/-/sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

test('a server error on reload keeps a remembered session, says what happened and recovers by itself', async () => {
  const p = await page();
  await p.goto(`${BASE}/migrations/1`);
  await p.fill('#instance-url', BASE);
  await p.fill('#token', OWNER);
  await p.check('#remember');
  await p.click('button[type=submit]');
  await p.waitForSelector('[data-testid=signed-in-user]');
  try {
    await faults({ mode: '500', rate: 1 });
    await p.reload();
    await p.waitForSelector('[data-testid=restore-error]');
    const text = await p.textContent('main');
    assert.match(text, /500/, text);
    assert.equal(await p.locator('#token').count(), 0, 'no sign-in form: the session is not ended by a 500');
    assert.equal(await p.evaluate(() => localStorage.getItem('gmc-token')), OWNER, 'the remembered token is kept');
  } finally {
    await faults({});
  }
  // The retry runs with the usual backoff (5 s, 10 s...): back without a click, on the same URL.
  await p.waitForSelector('[data-testid=signed-in-user]', { timeout: 20_000 });
  await p.waitForSelector('[data-testid=migration-summary]');
  assert.match(p.url(), /\/migrations\/1$/);
  await p.click('.topbar .button-quiet:last-child'); // sign out: forget the remembered token
});

test('a refresh with the same data leaves the cancel confirmation open and the focus where it was', async () => {
  const p = await page();
  await signIn(p, '/migrations/7');
  await p.click('[data-testid=cancel-migration]');
  await p.waitForSelector('[role=alertdialog]');
  await p.focus('[data-testid=confirm-cancel]');
  const before = p.apiRequests.length;
  await p.waitForTimeout(12_000); // two refreshes at 5 s
  assert.ok(p.apiRequests.length > before, 'the page did refresh meanwhile');
  assert.equal(await p.locator('[role=alertdialog]').count(), 1, 'the confirmation is still open');
  assert.equal(await p.evaluate(() => document.activeElement?.dataset?.testid), 'confirm-cancel', 'focus stayed');

  await signIn(p, '/migrations'); // a reload forgets a token that was not remembered
  await p.waitForSelector('[data-testid=migration-1] a');
  await p.focus('[data-testid=migration-1] a');
  const listBefore = p.apiRequests.length;
  await p.waitForTimeout(12_000);
  assert.ok(p.apiRequests.length > listBefore, 'the list did refresh meanwhile (#7 is running)');
  assert.equal(await p.evaluate(() => document.activeElement?.closest('tr')?.dataset?.testid), 'migration-1', 'focus stayed on the row link');
});

test('a migration that is not yours (404) shows the error alone and is not asked again', async () => {
  const p = await page();
  await signIn(p, '/migrations/6');
  await p.waitForSelector('.notice-error');
  await p.waitForTimeout(1_000);
  const text = await p.textContent('main');
  assert.doesNotMatch(text, /Loading|0 groups|No statistics|trying again/, text);
  assert.equal(await p.locator('[data-testid=overview]').count(), 0, 'no empty overview under the 404');
  const asked = p.apiRequests.filter((r) => r.url.includes('/bulk_imports/6')).length;
  await p.waitForTimeout(12_000);
  assert.equal(p.apiRequests.filter((r) => r.url.includes('/bulk_imports/6')).length, asked, 'polling stopped at the 404');
});

test('the chosen language survives a reload', async () => {
  const p = await page();
  await p.goto(`${BASE}/migrations`);
  await p.waitForSelector('#token');
  await p.selectOption('#language', 'zh-CN');
  await p.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  const chinese = await p.textContent('main');
  await p.reload();
  await p.waitForSelector('#token');
  await p.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: 5_000 });
  assert.equal(await p.inputValue('#language'), 'zh-CN');
  assert.equal(await p.textContent('main'), chinese, 'the sign-in form is still in Chinese');
  await p.selectOption('#language', 'en');
});

test('the list follows a language switch: every row\'s status, duration, link name and labels', async () => {
  // The rows are drawn once per language (not reactive inside): switching must redraw all of them.
  const p = await page();
  await signIn(p, '/migrations');
  const last = '[data-testid=migrations-table] tbody tr:last-child';
  await p.waitForSelector(last);
  assert.match(await p.textContent(last), /Partially completed.*took \d/s);
  await p.selectOption('#language', 'zh-CN');
  await p.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('用时'), last, { timeout: 5_000 });
  const chinese = await p.textContent(last);
  assert.match(chinese, /部分完成.*用时 \d/s);
  assert.doesNotMatch(chinese, /took|Partially/);
  assert.equal(await p.getAttribute(`${last} td.time-cell`, 'data-label'), '创建时间');
  assert.match(await p.getAttribute(`${last} a`, 'aria-label'), /^打开迁移 \d+$/);
  await p.selectOption('#language', 'en');
  await p.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('took'), last, { timeout: 5_000 });
  assert.match(await p.getAttribute(`${last} a`, 'aria-label'), /^Open migration \d+$/);
});

test('at 1280 px the English header is one line: brand, sections, language, theme, user and Sign out', async () => {
  const p = await page();
  await signIn(p, '/migrations');
  // On every section: the current one is bold, and the widest bold one must fit too.
  for (const section of ['Migrations', 'Groups and projects', 'Contributions', 'New migration', 'Plan a campaign']) {
    await p.click(`.nav a:text-is("${section}")`);
    await p.waitForSelector(`.nav a[aria-current=page]:text-is("${section}")`);
    const tops = await p.evaluate(() => ['.brand', '.nav', '.topbar-tools', '[data-testid=signed-in-user]']
      .map((s) => document.querySelector(s)?.getBoundingClientRect().top));
    const header = await p.evaluate(() => document.querySelector('.topbar').getBoundingClientRect().height);
    assert.ok(header < 70, `${section}: the header takes ${header} px (two lines took 98)`);
    assert.ok(Math.max(...tops) - Math.min(...tops) < 20, `${section}: everything starts on one line: ${tops}`);
  }
  assert.match(await p.getAttribute('.user-instance', 'title'), new RegExp(`^${BASE} · GitLab `), 'the whole instance in its title');
});

test('on a phone (390 px) the header stays short, nothing scrolls sideways and relation names are not broken', async () => {
  const p = await page();
  await p.setViewportSize({ width: 390, height: 900 });
  await signIn(p, '/migrations');
  await p.waitForSelector('[data-testid=migrations-table] tbody tr');
  const header = await p.evaluate(() => document.querySelector('.topbar').getBoundingClientRect().height);
  assert.ok(header <= 130, `the header takes ${header} px of 900`);
  assert.ok(await p.isVisible('text=Sign out'), 'signing out stays on the screen');
  const sideways = () => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(await sideways(), 0, 'the list does not scroll sideways');
  // The sections that do not fit scroll sideways in their own line, and a shade at its edge says so.
  const nav = await p.evaluate(() => {
    const n = document.querySelector('.nav');
    return { hidden: n.scrollWidth - n.clientWidth, shade: getComputedStyle(n).backgroundImage };
  });
  assert.ok(nav.hidden > 0, 'the sections are wider than the phone');
  assert.equal((nav.shade.match(/radial-gradient/g) ?? []).length, 2, `a shade at each edge: ${nav.shade}`);
  await p.click('[data-testid=migrations-table] a[href$="/migrations/2"]');
  await p.click('[data-testid=entities-table] a.entity-link');
  await p.waitForSelector('[data-testid=failure-groups] tbody tr');
  // "merge requests" on one line: the cell is as tall as one line of its text.
  const lines = await p.$$eval('[data-testid=failure-groups] tbody td:first-child', (cells) => cells.map((c) => {
    const range = document.createRange();
    range.selectNodeContents(c);
    return range.getClientRects().length;
  }));
  assert.ok(lines.length > 0 && lines.every((n) => n === 1), `relation cells take ${lines} lines`);
  assert.equal(await sideways(), 0, 'the entity page does not scroll sideways');
  // The verify page's tables are cards on a phone: nothing pushes the page sideways.
  await p.click('.nav a[href$="/migrations"]');
  await p.click('[data-testid=migrations-table] a[href$="/migrations/1"]');
  await p.click('[data-testid=verify-link] a');
  await p.waitForSelector('[data-testid=verify-progress][data-state=Done]', { timeout: 20_000 });
  assert.equal(await sideways(), 0, 'the verify page does not scroll sideways');
  const cell = p.locator('[data-testid=verify-entity] tr[data-relation=issues] td.num').nth(1);
  assert.equal(await cell.getAttribute('data-label'), 'Source (statistics)');
});
