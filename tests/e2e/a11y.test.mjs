// Accessibility (#14, WCAG 2.2 AA): axe-core on every route in light and dark, English and Chinese; the cancel
// confirmation's focus handling; the skip link, the focus after a client-side navigation and the page titles.
// One browser context per mode, one sign-in per context; routes are reached by client-side navigation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BASE, OWNER, browserSuite } from './lib.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;
const suite = browserSuite();
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/// The routes, each with what shows that it has loaded (and what to do before the check).
const ROUTES = [
  { path: '/migrations', ready: '[data-testid=migrations-table] tbody tr' },
  { path: '/migrations/1', ready: '[data-testid=entities-table] tbody tr' },
  {
    path: '/migrations/7', ready: '[data-testid=cancel-migration]', name: '/migrations/7 (cancel confirmation open)',
    prepare: async (p) => { await p.click('[data-testid=cancel-migration]'); await p.waitForSelector('[role=alertdialog]'); },
  },
  { path: '/entities?status=failed', ready: '[data-testid=entities-table] tbody tr' },
  { path: '/migrations/2/entities/8', ready: '[data-testid=failures-table] tbody tr' },
  { path: '/migrations/new', ready: '#source-url' },
];

/// Client-side navigation, as the router's links do it (no reload, the document and the session stay).
async function navigate(p, path) {
  await p.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
}

