import { chromium } from 'playwright-core';
const BASE = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (let run = 0; run < 3; run++) {
  const context = await browser.newContext();
  await context.addInitScript(([base]) => {
    localStorage.setItem('gmc-instance', base); localStorage.setItem('gmc-token', 'sandbox-owner-token');
    const inst = WebAssembly.instantiateStreaming;
    if (inst) WebAssembly.instantiateStreaming = (...a) => { globalThis.__wasmStart = performance.now(); return inst(...a).then((r) => { globalThis.__wasmDone = performance.now(); return r; }); };
    new MutationObserver((_, o) => { if (document.querySelector('[data-testid=migrations-table] tbody tr')) { globalThis.__painted = performance.now(); o.disconnect(); } }).observe(document, { childList: true, subtree: true });
  }, [BASE]);
  const page = await context.newPage();
  await page.goto(BASE + '/migrations', { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid=migrations-table] tbody tr');
  const r = await page.evaluate(() => ({
    res: performance.getEntriesByType('resource').map((e) => `${Math.round(e.startTime)}→${Math.round(e.responseEnd)} ${e.name.replace(location.origin, '').slice(0, 70)}`),
    nav: Math.round(performance.getEntriesByType('navigation')[0].responseEnd),
    wasm: [Math.round(globalThis.__wasmStart), Math.round(globalThis.__wasmDone)], painted: Math.round(globalThis.__painted),
  }));
  console.log(JSON.stringify(r, null, 1));
  await context.close();
}
await browser.close();
