// Trunk's one post-build hook. Trunk starts all hooks of a stage at once, so the steps that must follow each
// other run from here, in order: split (renames files) → head (inline CSS, preloads first) → CSP (hashes the inline
// scripts and style as they end up) → precompress (compresses the final files).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
for (const step of ['split.mjs', 'head.mjs', 'csp.mjs', 'precompress.mjs']) {
  execFileSync(process.execPath, [join(here, step)], { stdio: 'inherit' });
}
