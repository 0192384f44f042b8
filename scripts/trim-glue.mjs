// Used by scripts/split.mjs on the main module right after wasm-bindgen, before wasm-opt. Two trims of what the
// first load carries besides the console's own code; each fails loudly rather than ship a page that cannot start.
//
// shortenImports: the ~250 functions the wasm imports from its JS glue are named `__wbg_<name>_<16 hex digits>`
// under the module `./<crate>-<hash>_bg.js`, and each name is written twice (the wasm's import section, the JS
// object that provides it). Random hex does not compress: short names (`$0`, `$1`, … `$6x`, module `w`) took
// 5.9 KB brotli off the first load. A name not found exactly once in the JS stops the build.
//
// dropExports: server_fn (a Leptos dependency, for server functions this console does not have) brings
// wasm-streams, whose `#[wasm_bindgen]` classes are exported and so kept alive with their code. Nothing calls
// them; without the exports wasm-opt removes the code. The JS classes stay: they touch the wasm only when used.

/** Reads LEB128 numbers and names from `wasm`, from offset `p` on. */
function reader(wasm, p) {
  const r = {
    p,
    leb() {
      let v = 0, shift = 0, x;
      do { x = wasm[r.p++]; v |= (x & 0x7f) << shift; shift += 7; } while (x & 0x80);
      return v >>> 0;
    },
    str() {
      const n = r.leb();
      const s = wasm.subarray(r.p, r.p + n).toString();
      r.p += n;
      return s;
    },
  };
  return r;
}

const uleb = (n) => {
  const out = [];
  do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n);
  return Buffer.from(out);
};
const name = (s) => Buffer.concat([uleb(Buffer.byteLength(s)), Buffer.from(s)]);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The module with each section of id `id` replaced by what `rewrite(reader at the section's body)` returns. */
function rewriteSections(wasm, id, rewrite) {
  const r = reader(wasm, 8);
  const sections = [wasm.subarray(0, 8)];
  while (r.p < wasm.length) {
    const start = r.p;
    const sectionId = wasm[r.p++];
    const size = r.leb();
    const end = r.p + size;
    if (sectionId === id) {
      const body = rewrite(r);
      sections.push(Buffer.from([id]), uleb(body.length), body);
    } else {
      sections.push(wasm.subarray(start, end));
    }
    r.p = end;
  }
  return Buffer.concat(sections);
}

/** @returns {{ wasm: Buffer, js: string, renamed: number }} */
export function shortenImports(wasm, js) {
  let renamed = 0;
  const out = rewriteSections(wasm, 2, (r) => {
    const count = r.leb();
    const entries = [uleb(count)];
    let glue = null;
    for (let i = 0; i < count; i++) {
      const module = r.str();
      const fieldName = r.str();
      // The import's kind and type, copied as they are.
      const descStart = r.p;
      const kind = wasm[r.p++];
      if (kind === 0) r.leb();
      else if (kind === 1) { r.p++; const flags = r.leb(); r.leb(); if (flags & 1) r.leb(); }
      else if (kind === 2) { const flags = r.leb(); r.leb(); if (flags & 1) r.leb(); }
      else if (kind === 3) r.p += 2;
      else if (kind === 4) { r.p++; r.leb(); }
      else throw new Error(`short-imports: import kind ${kind} unknown`);
      const desc = wasm.subarray(descStart, r.p);
      if (!module.endsWith('_bg.js')) { entries.push(name(module), name(fieldName), desc); continue; }
      if (glue && glue !== module) throw new Error(`short-imports: two glue modules, ${glue} and ${module}`);
      glue = module;
      // `$` first: a JS identifier, so the key needs no quotes (`4z:` would not parse).
      const short = `$${(renamed++).toString(36)}`;
      let found = 0;
      js = js.replace(new RegExp(`([{,]\\s*)${escape(fieldName)}(\\s*:)`, 'g'), (_, before, colon) => {
        found++;
        return `${before}${short}${colon}`;
      });
      if (found !== 1) throw new Error(`short-imports: ${fieldName} is provided ${found} times in the JS, not once`);
      entries.push(name('w'), name(short), desc);
    }
    if (glue) {
      const key = new RegExp(`(["'])${escape(glue)}\\1(\\s*:)`, 'g');
      let found = 0;
      js = js.replace(key, (_, q, colon) => { found++; return `${q}w${q}${colon}`; });
      if (found !== 1) throw new Error(`short-imports: the module ${glue} is keyed ${found} times in the JS`);
    }
    return Buffer.concat(entries);
  });
  return { wasm: out, js, renamed };
}

/** Removes the exports whose names match `pattern`; returns the new wasm and how many went. */
export function dropExports(wasm, pattern) {
  let dropped = 0;
  const out = rewriteSections(wasm, 7, (r) => {
    const count = r.leb();
    const kept = [];
    for (let i = 0; i < count; i++) {
      const entry = r.p;
      const exportName = r.str();
      r.p++; // kind
      r.leb(); // index
      if (pattern.test(exportName)) dropped++;
      else kept.push(wasm.subarray(entry, r.p));
    }
    return Buffer.concat([uleb(kept.length), ...kept]);
  });
  return { wasm: out, dropped };
}
