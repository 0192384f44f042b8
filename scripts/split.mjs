// Trunk post-build hook: splits the release wasm by route (Leptos `#[lazy_route]`), as cargo-leptos does.
// Trunk 0.21 cannot split, so this redoes its last steps on the raw cargo output:
//   wasm-split-cli (main module + one chunk per lazy route + shared chunks + the `__wasm_split.js` loader)
//   → wasm-bindgen --keep-lld-exports on the main module → wasm-opt -Oz on every wasm → short import names
//   → the loader merged into the main JS (scripts/merge-loader.mjs) → content-hashed names (so a cached old chunk
//   never meets a new main module) → index.html names and integrity rewritten. csp.mjs runs after this and hashes
//   Trunk's inline loader script as it is then.
// The switch: CONSOLE_SPLIT=1 (scripts/build.sh sets it, with the `split` cfg and `--emit-relocs`).
// Anything else keeps Trunk's unsplit output and only optimises it (wasm-opt -Oz, integrity renewed).
import { createHash } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dropExports, shortenImports } from './trim-glue.mjs';
import { attrPattern, attrValue } from './html-attr.mjs';
import { mergeLoader } from './merge-loader.mjs';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('split.mjs: no TRUNK_STAGING_DIR and no directory argument');
const profile = process.env.TRUNK_PROFILE === 'debug' ? 'debug' : 'release';
const run = (cmd, args) => {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    // wasm-bindgen warns once per chunk about name subsections it does not know: only a failure is worth showing.
    process.stderr.write(e.stderr ?? '');
    throw e;
  }
};
const sha = (data, alg = 'sha256') => createHash(alg).update(data).digest();
const short = (data) => sha(data).toString('hex').slice(0, 16);
const sri = (file) => `sha384-${sha(readFileSync(join(dir, file)), 'sha384').toString('base64')}`;
// Every wasm gets wasm-opt -Oz here, split or not: index.html tells Trunk not to run it (data-wasm-opt="0"), because
// a split build throws Trunk's optimised module away (it splits cargo's raw output), and that was ~2 min per build.
// The producers and target-features sections are for linkers, not browsers (≈ 300 B a module).
// CONSOLE_WASM_NAMES=1 keeps the function names, for a CPU profile that says where the time goes (larger files).
const names = process.env.CONSOLE_WASM_NAMES === '1' ? ['-g'] : [];
const optArgs = (file) => ['-Oz', ...names, '--strip-producers', '--strip-target-features', `--output=${file}`, file];
const optimise = (file) => run('wasm-opt', optArgs(file));
// The same for many files, one wasm-opt per core at a time (each is single-threaded on modules this small):
// the split build's 168 modules took twice as long one after the other on 2 cores.
const execFileAsync = promisify(execFile);
async function optimiseAll(files) {
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      await execFileAsync('wasm-opt', optArgs(file), { maxBuffer: 64 << 20 }).catch((e) => {
        process.stderr.write(e.stderr ?? '');
        throw e;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
}

// Trunk's names, read from its index.html: the loader script imports `<stem>.js` and `<stem>_bg.wasm`.
const indexFile = join(dir, 'index.html');
let html = readFileSync(indexFile, 'utf8');
const stem = html.match(/\/([\w.-]+)_bg\.wasm/)?.[1];
if (!stem) throw new Error('split.mjs: no *_bg.wasm in index.html (is this a Trunk rust build?)');

// The integrity of every <link> in index.html whose file `pick` accepts, read again from dist.
const withIntegrity = (page, pick, extra = () => '') =>
  page.replace(/<link\b[^>]*>/g, (tag) => {
    const file = attrValue(tag, 'href')?.split('/').pop();
    if (!file || !pick(file)) return tag;
    return tag.replace(attrPattern('integrity'), `integrity="${sri(file)}"`) + extra(tag, file);
  });

if (process.env.CONSOLE_SPLIT !== '1') {
  // Unsplit: Trunk's module, optimised as Trunk would have (it was told not to), and its integrity renewed.
  if (profile === 'release') {
    optimise(join(dir, `${stem}_bg.wasm`));
    writeFileSync(indexFile, withIntegrity(html, (file) => file === `${stem}_bg.wasm`));
  }
  console.log('split.mjs: CONSOLE_SPLIT is not 1: unsplit build, optimised as one module');
  process.exit(0);
}
// Trunk writes its hash as a plain hexadecimal u64: leading zeros are dropped (seen: 14 digits).
const crate = stem.replace(/-[0-9a-f]{1,16}$/, '');

const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline']));
const raw = join(meta.target_directory, 'wasm32-unknown-unknown', profile, `${crate}.wasm`);
const rawBytes = readFileSync(raw);
if (!rawBytes.includes(Buffer.from('reloc.CODE'))) {
  throw new Error(`split.mjs: ${raw} has no relocations: build with scripts/build.sh (it links with --emit-relocs)`);
}
if (!rawBytes.includes(Buffer.from('__wasm_split_placeholder__'))) {
  throw new Error('split.mjs: the wasm has no split points: was it built without `--cfg split`?');
}

const work = mkdtempSync(join(tmpdir(), 'console-split-'));
try {
  const parts = join(work, 'parts');
  run('wasm-split-cli', [raw, parts, '--out-name', stem, '--target', 'web']);
  run('wasm-bindgen', ['--target=web', '--keep-lld-exports', '--no-typescript', `--out-dir=${work}`, `--out-name=${stem}`,
    join(parts, `${stem}.wasm`)]);

  const chunks = readdirSync(parts).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`);
  // Short import names and no unused wasm-streams exports (scripts/trim-glue.mjs), before wasm-opt drops the code.
  const glue = shortenImports(readFileSync(join(work, `${stem}_bg.wasm`)), readFileSync(join(work, `${stem}.js`), 'utf8'));
  const trimmed = dropExports(glue.wasm, /^(__wbg_)?intounderlying(bytesource|sink|source)_/);
  if (trimmed.dropped === 0) throw new Error('split.mjs: no wasm-streams exports found: update trim-glue.mjs');
  writeFileSync(join(work, `${stem}_bg.wasm`), trimmed.wasm);
  writeFileSync(join(work, `${stem}.js`), glue.js);
  await optimiseAll([join(work, `${stem}_bg.wasm`), ...chunks.map((chunk) => join(parts, chunk))]);

  // Names from the build. The build id covers every wasm (the main module and each chunk's bytes), so the main
  // module's JS, wasm and loader, and every chunk, change name whenever any code changes: a cached chunk of an
  // older build never meets a newer main module. The loader names each chunk by its short stem alone (`c12` for
  // `chunk_12`, `s_verification` for a route's `split___verification_route_view_<n>`) and one fetcher adds the build
  // id: a content hash per chunk cost the first load 4 bytes of entropy per chunk (~0.85 KB brotli for ~215 chunks)
  // for the one thing it bought, a chunk kept in the cache across a deploy that left it unchanged.
  let loader = readFileSync(join(parts, '__wasm_split.js'), 'utf8');
  const mainWasm = readFileSync(join(work, `${stem}_bg.wasm`));
  const chunkBytes = chunks.map((chunk) => readFileSync(join(parts, chunk)));
  const buildId = short(Buffer.concat([mainWasm, ...chunkBytes]));
  const chunkId = buildId.slice(0, 8);
  const renamed = [];
  chunks.forEach((chunk, i) => {
    const base = chunk.replace(/\.wasm$/, '').replace(/^chunk_/, 'c').replace(/^split___(.*)_route_view_\d+$/, 's_$1');
    const name = `${base}-${chunkId}.wasm`;
    if (renamed.some((r) => r.name === name)) throw new Error(`split.mjs: two chunks would be named ${name}`);
    if (!loader.includes(`"./${chunk}"`)) throw new Error(`split.mjs: the loader does not name ${chunk}`);
    loader = loader.replaceAll(`"./${chunk}"`, `"./${base}.wasm"`);
    copyFileSync(join(parts, chunk), join(dir, name));
    renamed.push({ name, bytes: chunkBytes[i].length });
  });
  loader = shareFetcher(loader, renamed.length, chunkId);
  const newStem = `${crate}-${buildId}`;

  // The loader imports `initSync` from the main JS and the main JS imports the loader: merged into one module
  // (scripts/merge-loader.mjs), one request fewer at start-up. The wasm's import module key stays "./__wasm_split.js".
  let mainJs = mergeLoader(readFileSync(join(work, `${stem}.js`), 'utf8'), loader);
  if (mainJs.includes('__wbindgen_placeholder__') || loader.includes('__wbindgen_placeholder__')) {
    // leptos#4245 / cargo-leptos#562: a wasm-bindgen descriptor left in a chunk; the page would not load.
    throw new Error('split.mjs: __wbindgen_placeholder__ in the output: the split left a wasm-bindgen import behind');
  }

  // Trunk minified the JS it wrote; this JS is new, so it is minified here (the names the wasm imports are
  // object keys, which terser leaves alone).
  const minify = (js) => {
    const out = join(work, 'min.js');
    writeFileSync(join(work, 'in.js'), js);
    run('terser', [join(work, 'in.js'), '--module', '--compress', '--mangle', '--output', out]);
    return readFileSync(out, 'utf8');
  };
  mainJs = minify(mainJs);

  for (const f of [`${stem}.js`, `${stem}_bg.wasm`]) rmSync(join(dir, f), { force: true });
  writeFileSync(join(dir, `${newStem}.js`), mainJs);
  writeFileSync(join(dir, `${newStem}_bg.wasm`), mainWasm);

  // index.html: new names, and Subresource Integrity for the files Trunk preloads.
  html = html.replaceAll(`${stem}_bg.wasm`, `${newStem}_bg.wasm`).replaceAll(`${stem}.js`, `${newStem}.js`);
  html = withIntegrity(html, (file) => file.startsWith(newStem));
  writeFileSync(indexFile, html);

  const manifest = {
    main: { js: `${newStem}.js`, wasm: `${newStem}_bg.wasm`, bytes: mainWasm.length },
    chunks: renamed,
  };
  writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
  copyFileSync(join(work, 'manifest.json'), join(dir, 'split-manifest.json'));
  console.log(`split.mjs: main ${mainWasm.length} B + ${renamed.length} chunks ` +
    `(${renamed.reduce((s, c) => s + c.bytes, 0)} B) → ${newStem}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// wasm-split writes the same fetcher (fetch the chunk, observe the promise, instantiate) once per chunk: ~220
// copies in the loader that the first load carries. One function that makes them, called with each path, costs
// ~0.4 KB brotli less. Fails loudly when the loader's spelling changed and nothing was replaced.
function shareFetcher(loader, chunks, chunkId) {
  const one = /\(\)\s*=>\s*\{\s*const src = fetch\(new URL\("\.\/([\w.-]+)\.wasm", import\.meta\.url\)\);\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => \(?WebAssembly\.instantiateStreaming\(src, imports\)\)?;\s*\}\s*/g;
  let n = 0;
  let out = loader.replace(one, (_, name) => {
    n += 1;
    return `__fetch_chunk("${name}")`;
  });
  if (n < chunks) throw new Error(`split.mjs: ${n} fetchers replaced for ${chunks} chunks: update shareFetcher`);
  // A chunk that needs no other is loaded by one call with its name alone.
  // Every chunk is named through the fetcher, which adds the build id: a name left anywhere else would 404.
  if (/\.wasm"/.test(out)) throw new Error('split.mjs: a chunk named outside the fetchers: update shareFetcher');
  out = out.replace(/makeLoad\(__fetch_chunk\(("[\w.-]+")\),\s*\[\]\)/g, '__load_chunk($1)');
  const helper = `const __fetch_chunk = (name) => () => { const src = fetch(new URL(\`./\${name}-${chunkId}.wasm\`, import.meta.url)); ` +
    'src.catch(() => {}); return async (imports) => WebAssembly.instantiateStreaming(src, imports); };\n' +
    'const __load_chunk = (name) => makeLoad(__fetch_chunk(name), []);\n';
  return helper + out;
}
