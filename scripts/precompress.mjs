// Trunk post-build hook, the last one: writes `.br` and `.gz` beside every text and wasm file of the build, so a
// static server sends them as they are (nginx `gzip_static on; brotli_static on;`, GitLab Pages, the sandbox)
// instead of compressing on each request or not at all. README: Deploy.
// One worker thread per core, each taking the next file (zopfli and brotli 11 are single-threaded: one after the
// other they kept one of CI's two cores idle for the whole step).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { brotliCompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

const here = fileURLToPath(import.meta.url);

if (isMainThread) {
  const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
  if (!dir) throw new Error('precompress.mjs: no TRUNK_STAGING_DIR and no directory argument');
  const worth = /\.(wasm|js|css|html|json|svg|txt)$/;
  // Largest first, so that no big file starts last.
  const queue = readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((file) => worth.test(file) && statSync(file).isFile())
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const total = { raw: 0, br: 0, gz: 0 };
  const worker = () => new Promise((resolve, reject) => {
    const w = new Worker(here);
    const next = () => {
      const file = queue.shift();
      if (file) w.postMessage(file);
      else w.terminate().then(resolve, reject);
    };
    w.on('message', (sizes) => {
      for (const k of Object.keys(total)) total[k] += sizes[k];
      next();
    });
    w.on('error', reject);
    next();
  });
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  console.log(`precompress.mjs: ${total.raw} B → brotli ${total.br} B, gzip ${total.gz} B`);
} else {
  // Zopfli writes plain gzip, 4.6 % smaller than zlib's level 9 (the first load's gzip budget, #15); installed
  // into .tools/ by scripts/setup.sh. No quiet fallback: a build without it would ship larger files unnoticed.
  const require = createRequire(join(dirname(here), '..', '.tools', 'package.json'));
  const { gzipAsync } = require('@gfx/zopfli');
  parentPort.on('message', async (file) => {
    const data = readFileSync(file);
    const brotli = brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    });
    // Zopfli for what the first load carries (index.html, the main JS and wasm, config); zlib's level 9 for the
    // lazy chunks, whose gzip no budget counts (browsers take their brotli): zopfli on ~220 chunks was most of the
    // step's time in every test run.
    const chunk = /\/(c\d+|s_\w+)-[0-9a-f]+\.wasm$/.test(file);
    const gzip = chunk
      ? gzipSync(data, { level: 9 })
      : Buffer.from(await gzipAsync(data, { numiterations: 15 }));
    if (!gunzipSync(gzip).equals(data)) throw new Error(`precompress.mjs: the gzip of ${file} does not read back`);
    writeFileSync(`${file}.br`, brotli);
    writeFileSync(`${file}.gz`, gzip);
    parentPort.postMessage({ raw: data.length, br: brotli.length, gz: gzip.length });
  });
}
