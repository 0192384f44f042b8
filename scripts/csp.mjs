// Trunk post-build hook: puts a Content-Security-Policy into the built index.html. Trunk's loader is an inline
// module script and the stylesheet is inlined (one request less before the first paint), so the policy allows
// exactly those by their SHA-256 hashes and nothing else inline (no style attributes either).
// connect-src: this origin, any https instance, and plain http on loopback only (the sandbox, local tests).
// A deployer who knows their instances narrows it with the nginx header documented in README (Security).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('csp.mjs: no TRUNK_STAGING_DIR and no directory argument');
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');

const hashOf = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
  .filter((m) => !/\bsrc=/.test(m[0].slice(0, m[0].indexOf('>'))))
  .map((m) => hashOf(m[1]));
const styleHashes = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => hashOf(m[1]));

export const policy = [
  "default-src 'none'",
  `script-src 'self' ${hashes.join(' ')} 'wasm-unsafe-eval'`.replace(/\s+/g, ' '),
  `style-src 'self' ${styleHashes.join(' ')}`.trim(),
  "img-src 'self' data:",
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "manifest-src 'self'",
].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">\n    <meta name="referrer" content="no-referrer">`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*(<meta name="referrer"[^>]*>)?/, '');
// The policy must come before any script: right after the charset.
// Trunk's release minifier writes the charset without quotes.
html = html.replace(/(<meta charset=["']?utf-8["']?\s*\/?>)/i, `$1\n    ${meta}`);
if (!html.includes('Content-Security-Policy')) throw new Error('csp.mjs: no <meta charset="utf-8"> to put the policy after');
writeFileSync(file, html);
console.log(`csp.mjs: ${hashes.length} inline script(s) and ${styleHashes.length} style(s) allowed by hash`);
