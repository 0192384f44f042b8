// Trunk post-build hook, the last one: writes `.br` and `.gz` beside every text and wasm file of the build, so a
// static server sends them as they are (nginx `gzip_static on; brotli_static on;`, GitLab Pages, the sandbox)
// instead of compressing on each request or not at all. README: Deploy.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gunzipSync } from 'node:zlib';

// Zopfli writes plain gzip, 4.6 % smaller than zlib's level 9 (the first load's gzip budget, #15); installed
// into .tools/ by scripts/setup.sh. No quiet fallback: a build without it would ship larger files unnoticed.
const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', '.tools', 'package.json'));
const { gzipAsync } = require('@gfx/zopfli');

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('precompress.mjs: no TRUNK_STAGING_DIR and no directory argument');

const worth = /\.(wasm|js|css|html|json|svg|txt)$/;
let raw = 0, br = 0, gz = 0;
for (const name of readdirSync(dir)) {
  const file = join(dir, name);
  if (!worth.test(name) || !statSync(file).isFile()) continue;
  const data = readFileSync(file);
  const brotli = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  const gzip = Buffer.from(await gzipAsync(data, { numiterations: 15 }));
  if (!gunzipSync(gzip).equals(data)) throw new Error(`precompress.mjs: the gzip of ${name} does not read back`);
  writeFileSync(`${file}.br`, brotli);
  writeFileSync(`${file}.gz`, gzip);
  raw += data.length; br += brotli.length; gz += gzip.length;
}
console.log(`precompress.mjs: ${raw} B → brotli ${br} B, gzip ${gz} B`);
