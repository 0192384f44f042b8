// A whole campaign, end to end (issue #27), against the release build served by the sandbox (--speed 0: nothing
// moves unless the test advances the clock): a source of 500 projects in 40 groups, a plan of 8 waves kept in a
// GitLab file, every wave started from the board. Along the way the sandbox's fault injection answers 500s, 429s,
// dropped connections and slow answers; the page is reloaded in the middle of starting a wave; a second owner (Sam)
// opens the same plan in GitLab in another browser context and starts a different wave, which the first owner's
// stale tab then meets as a conflict; the first owner's GitLab sign-in (OAuth) is renewed in the middle. At the end
// the plan file, the board and GitLab's migrations (`GET /bulk_imports` of both users) agree entry for entry: no
// source project migrated twice, none lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, OWNER, SOURCE, SOURCE_TOKEN, browserSuite, sandboxSettings, signIn } from './lib.mjs';

const SAM = 'sandbox-second-owner-token';
const FILE = 'migration-campaign.json';
const PROJECTS = 500;
const GROUPS = 40;
const WAVES = 8;
const { page } = browserSuite();
const control = (path, body) => fetch(`${BASE}/-/sandbox/${path}`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
});
const faults = (f = {}) => control('faults', f);
const advance = (seconds) => control(`advance?seconds=${seconds}`);
const api = async (path, token = OWNER) => {
  const res = await fetch(`${BASE}/api/v4${path}`, { headers: { 'PRIVATE-TOKEN': token } });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return { body: await res.json(), next: res.headers.get('x-next-page') };
};
async function allPages(path, token) {
  const out = [];
  for (let page = 1; page; ) {
    const { body, next } = await api(`${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}`, token);
    out.push(...body);
    page = next ? Number(next) : 0;
  }
  return out;
}
const until = (p, fn, arg, timeout = 15_000) => p.waitForFunction(fn, arg, { timeout, polling: 50 });
const text = (p, sel) => p.locator(sel).innerText().catch(() => '');

/// "Sign in with GitLab" on the campaign page (the sandbox's consent page signs Olivia in).
async function signInWithGitLab(p) {
  await p.click('[data-testid=oauth-button]');
  await p.waitForURL(/\/oauth\/authorize\?/);
  await p.click('button:has-text("Authorize")');
  await p.waitForSelector('[data-testid=signed-in-user]');
  await p.waitForSelector('[data-testid=campaign-board]');
}

async function connectSource(p) {
  await p.fill('#again-source-url', SOURCE);
  await p.fill('#again-source-token', SOURCE_TOKEN);
  await p.click('[data-testid=connect-source] button[type=submit]');
  await p.waitForSelector('[data-testid=source-connected]');
}

const savedInGitLab = (p) => until(p, () => /Saved in GitLab/.test(document.querySelector('[data-testid=plan-sync-state]')?.textContent ?? ''));
const myWaves = (p) => p.locator('[data-testid=campaign-board-wave][data-co-owner=false]');

/// Clicks "Start wave" until one more wave of this user's is on the board with its migrations confirmed, as a
/// user would: a start that could not be written or sent says so, and is started again (`onRetry` first: GitLab is
/// back); GitLab's wait after a 429 (or the console's 6 a minute) is skipped with "Send now" (`onWait` first).
/// Gives what the board said on the way.
async function startWave(p, { onWait, onRetry, attempts = 4 } = {}) {
  const before = await myWaves(p).count();
  const said = [];
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await onRetry?.();
    await until(p, () => !document.querySelector('[data-testid=campaign-start-wave]')?.disabled);
    // The button is disabled while the start is under way: watch it, so that "done" is not the state before.
    await p.evaluate(() => {
      const b = document.querySelector('[data-testid=campaign-start-wave]');
      window.startSeen = false;
      window.startWatch?.disconnect();
      window.startWatch = new MutationObserver(() => { if (b.disabled) window.startSeen = true; });
      window.startWatch.observe(b, { attributes: true, attributeFilter: ['disabled'] });
    });
    await p.click('[data-testid=campaign-start-wave]');
    for (;;) {
      const outcome = await (await until(p, () => {
        if (document.querySelector('[data-testid=campaign-start-status] [data-testid=send-now]')) return 'wait';
        const b = document.querySelector('[data-testid=campaign-start-wave]');
        // Over: enabled again, or (the last wave) nothing left to start and nothing under way.
        const over = !b.disabled || (!document.querySelector('[data-testid=campaign-wave]')
          && !document.querySelector('[data-testid=campaign-start-status] .notice-info'));
        return window.startSeen && over ? 'done' : false;
      }, null, 30_000).catch(async (e) => {
        const where = await p.evaluate(() => ['campaign-start-status', 'plan-sync-status', 'campaign-start-wave']
          .map((t) => document.querySelector(`[data-testid=${t}]`)?.innerText).join(' | '));
        throw new Error(`${e.message}: ${where}`);
      })).jsonValue();
      if (outcome === 'done') break;
      said.push(await text(p, '[data-testid=campaign-start-status]'));
      await onWait?.();
      await p.click('[data-testid=campaign-start-status] [data-testid=send-now]').catch(() => {});
    }
    const status = await text(p, '[data-testid=campaign-start-status]');
    if (status) said.push(status);
    const mine = await myWaves(p).count();
    const last = mine > before ? await myWaves(p).nth(mine - 1).innerText() : '';
    if (mine === before + 1 && /#\d+/.test(last) && !/start recorded/.test(last)) return said;
  }
  assert.fail(`wave not started after ${attempts} attempts: ${said.join(' | ')}`);
}

