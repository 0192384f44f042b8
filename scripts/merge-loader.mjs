// The split loader (wasm-split's `__wasm_split.js`) goes into the main JS module instead of being a module of its
// own: one file fewer for the first load to ask for. That matters because a page gets six HTTP/1.1 connections
// per host and index.html's start-up requests (version, user, the list's first page) leave beside the main JS,
// the wasm and config.json: with the loader too, one of the seven waited for a free connection, a round trip
// more on a slow network (issue #28). Works on wasm-bindgen's and terser's spellings alike.
//
// The main JS imports the loader's namespace (`import * as x from "./__wasm_split.js"`, once per imported
// function) and hands it to the wasm as the "./__wasm_split.js" import module; the loader imports `initSync` from
// the main JS. Merged: the loader's code runs in a function scope of its own (its names cannot meet the main
// JS's), its exports are returned as an object that stands in for the namespace, and its `initSync` is the main
// JS's own function.
export function mergeLoader(mainJs, loader) {
  const star = /import\s*\*\s*as\s*([\w$]+)\s*from\s*(["'])\.\/__wasm_split(?:-[0-9a-f]+)?\.js\2;?/g;
  const names = [...mainJs.matchAll(star)].map((m) => m[1]);
  if (!names.length) throw new Error('merge-loader.mjs: the main JS does not import the loader');
  const initImport = /import\s*\{\s*initSync(?:\s+as\s+([\w$]+))?\s*\}\s*from\s*(["'])\.\/[\w.-]+\.js\2;?/;
  const init = loader.match(initImport);
  if (!init) throw new Error('merge-loader.mjs: the loader does not import initSync from the main JS');
  // The main JS's own name for initSync: wasm-bindgen declares it by that name, terser exports it `as initSync`.
  const local = /\bfunction\s+initSync\b/.test(mainJs) ? 'initSync' : mainJs.match(/([\w$]+)\s+as\s+initSync\b/)?.[1];
  if (!local) throw new Error('merge-loader.mjs: no initSync in the main JS');
  const exported = [];
  // Handed in as an argument: the loader's own (minified) names may take the main JS's name for it.
  let body = loader.replace(initImport, `const ${init[1] ?? 'initSync'}=__wasm_split_initSync;`);
  body = body.replace(/\bexport\s+(const|let|var|function|async\s+function)\s+([\w$]+)/g, (_, kind, name) => {
    exported.push(name);
    return `${kind} ${name}`;
  });
  if (!exported.length || /\bexport\b|\bimport\s*[{*]/.test(body)) {
    throw new Error('merge-loader.mjs: the loader exports or imports in a way this merge does not know');
  }
  const namespace = `const ${names[0]}=(__wasm_split_initSync=>{${body}\nreturn{${exported.join(',')}}})(${local})`;
  const aliases = names.slice(1).map((n) => `,${n}=${names[0]}`).join('');
  return `${mainJs.replace(star, '')}\n${namespace}${aliases};\n`;
}
