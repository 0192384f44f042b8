// Bench figures for "Complete the move" (issue #26) on a finished migration of N projects whose CI/CD
// variables, webhooks and deploy keys differ between the instances: sign in on the page, compare (the
// destination alone), connect the source in place, compare both; then copy what is missing, and compare again.
// Per phase: time, API requests per project, per kind and per instance (a list's first page, further pages,
// one GET per webhook), most requests in flight per instance, the longest main-thread task and how many went
// over 50 ms (PerformanceObserver 'longtask'); for the copy, the writes, their most in flight and errors.
// Run against a sandbox seeded with --scale-settings N (debug build is fine):
//   target/debug/sandbox --port 18760 --source-port 18761 --speed 0 --scale-settings 1000 --dist /work/main/dist
//   node tests/e2e/complete-bench.mjs http://127.0.0.1:18760
// BENCH_PROFILE=1 (with a build made with CONSOLE_WASM_NAMES=1) prints, per phase, the functions of the console that
// held the main thread longest (a CPU profile sampled every ms, time inclusive of what they called).
// The run stops waiting after BENCH_BUDGET_MS (default 270 s): a phase not Done by then is reported with its
// progress, and the phases after it as not reached. The sandbox's state changes with the copy: restart it.
import { launch, openPage } from './lib.mjs';

const BASE = process.argv[2] ?? process.env.CONSOLE_URL ?? 'http://127.0.0.1:18760';
const OWNER = 'sandbox-owner-token';
const SOURCE_TOKEN = 'sandbox-source-token';
const SOURCE_PORT = String(Number(new URL(BASE).port) + 1);
// The whole run stops waiting after this (a page slower than that is reported as not Done, with its progress).
const DEADLINE = Date.now() + Number(process.env.BENCH_BUDGET_MS ?? 270_000);
const left = () => Math.max(1_000, DEADLINE - Date.now());
const BUDGET = { lists: 2, inFlight: 6, longestTask: 50 };

// The scaled migration: the finished one with `settings-scale` entities (`sandbox/src/settings/scale.rs`).
const api = (path) => fetch(`${BASE}/api/v4${path}`, { headers: { 'PRIVATE-TOKEN': OWNER } });
const imports = await (await api('/bulk_imports?per_page=100&status=finished')).json();
let migration = null;
let projects = 0;
for (const m of imports.sort((a, b) => b.id - a.id)) {
  const res = await api(`/bulk_imports/${m.id}/entities?per_page=1`);
  const [first] = await res.json();
  if (first?.source_full_path?.startsWith('settings-scale/')) { migration = m.id; projects = Number(res.headers.get('x-total')); break; }
}
if (!migration) { console.error('no --scale-settings migration on this sandbox'); process.exit(2); }

const browser = await launch();
const p = await openPage(browser);
// Main-thread tasks over 50 ms, from the first script on.
await p.addInitScript(() => {
  const tasks = (window.__longtasks = []);
  const seen = (list) => tasks.push(...list.getEntries().map((e) => ({ start: e.startTime, ms: e.duration })));
  new PerformanceObserver(seen).observe({ type: 'longtask', buffered: true });
});

