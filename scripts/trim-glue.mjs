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

/** @returns {{ wasm: Buffer, js: string, renamed: number }} */
export function shortenImports(wasm, js) {
  let p = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do { x = wasm[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80);
    return r >>> 0;
  };
  const uleb = (n) => {
    const out = [];
    do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n);
    return Buffer.from(out);
  };
  const str = () => {
    const n = leb();
    const s = wasm.subarray(p, p + n).toString();
    p += n;
    return s;
  };
  const name = (s) => Buffer.concat([uleb(Buffer.byteLength(s)), Buffer.from(s)]);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const sections = [wasm.subarray(0, 8)];
  let renamed = 0;
  while (p < wasm.length) {
    const start = p;
    const id = wasm[p++];
    const size = leb();
    const end = p + size;
    if (id !== 2) { sections.push(wasm.subarray(start, end)); p = end; continue; }
    const count = leb();
    const entries = [uleb(count)];
    let glue = null;
    for (let i = 0; i < count; i++) {
      const module = str();
      const fieldName = str();
      // The import's kind and type, copied as they are.
      const descStart = p;
      const kind = wasm[p++];
      if (kind === 0) leb();
      else if (kind === 1) { p++; const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 3) p += 2;
      else if (kind === 4) { p++; leb(); }
      else throw new Error(`short-imports: import kind ${kind} unknown`);
      const desc = wasm.subarray(descStart, p);
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
    const body = Buffer.concat(entries);
    sections.push(Buffer.from([2]), uleb(body.length), body);
    p = end;
  }
  return { wasm: Buffer.concat(sections), js, renamed };
}

/** Removes the exports whose names match `pattern`; returns the new wasm and how many went. */
export function dropExports(wasm, pattern) {
  let p = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do { x = wasm[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80);
    return r >>> 0;
  };
  const uleb = (n) => {
    const out = [];
    do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n);
    return Buffer.from(out);
  };
  const sections = [wasm.subarray(0, 8)];
  let dropped = 0;
  while (p < wasm.length) {
    const start = p;
    const id = wasm[p++];
    const size = leb();
    const end = p + size;
    if (id !== 7) { sections.push(wasm.subarray(start, end)); p = end; continue; }
    const count = leb();
    const kept = [];
    for (let i = 0; i < count; i++) {
      const entry = p;
      const nameLength = leb();
      const name = wasm.subarray(p, p + nameLength).toString();
      p += nameLength;
      p++; // kind
      leb(); // index
      if (pattern.test(name)) dropped++;
      else kept.push(wasm.subarray(entry, p));
    }
    const body = Buffer.concat([uleb(kept.length), ...kept]);
    sections.push(Buffer.from([7]), uleb(body.length), body);
    p = end;
  }
  return { wasm: Buffer.concat(sections), dropped };
}
