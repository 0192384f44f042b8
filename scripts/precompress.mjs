// Trunk post-build hook, the last one: writes `.br` and `.gz` beside every text and wasm file of the build, so a
// static server sends them as they are (nginx `gzip_static on; brotli_static on;`, GitLab Pages, the sandbox)
// instead of compressing on each request or not at all. README: Deploy.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

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
  const gzip = gzipSync(data, { level: 9 });
  writeFileSync(`${file}.br`, brotli);
  writeFileSync(`${file}.gz`, gzip);
  raw += data.length; br += brotli.length; gz += gzip.length;
}
console.log(`precompress.mjs: ${raw} B → brotli ${br} B, gzip ${gz} B`);
