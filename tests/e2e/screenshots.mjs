// Takes screenshots of the console's pages (for looking at them), signed in to a running sandbox.
// Usage: node tests/e2e/screenshots.mjs http://127.0.0.1:3000 out-dir
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base = 'http://127.0.0.1:3000', out = 'target/screenshots'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const errors = [];
async function shoot(name, path, { width = 1280, dark = false, signIn = true } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: dark ? 'dark' : 'light' });
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${name}: ${m.text()}`); });
  await page.goto(base + path);
  if (signIn) {
    await page.fill('#instance-url', base);
    await page.fill('#token', 'sandbox-owner-token');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=signed-in-user]');
  }
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  await page.close();
}
await shoot('sign-in', '/', { signIn: false });
await shoot('migrations', '/migrations');
await shoot('migrations-dark-360', '/migrations', { width: 360, dark: true });
await shoot('migration-1', '/migrations/1');
await shoot('migration-1-dark-360', '/migrations/1', { width: 360, dark: true });
await shoot('entities', '/entities?status=failed');
await shoot('entity-failures-360', '/migrations/2/entities/8', { width: 360 });
for (const extra of process.argv.slice(4)) await shoot(extra.replace(/\W+/g, '-'), extra);
await browser.close();
if (errors.length) { console.error(errors.join('\n')); process.exit(1); }
console.log(`screenshots in ${out}`);