// Every API request of the current phase, and the requests open per instance.
const instanceOf = (u) => (u.port === SOURCE_PORT ? 'source' : 'destination');
let log = [];
const open = { destination: new Set(), source: new Set() };
const writesOpen = new Set();
let maxOpen = { destination: 0, source: 0 };
let maxWrites = 0;
p.on('request', (r) => {
  const u = new URL(r.url());
  if (!u.pathname.startsWith('/api/v4/')) return;
  const inst = instanceOf(u);
  const entry = { method: r.method(), inst, path: u.pathname.slice(7), page: Number(u.searchParams.get('page') ?? 1), status: 0 };
  log.push(entry);
  r.__bench = entry;
  open[inst].add(r);
  maxOpen[inst] = Math.max(maxOpen[inst], open[inst].size);
  if (entry.method !== 'GET') { writesOpen.add(r); maxWrites = Math.max(maxWrites, writesOpen.size); }
});
const ended = (r) => { open.destination.delete(r); open.source.delete(r); writesOpen.delete(r); };
p.on('requestfinished', async (r) => { ended(r); if (r.__bench) r.__bench.status = (await r.response().catch(() => null))?.status() ?? -1; });
p.on('requestfailed', (r) => { ended(r); if (r.__bench) r.__bench.status = -1; });
const PROFILE = process.env.BENCH_PROFILE === '1';
const cdp = PROFILE ? await p.context().newCDPSession(p) : null;
if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 1000 }); }
/// The console's own functions by time on the stack (each counted once per sample), the longest first: over the
/// whole phase, and within its tasks over 50 ms (sample times placed on the page's clock at the profile's start).
async function profileTop(phase, n = 25) {
  if (!cdp) return null;
  const { profile } = await cdp.send('Profiler.stop');
  const long = (await p.evaluate(() => window.__longtasks)).filter((t) => t.start >= phase.perf && t.ms > 50);
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const all = {}; const inLong = {}; const selfLong = {}; const perTask = new Map();
  const clean = (name) => name.replace(/17h[0-9a-f]{16}E$|::h[0-9a-f]{16}$/, '');
  let at = profile.startTime;
  profile.samples.forEach((s, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const pageMs = phase.perf + (at - profile.startTime) / 1000;
    const task = long.find((t) => pageMs >= t.start && pageMs <= t.start + t.ms);
    const isLong = Boolean(task);
    if (isLong) {
      const leaf = clean(byId.get(s).callFrame.functionName) || `(${byId.get(s).callFrame.url.split('/').pop() || 'program'})`;
      selfLong[leaf] = (selfLong[leaf] ?? 0) + ms;
      if (!perTask.has(task)) perTask.set(task, {});
    }
    const seen = new Set();
    for (let id = s; id; id = parent.get(id)) {
      const name = clean(byId.get(id).callFrame.functionName);
      if (!/migration_console/.test(name) || seen.has(name)) continue;
      seen.add(name);
      all[name] = (all[name] ?? 0) + ms;
      if (isLong) {
        inLong[name] = (inLong[name] ?? 0) + ms;
        const t = perTask.get(task);
        t[name] = (t[name] ?? 0) + ms;
      }
    }
  });
  const top = (o) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${Math.round(v)} ms ${k}`);
  // The three longest tasks, each with its deepest console functions (inclusive): what made that one task.
  const tasks = [...perTask].sort((a, b) => b[0].ms - a[0].ms).slice(0, 3)
    .map(([t, o]) => `task of ${Math.round(t.ms)} ms at ${Math.round(t.start)}: ${top(o).slice(0, 12).join(' | ')}`);
  return { whole_phase: top(all), in_tasks_over_50ms: top(inLong), self_in_tasks_over_50ms: top(selfLong), tasks };
}
const startPhase = async () => {
  log = []; maxOpen = { destination: 0, source: 0 }; maxWrites = 0;
  if (cdp) { await cdp.send('Profiler.stop').catch(() => {}); await cdp.send('Profiler.start'); }
  return { t: Date.now(), perf: await p.evaluate(() => performance.now()) };
};
/// Done and no request in flight for half a second: true; false when the deadline came first.
const idle = async () => {
  try {
    await p.waitForSelector('[data-testid=complete-progress][data-state=Done]', { timeout: left() });
  } catch { return false; }
  for (let quiet = 0; quiet < 5; quiet = open.destination.size + open.source.size ? 0 : quiet + 1) await p.waitForTimeout(100);
  return true;
};
const progress = async () => p.evaluate(() => document.querySelector('[data-testid=complete-progress]')?.innerText.split('\n')[0] ?? '');
const tasksSince = async (perf) => {
  const all = await p.evaluate(() => window.__longtasks);
  const tasks = all.filter((t) => t.start >= perf);
  return { longest_task_ms: Math.round(Math.max(0, ...tasks.map((t) => t.ms))), tasks_over_50ms: tasks.filter((t) => t.ms > 50).length };
};

// What a request reads: a settings list (its first page or a further one), one webhook, or something else.
const LIST = /^\/(projects|groups)\/([^/]+)\/(variables|hooks|deploy_keys)$/;
const HOOK = /^\/(projects|groups)\/([^/]+)\/hooks\/(\d+)$/;
function analyse(entries) {
  const lists = new Map(); const hooks = new Map();
  const counts = { destination: {}, source: {} };
  const bump = (inst, what) => { counts[inst][what] = (counts[inst][what] ?? 0) + 1; };
  for (const e of entries) {
    let m;
    if (e.method !== 'GET') bump(e.inst, 'writes');
    else if ((m = e.path.match(LIST))) {
      if (e.page > 1) { bump(e.inst, 'further pages'); continue; }
      bump(e.inst, `${m[3]} lists`);
      const key = `${e.inst} ${m[2]} ${m[3]}`;
      lists.set(key, (lists.get(key) ?? 0) + 1);
    } else if ((m = e.path.match(HOOK))) {
      bump(e.inst, 'hook GETs');
      const key = `${e.inst} ${m[2]} ${m[3]}`;
      hooks.set(key, (hooks.get(key) ?? 0) + 1);
    } else bump(e.inst, e.path.replace(/\/(projects|groups)\/[^/]+/, '/$1/:id').replace(/\/bulk_imports\/\d+/, '/bulk_imports/:id'));
  }
  // A webhook may be read once per read of its list.
  const hookOver = [...hooks].filter(([k, n]) => {
    const [inst, owner] = k.split(' ');
    return n > (lists.get(`${inst} ${owner} hooks`) ?? 0);
  }).length;
  const listMax = Math.max(0, ...lists.values());
  const total = { destination: entries.filter((e) => e.inst === 'destination').length, source: entries.filter((e) => e.inst === 'source').length };
  return {
    requests: total,
    per_project: { destination: +(total.destination / projects).toFixed(2), source: +(total.source / projects).toFixed(2) },
    by_kind: counts,
    max_list_reads_per_project_kind_instance: listMax,
    lists_read_more_than_budget: [...lists.values()].filter((n) => n > BUDGET.lists).length,
    max_gets_per_hook: Math.max(0, ...hooks.values()),
    hooks_read_more_than_their_lists: hookOver,
    errors: entries.filter((e) => e.status >= 400 || e.status < 0).length,
  };
}

/// A phase's figures; `done: false` with the progress shown when the deadline came first.
const figures = async (phase, t0, done) => ({
  done, ...(done ? {} : { progress: await progress() }), ms: Date.now() - t0, ...analyse(log), max_in_flight: maxOpen,
  ...(await tasksSince(phase.perf)), profile: await profileTop(phase),
});
const text = async (sel) => ((await p.locator(sel).count()) ? (await p.textContent(sel)).trim() : '');

// 1. Sign in on the page, compare the destination alone.
await p.goto(`${BASE}/migrations/${migration}/complete`);
await p.fill('#instance-url', BASE);
await p.fill('#token', OWNER);
let phase = await startPhase();
await p.click('button[type=submit]');
await p.waitForSelector('[data-testid=complete-source-missing]', { timeout: left() });
const destinationOnly = await figures(phase, phase.t, await idle());
const signInLog = log;

// 2. Connect the source in place (its URL is prefilled): both instances compared.
let compare = null;
if (destinationOnly.done) {
  phase = await startPhase();
  await p.locator('#again-source-token').pressSequentially(SOURCE_TOKEN);
  const typed = Date.now();
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => !document.querySelector('[data-testid=complete-source-missing]'), null, { timeout: left() });
  compare = await figures(phase, typed, await idle());
}
// The budget of list reads holds from the sign-in to both instances compared (the destination is read twice).
const whole = analyse([...signInLog, ...(compare ? log : [])]);
const rows = await p.locator('[data-testid=complete-item]').count();
const summary = await text('[data-testid=complete-summary]');

// 3. Copy what is chosen by default.
const button = p.locator('[data-testid=complete-copy-button]');
let copy = null;
let label = '';
if (compare?.done) {
  label = (await button.innerText()).trim();
  const chosen = Number(label.match(/\d+/)?.[0] ?? 0);
  phase = await startPhase();
  await button.click();
  const done = await p.waitForSelector('[data-testid=complete-copy-button]', { timeout: left() }).then(() => idle(), () => false);
  const writes = log.filter((e) => e.method !== 'GET');
  const outcomes = await p.$$eval('[data-testid=complete-result]', (els) => els.reduce((o, e) => { o[e.dataset.outcome] = (o[e.dataset.outcome] ?? 0) + 1; return o; }, {}));
  copy = {
    chosen, writes: writes.length, write_errors: writes.filter((e) => e.status >= 400 || e.status < 0).length,
    max_writes_in_flight: maxWrites, outcomes, ...(await figures(phase, phase.t, done)),
    summary_after: await text('[data-testid=complete-summary]'),
  };
}

// 4. Compare again: nothing is written, and the button says what is left.
let again = null;
if (copy?.done) {
  phase = await startPhase();
  await p.click('[data-testid=complete-again]');
  await p.waitForFunction(() => document.querySelector('[data-testid=complete-progress]')?.dataset.state !== 'Done', null, { timeout: 10_000 }).catch(() => {});
  const done = await idle();
  again = {
    writes: log.filter((e) => e.method !== 'GET').length, button: done ? (await button.innerText()).trim() : '',
    summary: await text('[data-testid=complete-summary]'), ...(await figures(phase, phase.t, done)),
  };
}
const errors = p.errors;
await browser.close();

// The table: each figure beside its budget.
const mark = (ok) => (ok ? 'ok' : 'OVER');
const table = [];
const row = (what, value, budget, ok) => table.push({ what, value, budget: budget ?? '', '': ok === undefined ? '' : mark(ok) });
row('projects / rows / summary', `${projects} / ${rows}`, summary);
const phases = [['destination only', destinationOnly], ['with source', compare], ['copy', copy], ['compare again', again]];
for (const [name, ph] of phases) {
  if (!ph) { row(`${name}`, 'not reached'); continue; }
  row(`${name}: time (ms)`, ph.done ? ph.ms : `not Done after ${ph.ms} (${ph.progress})`, '', ph.done);
  row(`${name}: requests per project dest / source`, `${ph.per_project.destination} / ${ph.per_project.source}`);
  row(`${name}: max list reads per project, kind, instance`, ph.max_list_reads_per_project_kind_instance, `≤ ${BUDGET.lists}`, ph.max_list_reads_per_project_kind_instance <= BUDGET.lists);
  row(`${name}: max GETs of one webhook / hooks read more than their lists`, `${ph.max_gets_per_hook} / ${ph.hooks_read_more_than_their_lists}`, '1 per list read', ph.hooks_read_more_than_their_lists === 0);
  row(`${name}: max in flight dest / source`, `${ph.max_in_flight.destination} / ${ph.max_in_flight.source}`, `≤ ${BUDGET.inFlight}`, Math.max(ph.max_in_flight.destination, ph.max_in_flight.source) <= BUDGET.inFlight);
  row(`${name}: longest task (ms) / tasks > 50 ms`, `${ph.longest_task_ms} / ${ph.tasks_over_50ms}`, `≤ ${BUDGET.longestTask} / 0`, ph.longest_task_ms <= BUDGET.longestTask);
  row(`${name}: failed requests`, ph.errors, 0, ph.errors === 0);
}
if (compare?.done) row('total time to Done (sign-in → both compared, ms)', destinationOnly.ms + compare.ms);
row('sign-in → both compared: max list reads per project, kind, instance', whole.max_list_reads_per_project_kind_instance, `≤ ${BUDGET.lists}`, whole.max_list_reads_per_project_kind_instance <= BUDGET.lists);
row('sign-in → both compared: requests per project dest / source', `${whole.per_project.destination} / ${whole.per_project.source}`);
if (copy) {
  row('copy: writes sent / items on the button', `${copy.writes} / ${copy.chosen}`, 'equal', copy.writes === copy.chosen);
  row('copy: writes in flight', copy.max_writes_in_flight, `≤ ${BUDGET.inFlight}`, copy.max_writes_in_flight <= BUDGET.inFlight);
  row('copy: write errors', copy.write_errors, 0, copy.write_errors === 0);
}
if (again) {
  row('compare again: writes', again.writes, 0, again.writes === 0);
  row('compare again: copy button', again.button);
}
row('page errors', errors.length, 0, errors.length === 0);
console.table(table);
for (const [name, ph] of phases) if (ph) console.log(`${name} requests by kind: ${JSON.stringify(ph.by_kind)}`);
for (const [name, ph] of phases) {
  if (!ph?.profile) continue;
  console.log(`${name}: the console's functions by CPU time\n  ${ph.profile.whole_phase.join('\n  ')}`);
  console.log(`${name}, within tasks over 50 ms:\n  ${ph.profile.in_tasks_over_50ms.join('\n  ')}`);
  console.log(`${name}, self time within tasks over 50 ms (every function):\n  ${ph.profile.self_in_tasks_over_50ms.join('\n  ')}`);
  console.log(`${name}, the longest tasks:\n  ${ph.profile.tasks.join('\n  ')}`);
}
if (errors.length) console.error(errors.slice(0, 5).join('\n'));
console.log(JSON.stringify({
  migration, projects, rows, summary, label,
  total_to_done_ms: compare?.done ? destinationOnly.ms + compare.ms : null, destination_only: destinationOnly, with_source: compare,
  sign_in_to_compared: { max_list_reads: whole.max_list_reads_per_project_kind_instance, per_project: whole.per_project }, copy, again,
  page_errors: errors.length, over_budget: table.filter((r) => r[''] === 'OVER').map((r) => r.what),
}));
