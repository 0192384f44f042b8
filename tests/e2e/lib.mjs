// Shared helpers of the end-to-end suites: Debian's Chromium through playwright-core, sign-in, error capture.
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';

export const BASE = process.env.CONSOLE_URL ?? 'http://127.0.0.1:3220';
export const OWNER = 'sandbox-owner-token';
export const READONLY = 'sandbox-readonly-token';
/// The sandbox's source instance listens on the next port.
export const SOURCE = BASE.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`);
export const SOURCE_TOKEN = 'sandbox-source-token';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/// A page that records every uncaught error, panic and console error (a failed HTTP status that the console
/// handles is logged by Chromium itself as "Failed to load resource": that one is expected, not a bug).
export async function openPage(browser, { width = 1280, ...contextOptions } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, ...contextOptions });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.errors.push(`console: ${m.text()}`);
  });
  page.apiRequests = [];
  page.on('request', (r) => { if (r.url().includes('/api/v4/')) page.apiRequests.push({ method: r.method(), url: r.url(), at: Date.now() }); });
  return page;
}

/// One browser per suite. Every page opened through `suite.page()` is checked when the suite ends: no panic,
/// uncaught error or console error on any of them. `setup`/`teardown` run after launch and before the check.
export function browserSuite({ setup, teardown } = {}) {
  const suite = { browser: null, pages: [] };
  before(async () => { suite.browser = await launch(); await setup?.(); });
  after(async () => {
    await teardown?.();
    const errors = suite.pages.flatMap((p) => p.errors);
    await suite.browser.close();
    assert.deepEqual(errors, [], 'no panic, uncaught error or console error on any page');
  });
  suite.page = async (opts) => { const p = await openPage(suite.browser, opts); suite.pages.push(p); return p; };
  return suite;
}

/// The sandbox's run-time switches (`POST /-/sandbox/settings`).
export function sandboxSettings(body) {
  return fetch(`${BASE}/-/sandbox/settings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

export async function signIn(page, path = '/migrations', token = OWNER) {
  await page.goto(BASE + path);
  await page.fill('#instance-url', BASE);
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=signed-in-user]');
}

/// A reload forgets a token that was not remembered: sign in again, on the same URL.
export async function reloadAndSignIn(page, token = OWNER) {
  await page.reload();
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=signed-in-user]');
}

/// Starts a migration straight through the API (the start form is another suite's subject).
export async function createMigration(sourcePath, namespace, slug, kind = 'group_entity') {
  const sandbox = await (await fetch(`${BASE}/-/sandbox/state`)).json().catch(() => ({}));
  const sourceUrl = sandbox.imports?.[0]?.source_url ?? BASE.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`);
  const res = await fetch(`${BASE}/api/v4/bulk_imports`, {
    method: 'POST',
    headers: { 'PRIVATE-TOKEN': OWNER, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      configuration: { url: sourceUrl, access_token: 'sandbox-source-token' },
      entities: [{ source_type: kind, source_full_path: sourcePath, destination_namespace: namespace, destination_slug: slug }],
    }),
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function rowsText(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (rows) => rows.map((r) => r.innerText.replace(/\s+/g, ' ').trim()));
}

/// The start form: connects the source instance.
export async function connectSource(p) {
  await p.fill('#source-url', SOURCE);
  await p.fill('#source-token', SOURCE_TOKEN);
  await p.click('.source-form button[type=submit]');
  await p.waitForSelector('[data-testid=source-connected]');
}

export async function addRow(p, kind, source, namespace, slug) {
  const index = await p.locator('[data-testid=rows] > li').count();
  await p.click(`[data-testid=add-${kind}-row]`);
  const row = p.locator('[data-testid=rows] > li').nth(index); // locators are lazy: pin this row
  await row.locator('[data-field=source]').fill(source);
  await row.locator('[data-field=source]').blur();
  await row.locator('input[list=destination-groups]').fill(namespace);
  await row.locator('input[list=destination-groups]').blur();
  if (slug) { await row.locator('[data-field=slug]').fill(slug); await row.locator('[data-field=slug]').blur(); }
  return row;
}
