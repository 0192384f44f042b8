// Bench figures for the campaign board (issue #27's budget: "a board of 40 waves and 2,000 projects opens with 1
// request for the plan plus the waves' reads, in one lane with at most 6 in flight"). A plan of 2,000 projects in
// 40 groups, each group a started wave with its migration, is put in GitLab through the Files API; the board is
// then opened (reload, sign-in) with the plan's project remembered, and every destination request counted until
// all 40 waves show their figures. Not a test. Run against the release build served by a sandbox:
//   bash scripts/build.sh && target/debug/sandbox --port 4410 --source-port 4411 --speed 0 --dist "$PWD/dist" &
//   CONSOLE_URL=http://127.0.0.1:4410 node tests/e2e/campaign-board-bench.mjs
import { BASE, OWNER, SOURCE, SOURCE_TOKEN, launch, openPage, signIn, sandboxSettings } from './lib.mjs';

const WAVES = 40;
const PROJECTS = 2000;
const headers = { 'PRIVATE-TOKEN': OWNER, 'Content-Type': 'application/json' };
const post = (path, body) => fetch(`${BASE}/api/v4${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

await fetch(`${BASE}/-/sandbox/scale-source?projects=${PROJECTS}&groups=${WAVES}`, { method: 'POST' });
await sandboxSettings({ rate_limit_per_minute: 1000 });
const groups = Array.from({ length: WAVES }, (_, g) => `fleet-${String(g + 1).padStart(2, '0')}`);
const items = [];
const started = [];
const perGroup = PROJECTS / WAVES;
for (const [g, group] of groups.entries()) {
  const res = await post('/bulk_imports', {
    configuration: { url: SOURCE, access_token: SOURCE_TOKEN },
    entities: [{ source_type: 'group_entity', source_full_path: group, destination_namespace: 'migrated', destination_slug: group, migrate_projects: true }],
  });
  if (res.status !== 201) throw new Error(`create ${group}: ${res.status} ${await res.text()}`);
  const id = (await res.json()).id;
  const paths = [group];
  items.push({ kind: 'group', path: group, read: true });
  for (let n = g * perGroup; n < (g + 1) * perGroup; n++) {
    const slug = n % 25 === 24 ? `archived-svc-${String(n).padStart(4, '0')}` : `svc-${String(n).padStart(4, '0')}`;
    items.push({ kind: 'project', path: `${group}/${slug}`, read: true });
    paths.push(`${group}/${slug}`);
  }
  started.push({ paths, migrations: [id], started_ms: Date.now() - (WAVES - g) * 60_000, estimate_s: 3600 });
}
// Half of GitLab's work done: the board has running, finished and pending entities to count.
await fetch(`${BASE}/-/sandbox/advance?seconds=1200`, { method: 'POST' });
const plan = { version: 1, source_url: SOURCE, destination_namespace: 'migrated', target: { by: 'projects', value: perGroup }, items, started };
const made = await post('/projects', { name: 'migration-campaign', namespace_id: 100 });
const project = await made.json();
const file = await post(`/projects/${project.id}/repository/files/migration-campaign.json`, { branch: 'main', content: JSON.stringify(plan), commit_message: 'plan' });
if (file.status !== 201) throw new Error(`file: ${file.status}`);

const browser = await launch();
const p = await openPage(browser);
await signIn(p, '/campaign');
await p.locator('[data-testid=plan-project]').pressSequentially('migrated/migration-campaign');
await p.click('[data-testid=plan-use]');
await p.waitForFunction((n) => document.querySelectorAll('[data-testid=campaign-board-wave]').length === n, WAVES, { timeout: 120_000 });

// The measured opening: a reload with the plan's project remembered, then the sign-in.
const runs = [];
for (let run = 0; run < 3; run++) {
  const flight = { now: 0, max: 0, kinds: {} };
  const kind = (u) => {
    const path = new URL(u).pathname.replace('/api/v4', '');
    if (/repository\/files\//.test(path)) return 'plan file';
    if (/repository\/commits/.test(path)) return 'plan commit';
    if (/^\/bulk_imports\/\d+\/entities/.test(path)) return 'wave entities';
    return path.replace(/\d+/g, ':id');
  };
  const isDest = (u) => u.startsWith(BASE) && u.includes('/api/');
  const onRequest = (r) => {
    if (!isDest(r.url())) return;
    flight.now += 1;
    flight.max = Math.max(flight.max, flight.now);
    const k = kind(r.url());
    flight.kinds[k] = (flight.kinds[k] ?? 0) + 1;
  };
  const onDone = (r) => { if (isDest(r.url())) flight.now -= 1; };
  await p.reload();
  await p.fill('#token', OWNER);
  p.on('request', onRequest);
  p.on('requestfinished', onDone);
  p.on('requestfailed', onDone);
  const t0 = Date.now();
  await p.click('button[type=submit]');
  await p.waitForFunction((n) => {
    const waves = [...document.querySelectorAll('[data-testid=campaign-board-wave]')];
    return waves.length === n && waves.every((w) => Number(w.dataset.done) > 0);
  }, WAVES, { timeout: 120_000, polling: 50 });
  const ms = Date.now() - t0;
  p.off('request', onRequest);
  p.off('requestfinished', onDone);
  p.off('requestfailed', onDone);
  runs.push({ ms, max_in_flight: flight.max, requests: flight.kinds });
}
console.log(JSON.stringify({ waves: WAVES, projects: PROJECTS, runs }, null, 1));
await browser.close();