/// Moves GitLab's clock until every wave this page can see (its own) is finished.
async function followToTheEnd(p) {
  for (let i = 0; i < 6; i++) {
    await advance(3600);
    await p.click('[data-testid=campaign-board-refresh]');
    const done = await until(p, () => [...document.querySelectorAll('[data-testid=campaign-board-wave][data-co-owner=false]')]
      .every((w) => w.dataset.finished === 'true'), null, 3000).then(() => true, () => false);
    if (done) return;
  }
  assert.fail('the waves did not finish');
}

test('a whole campaign: 500 projects in 40 groups, 8 waves, faults, a reload, a co-owner, a renewal; nothing twice, nothing lost', { timeout: 240_000 }, async () => {
  const t0 = Date.now();
  assert.equal((await control(`scale-source?projects=${PROJECTS}&groups=${GROUPS}`)).status, 200);
  await control('oauth', { config_application: true });
  // GitLab's own 6 creations a minute per user would make a 90-second run wait; the 429 is injected instead.
  await sandboxSettings({ rate_limit_per_minute: 600 });
  const newestBefore = Math.max(0, ...(await allPages('/bulk_imports', OWNER)).map((m) => m.id), ...(await allPages('/bulk_imports', SAM)).map((m) => m.id));

  // Olivia signs in with GitLab, reads the source, plans 8 waves of whole groups, keeps the plan in GitLab.
  const olivia = await page();
  const grants = [];
  olivia.on('request', (r) => { if (r.url().endsWith('/oauth/token')) grants.push(new URLSearchParams(r.postData() ?? '').get('grant_type')); });
  const creates = [];
  olivia.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v4/bulk_imports')) creates.push(r.postDataJSON()); });
  await olivia.goto(`${BASE}/campaign`);
  await signInWithGitLab(olivia);
  assert.match(await olivia.textContent('[data-testid=campaign-intro]'), /kept in this browser/);
  await connectSource(olivia);
  await olivia.click('[data-testid=campaign-load]');
  await olivia.waitForSelector('[data-testid=campaign-catalog]');
  await olivia.fill('[data-testid=campaign-filter]', 'fleet-');
  await olivia.click('[data-testid=campaign-select-matching]');
  await until(olivia, (s) => document.querySelector('[data-testid=campaign-selected]').textContent.includes(s), `${GROUPS} groups, ${PROJECTS} projects`);
  await olivia.fill('[data-testid=campaign-target]', '63');
  await until(olivia, (n) => document.querySelectorAll('[data-testid=campaign-wave]').length === n, WAVES);
  await olivia.selectOption('[data-testid=campaign-namespace]', 'migrated');
  await olivia.locator('[data-testid=plan-project]').pressSequentially('migrated/migration-campaign');
  await olivia.click('[data-testid=plan-create]');
  await savedInGitLab(olivia);
  assert.match(await olivia.textContent('[data-testid=campaign-intro]'), /lives in GitLab, in migrated\/migration-campaign\/migration-campaign\.json/);
  const project = (await api('/projects/migrated%2Fmigration-campaign')).body;
  const readPlan = async () => {
    const f = (await api(`/projects/${project.id}/repository/files/${FILE}?ref=main`)).body;
    return JSON.parse(Buffer.from(f.content, 'base64').toString());
  };
  assert.equal((await readPlan()).items.length, GROUPS + PROJECTS, 'the plan file holds every group and project');
  const said = [];

  // Wave 1: every third write answers 500: the wave's completion with its migration id is refused, and the
  // next write of the plan carries it.
  await faults({ mode: '500', rate: 1 / 3, only_writes: true });
  said.push(...await startWave(olivia));
  await faults();
  await advance(600);
  // Wave 2: GitLab answers the plan's write with 500: the start is not recorded, so nothing is sent; started
  // again once GitLab answers.
  await faults({ mode: '500', rate: 1, only_writes: true });
  const refused = await startWave(olivia, { onRetry: () => faults() });
  assert.ok(refused.some((s) => /could not be written to the plan in GitLab, so nothing was sent/.test(s)), refused.join(' | '));
  said.push(...refused);
  assert.equal((await readPlan()).started[0].sending, undefined, 'wave 1 completed in the file by a later write');
  // Wave 3: GitLab answers every create with 429: the board says it is GitLab's wait; sent once it is over.
  await faults({ mode: '429', rate: 1, only_post: true, only_path: '/bulk_imports' });
  const waited = await startWave(olivia, { onWait: () => faults() });
  assert.ok(waited.some((s) => /429/.test(s)), `GitLab's 429 is said: ${waited.join(' | ')}`);
  said.push(...waited);
  await advance(600);
  // Wave 4: the create's connection drops: looked up (not created), said, started again.
  await faults({ mode: 'drop', rate: 1, only_post: true, only_path: '/bulk_imports' });
  const dropped = await startWave(olivia, { onRetry: () => faults() });
  assert.ok(dropped.length > 0, 'the lost answer is said');
  said.push(...dropped);

  // Wave 5: every answer slow, the create's slower; the page is reloaded while the create is on its way (the
  // sandbox, like Rails, still creates it). The next opening finds the migration, never sends it again.
  await faults({ mode: 'slow', rate: 1, only_post: true, only_path: '/bulk_imports', slow_ms: 2500, latency_ms: 100 });
  const createsBefore = creates.length;
  const sent = olivia.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v4/bulk_imports'), { timeout: 20_000 });
  await olivia.click('[data-testid=campaign-start-wave]');
  await sent;
  const recorded = await readPlan();
  assert.equal(recorded.started.length, 5, 'the wave is in GitLab before its create');
  assert.equal(recorded.started[4].sending, true);
  await olivia.reload();
  await faults();
  await signInWithGitLab(olivia);
  await until(olivia, (n) => document.querySelectorAll('[data-testid=campaign-board-wave]').length === n, 5);
  for (let i = 0; i < 40 && (await readPlan()).started[4].sending; i++) {
    await olivia.click('[data-testid=campaign-board-refresh]');
    await olivia.waitForTimeout(250);
  }
  const found = (await readPlan()).started[4];
  assert.equal(found.sending, undefined, 'the reopened board found the migration of the interrupted start');
  assert.equal(found.migrations.length, 1);
  assert.equal(creates.length, createsBefore + 1, 'and did not send it again');
  await connectSource(olivia); // the source token lives in memory: a reload asks for it again
  await advance(600);

  // Wave 6: Sam opens the same plan in GitLab in another browser and starts the next wave.
  const sam = await page();
  await signIn(sam, '/campaign', SAM);
  await sam.locator('[data-testid=plan-project]').pressSequentially('migrated/migration-campaign');
  await sam.click('[data-testid=plan-use]');
  await savedInGitLab(sam);
  await until(sam, (n) => document.querySelectorAll('[data-testid=campaign-board-wave]').length === n, 5);
  await connectSource(sam);
  said.push(...await startWave(sam));
  const samWave = (await readPlan()).started[5];
  assert.equal(samWave.started_by?.username, 'sam');

  // Wave 7: Olivia's tab read the plan before Sam's start; GitLab has just expired her token as well. Her
  // start meets Sam's commit: the plan is read again and merged, her wave (the same groups as Sam's) is not
  // recorded and nothing is sent; the renewed token carries on. She starts again: the wave after Sam's.
  await control('oauth', { expire_access_tokens: true });
  const createsBeforeConflict = creates.length;
  const conflict = await startWave(olivia);
  assert.ok(conflict.some((s) => /could not be written to the plan in GitLab, so nothing was sent/.test(s)), conflict.join(' | '));
  assert.match(await olivia.textContent('[data-testid=plan-merge-note]'), /Sam Second: .*wave 6 .*nothing of yours was sent/);
  assert.equal(creates.length, createsBeforeConflict + 1, 'one create: the wave after Sam\'s, never Sam\'s again');
  assert.ok(grants.includes('refresh_token'), `the token was renewed: ${grants}`);
  said.push(...conflict);

  // Wave 8, then GitLab's clock runs until everything is done, with a share of every answer failing meanwhile.
  said.push(...await startWave(olivia));
  await faults({ mode: '500', rate: 0.2 });
  for (let i = 0; i < 2; i++) {
    await advance(1800);
    const read = olivia.waitForResponse((r) => /\/bulk_imports\/\d+\/entities/.test(r.url()), { timeout: 5000 }).catch(() => {});
    await olivia.click('[data-testid=campaign-board-refresh]');
    await read;
  }
  await faults();
  await followToTheEnd(olivia);
  await savedInGitLab(olivia);
  await sam.click('[data-testid=campaign-board-refresh]');
  await followToTheEnd(sam);

  // The plan in GitLab: 8 waves, none left sending, whose items are every group and project exactly once.
  const plan = await readPlan();
  assert.equal(plan.started.length, WAVES);
  const starters = plan.started.map((w) => w.started_by?.username);
  assert.deepEqual(starters, ['olivia', 'olivia', 'olivia', 'olivia', 'olivia', 'sam', 'olivia', 'olivia']);
  const planned = plan.started.flatMap((w) => w.paths.map((p) => p.toLowerCase()));
  assert.equal(new Set(planned).size, planned.length, 'no item in two waves');
  assert.deepEqual(new Set(planned), new Set(plan.items.map((i) => i.path.toLowerCase())), 'every item in a wave');
  assert.ok(plan.started.every((w) => !w.sending && w.migrations.length === 1), JSON.stringify(plan.started.map((w) => w.migrations)));

  // GitLab's migrations, as each user's API lists them: exactly the plan's, each in its starter's list.
  const listed = { olivia: await allPages('/bulk_imports', OWNER), sam: await allPages('/bulk_imports', SAM) };
  const ids = (who) => listed[who].map((m) => m.id).filter((id) => id > newestBefore).sort((a, b) => a - b);
  const planIds = (who) => plan.started.filter((w) => w.started_by.username === who).flatMap((w) => w.migrations).sort((a, b) => a - b);
  assert.deepEqual(ids('olivia'), planIds('olivia'), 'Olivia\'s migrations are her waves\'');
  assert.deepEqual(ids('sam'), planIds('sam'), 'Sam\'s migration is his wave\'s');

  // Every source project migrated exactly once, or failed with its reason: 0 duplicates, 0 lost.
  const seen = new Map();
  const failed = [];
  for (const w of plan.started) {
    const token = w.started_by.username === 'sam' ? SAM : OWNER;
    for (const id of w.migrations) {
      for (const e of await allPages(`/bulk_imports/${id}/entities`, token)) {
        const path = e.source_full_path.toLowerCase();
        seen.set(path, (seen.get(path) ?? 0) + 1);
        if (e.status === 'failed') {
          const reasons = await allPages(`/bulk_imports/${id}/entities/${e.id}/failures`, token);
          assert.ok(reasons.length > 0, `${path} failed without a reason`);
          failed.push(path);
        } else {
          assert.equal(e.status, 'finished', `${path}: ${e.status}`);
        }
        assert.ok(w.paths.some((p) => p.toLowerCase() === path), `${path} is in the wave that carried it`);
      }
    }
  }
  const duplicates = [...seen].filter(([, n]) => n > 1);
  const lost = plan.items.filter((i) => !seen.has(i.path.toLowerCase()));
  assert.deepEqual(duplicates, [], '0 duplicates');
  assert.deepEqual(lost, [], '0 lost');
  assert.equal([...seen.keys()].length, GROUPS + PROJECTS);

  // The boards say the same: each wave's migrations as in the file; the own waves done; the co-owner's said.
  for (const [p, me] of [[olivia, 'olivia'], [sam, 'sam']]) {
    // The board reads its waves again after the plan it last read changed (ids another tab added): wait for it.
    const totals = plan.started.map((w) => (w.started_by.username === me ? w.paths.length : null));
    await until(p, (t) => {
      const waves = [...document.querySelectorAll('[data-testid=campaign-board-wave]')];
      return waves.length === t.length && waves.every((w, n) => t[n] === null || Number(w.dataset.done) === t[n]);
    }, totals);
    const board = await p.$$eval('[data-testid=campaign-board-wave]', (li) => li.map((w) => ({
      ids: [...w.querySelectorAll('a')].map((a) => Number(a.textContent.replace('#', ''))),
      coOwner: w.dataset.coOwner === 'true',
      text: w.innerText.replace(/\s+/g, ' '),
    })));
    assert.equal(board.length, WAVES);
    board.forEach((w, n) => {
      const file = plan.started[n];
      assert.deepEqual(w.ids, file.migrations, `wave ${n + 1}: the board's migrations are the file's`);
      const total = file.paths.length;
      if (file.started_by.username === me) {
        assert.ok(!w.coOwner);
        assert.match(w.text, new RegExp(`${total} of ${total} done, 0 running, 0 failed, 0 pending`), w.text);
      } else {
        assert.ok(w.coOwner, w.text);
        const who = file.started_by.name;
        assert.match(w.text, new RegExp(`Started by ${who}: GitLab shows a migration only to the user who started it`), w.text);
      }
    });
  }
  assert.equal(await olivia.locator('[data-testid=signed-in-user]').count(), 1, 'still signed in after the renewal');
  const ms = Date.now() - t0;
  console.log(`campaign run: ${ms} ms; ${creates.length} creates sent by Olivia for 7 waves; ${failed.length} failed entities; said: ${said.filter(Boolean).length} notices`);
});