async function axeCheck(p) {
  if (!(await p.evaluate(() => typeof window.axe !== 'undefined'))) await p.addScriptTag({ content: axeSource });
  const result = await p.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values } }), TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 3).map((n) =>
    `    ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`).join('\n')}${v.nodes.length > 3 ? `\n    … and ${v.nodes.length - 3} more` : ''}`);
}

async function signInHere(p) {
  await p.fill('#instance-url', BASE);
  await p.fill('#token', OWNER);
  await p.click('button[type=submit]');
  await p.waitForSelector('[data-testid=signed-in-user]');
}

for (const colorScheme of ['light', 'dark']) {
  for (const lang of ['en', 'zh-CN']) {
    test(`axe: every route, ${colorScheme}, ${lang}`, async (t) => {
      const p = await suite.page({ colorScheme, bypassCSP: true });
      await p.goto(BASE + '/migrations');
      await p.waitForSelector('#token');
      if (lang !== 'en') {
        await p.selectOption('#language', lang);
        await p.waitForFunction((l) => document.documentElement.lang === l, lang);
      }
      const failures = [];
      const check = async (name) => {
        const violations = await axeCheck(p);
        if (violations.length) failures.push(`${name} [${colorScheme}, ${lang}]:\n  ${violations.join('\n  ')}`);
      };
      await check('sign-in');
      await signInHere(p);
      for (const route of ROUTES) {
        await navigate(p, route.path);
        await p.waitForSelector(route.ready);
        await route.prepare?.(p);
        await check(route.name ?? route.path);
      }
      assert.equal(failures.length, 0, `axe found violations:\n${failures.join('\n')}`);
    });
  }
}

test('the cancel confirmation takes the focus, keeps it, closes on Escape and gives it back', async () => {
  const p = await suite.page();
  await p.goto(BASE + '/migrations/7');
  await signInHere(p);
  await p.waitForSelector('[data-testid=cancel-migration]');
  await p.focus('[data-testid=cancel-migration]');
  await p.keyboard.press('Enter');
  await p.waitForSelector('[role=alertdialog]');
  const inDialog = () => p.evaluate(() => !!document.activeElement?.closest('[role=alertdialog]'));
  const focused = () => p.evaluate(() => document.activeElement?.textContent.trim());
  // The focus moves in once the dialog is rendered (a frame later on a busy machine).
  await p.waitForFunction(() => !!document.activeElement?.closest('[role=alertdialog]'), null, { timeout: 2000 })
    .catch(() => assert.fail('focus moves into the confirmation'));
  const seen = new Set();
  for (let i = 0; i < 6; i++) {
    await p.keyboard.press('Tab');
    assert.ok(await inDialog(), `Tab ${i + 1} stays inside the confirmation`);
    seen.add(await focused());
  }
  for (let i = 0; i < 4; i++) {
    await p.keyboard.press('Shift+Tab');
    assert.ok(await inDialog(), `Shift+Tab ${i + 1} stays inside the confirmation`);
  }
  assert.ok(seen.size >= 2, 'Tab cycles through both buttons');
  await p.keyboard.press('Escape');
  await p.waitForSelector('[role=alertdialog]', { state: 'detached' });
  await p.waitForFunction(() => document.activeElement?.dataset.testid === 'cancel-migration', null, { timeout: 2000 });
  // "Keep running" closes it the same way.
  await p.keyboard.press('Enter');
  await p.waitForSelector('[role=alertdialog]');
  await p.click('[role=alertdialog] button:not([data-testid=confirm-cancel])');
  await p.waitForSelector('[role=alertdialog]', { state: 'detached' });
  await p.waitForFunction(() => document.activeElement?.dataset.testid === 'cancel-migration', null, { timeout: 2000 });
});

test('skip link first, focus on the heading after a client-side navigation, a title per page', async () => {
  const p = await suite.page();
  await p.goto(BASE + '/migrations');
  await p.waitForSelector('#token');
  await p.keyboard.press('Tab');
  assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('href')), '#main',
    'the first focus stop is the skip link');
  assert.equal(await p.evaluate(() => document.activeElement?.textContent.trim()), 'Skip to main content');
  assert.equal(await p.title(), 'Sign in · Migration console');
  await signInHere(p);
  await p.waitForSelector('[data-testid=migrations-table] tbody tr');
  await p.waitForFunction(() => document.title === 'Migrations · Migration console');
  await p.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 }); // after signing in
  // Follow a link to migration 1.
  await p.click('[data-testid=migrations-table] a[href$="/migrations/1"]');
  await p.waitForFunction(() => document.title === 'Migration 1 · Migration console');
  await p.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.match(await p.evaluate(() => document.activeElement.textContent), /Migration 1/);
  assert.equal(await p.evaluate(() => document.activeElement.getAttribute('tabindex')), '-1');
  for (const [path, title, heading] of [
    ['/migrations/7', 'Migration 7 · Migration console', 'Migration 7'],
    ['/entities?status=failed', 'All groups and projects · Migration console', 'All groups and projects'],
    ['/migrations/2/entities/8', 'legacy/monolith · Migration console', 'legacy/monolith'],
    ['/migrations/new', 'New migration · Migration console', 'New migration'],
    ['/migrations', 'Migrations · Migration console', 'Migrations'],
  ]) {
    await navigate(p, path);
    await p.waitForFunction((t) => document.title === t, title, { timeout: 5000 })
      .catch(async () => assert.fail(`${path}: title is "${await p.title()}", expected "${title}"`));
    await p.waitForFunction((h) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent.includes(h),
      heading, { timeout: 5000 })
      .catch(async () => assert.fail(`${path}: focus is on ${await p.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`));
  }
  // Translated.
  await p.selectOption('#language', 'zh-CN');
  await p.waitForFunction(() => document.title === '迁移 · 迁移控制台', null, { timeout: 5000 });
  // The skip link moves the focus to <main>.
  await p.focus('.skip-link');
  await p.keyboard.press('Enter');
  assert.equal(await p.evaluate(() => document.activeElement?.id), 'main');
});

// CopyButton's name follows the language: after a switch on a shown page the buttons read 复制 and are named
// 复制关联 ID, not "Copy Correlation ID" (label-content-name-mismatch, WCAG 2.5.3).
test('switching the language on a shown page keeps names and visible texts together', async () => {
  const p = await suite.page({ bypassCSP: true });
  await p.goto(BASE + '/migrations/2/entities/8');
  await signInHere(p);
  await p.waitForSelector('[data-testid=failures-table] tbody tr');
  await p.selectOption('#language', 'zh-CN');
  await p.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  const violations = await axeCheck(p);
  assert.equal(violations.length, 0, `axe found violations:\n  ${violations.join('\n  ')}`);
});

test('the migrations list follows a language switch in its durations ("took …")', async () => {
  const p = await suite.page();
  await p.goto(BASE + '/migrations');
  await signInHere(p);
  await p.waitForSelector('[data-testid=migration-1]');
  assert.match(await p.textContent('[data-testid=migration-1]'), /took \d/);
  await p.selectOption('#language', 'zh-CN');
  await p.waitForFunction(() => /用时/.test(document.querySelector('[data-testid=migration-1]')?.textContent ?? ''))
    .catch(async () => assert.fail(await p.textContent('[data-testid=migration-1]')));
  assert.doesNotMatch(await p.textContent('[data-testid=migration-1]'), /took|\d+m \d+s/);
  await p.selectOption('#language', 'en');
});
