// Sign in with GitLab (issue #19): the OAuth round trip with PKCE to a deep link, renewal in the middle of live
// refresh, Deny, a tampered state, and sign-out revoking the token. The sandbox's config.json names its
// application only for this suite (POST /-/sandbox/oauth), so every other suite sees the page unchanged.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, browserSuite } from './lib.mjs';

function oauthSettings(body) {
  return fetch(`${BASE}/-/sandbox/oauth`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

const { page } = browserSuite();
before(async () => { await oauthSettings({ config_application: true }); });

/// Records what the page sends: the credential headers of API calls, the token endpoint's grants and answers.
async function watched(opts) {
  const p = await page(opts);
  p.auth = [];
  p.grants = [];
  p.tokenAnswers = [];
  p.urls = [];
  p.on('request', async (r) => {
    p.urls.push(r.url());
    if (r.url().includes('/api/v4/')) {
      const h = await r.allHeaders();
      p.auth.push({ bearer: h.authorization ?? null, privateToken: h['private-token'] ?? null });
    }
    if (r.url().endsWith('/oauth/token')) p.grants.push(new URLSearchParams(r.postData() ?? '').get('grant_type'));
  });
  p.on('response', async (r) => {
    if (r.url().endsWith('/oauth/token') && r.ok()) p.tokenAnswers.push(await r.json().catch(() => ({})));
  });
  return p;
}

/// From a page of the console to GitLab's consent page; `decide` clicks there.
async function toConsent(p, path) {
  await p.goto(BASE + path);
  await p.click('[data-testid=oauth-button]');
  await p.waitForURL(/\/oauth\/authorize\?/);
  assert.match(await p.textContent('[data-testid=oauth-user]'), /Olivia/);
}

async function signInWithGitLab(p, path) {
  await toConsent(p, path);
  await p.click('button:has-text("Authorize")');
  await p.waitForSelector('[data-testid=signed-in-user]');
}

test('the round trip signs in on the deep link, with the code gone from the address bar and the history', async () => {
  const p = await watched();
  await p.goto(`${BASE}/migrations/7?status=failed`);
  await p.waitForSelector('#token'); // the sign-in form is a chunk of its own: it comes a moment later
  assert.equal(await p.locator('#token').count(), 1, 'the token form is still there');
  const historyBefore = await p.evaluate(() => history.length);
  await p.click('[data-testid=oauth-button]');
  await p.waitForURL(/\/oauth\/authorize\?/);
  const authorize = new URL(p.url());
  assert.equal(authorize.searchParams.get('client_id'), 'sandbox-console');
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(authorize.searchParams.get('redirect_uri'), `${BASE}/`);
  assert.match(authorize.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  await p.click('button:has-text("Authorize")');
  await p.waitForSelector('[data-testid=signed-in-user]');
  await p.waitForSelector('[data-testid=migration-summary]');
  const url = new URL(p.url());
  assert.equal(url.pathname + url.search, '/migrations/7?status=failed', 'back on the page asked for');
  // The entry that carried ?code= was replaced, not added to.
  assert.equal(await p.evaluate(() => history.length), historyBefore + 2, 'console, consent page, console');
  assert.equal(await p.evaluate(() => sessionStorage.getItem('gmc-oauth-pending')), null, 'verifier and state are gone');
  assert.equal(await p.evaluate(() => localStorage.getItem('gmc-oauth') ?? localStorage.getItem('gmc-token')), null, 'nothing remembered unless asked');
  assert.deepEqual(p.grants, ['authorization_code']);
  assert.ok(p.auth.length > 0 && p.auth.every((a) => a.bearer?.startsWith('Bearer ') && a.privateToken === null), 'Bearer, never PRIVATE-TOKEN');
  await p.goBack(); // the consent page again, not a URL with the spent code
  assert.doesNotMatch(p.url(), /[?&]code=/);
});

test('the token is renewed in the middle of live refresh, with no visible error', async () => {
  await oauthSettings({ access_token_lifetime_s: 4 });
  try {
    const p = await watched();
    await signInWithGitLab(p, '/migrations/7');
    await p.waitForSelector('[data-testid=migration-summary]');
    const first = p.auth.at(-1).bearer;
    const requestsBefore = p.auth.length;
    await p.waitForTimeout(11_000); // two live refreshes at 5 s, renewals every ~3 s
    assert.ok(p.grants.filter((g) => g === 'refresh_token').length >= 2, `renewed: ${p.grants}`);
    assert.ok(p.auth.length > requestsBefore, 'the page kept refreshing');
    assert.notEqual(p.auth.at(-1).bearer, first, 'later requests carry the renewed token');
    assert.equal(await p.locator('[data-testid=error-notice]').count(), 0, 'no error shown');
    assert.equal(await p.locator('[data-testid=signed-in-user]').count(), 1, 'still signed in');
    // Refresh tokens rotate and never travel in a URL.
    const refreshTokens = p.tokenAnswers.map((a) => a.refresh_token);
    assert.equal(new Set(refreshTokens).size, refreshTokens.length, 'a new refresh token each time');
    assert.ok(refreshTokens.every((t) => t && !p.urls.some((u) => u.includes(t))));
  } finally {
    await oauthSettings({ access_token_lifetime_s: 7200 });
  }
});

test('a token that expired early is renewed once after a 401, with no visible error', async () => {
  const p = await watched();
  await signInWithGitLab(p, '/migrations/7');
  await p.waitForSelector('[data-testid=migration-summary]');
  const first = p.auth.at(-1).bearer;
  const api = (r) => r.url().includes('/api/v4/');
  const bearerOf = async (r) => (await r.request().allHeaders()).authorization;
  // Waiters before the expiry: under load a response event can come well after the request that followed it.
  const met401 = p.waitForResponse((r) => api(r) && r.status() === 401, { timeout: 20_000 });
  const renewed = p.waitForRequest((r) => r.url().endsWith('/oauth/token'), { timeout: 20_000 });
  const succeeded = p.waitForResponse(async (r) => api(r) && r.status() === 200 && (await bearerOf(r)) !== first, { timeout: 20_000 });
  await oauthSettings({ expire_access_tokens: true }); // GitLab would say "Token is expired" from now on
  const expired = await met401;
  assert.equal(await bearerOf(expired), first, 'the next live refresh met the expired token');
  await renewed;
  const after = await succeeded;
  assert.match(await bearerOf(after), /^Bearer /, 'the request was sent again with the renewed token, and succeeded');
  await p.waitForTimeout(500);
  assert.deepEqual(p.grants, ['authorization_code', 'refresh_token'], 'renewed once');
  assert.equal(await p.locator('[data-testid=error-notice]').count(), 0, 'no error shown');
  assert.equal(await p.locator('[data-testid=signed-in-user]').count(), 1, 'still signed in');
});

test('Deny comes back to the sign-in page with one sentence and a way to start again', async () => {
  const p = await watched();
  await toConsent(p, '/migrations/7');
  await p.click('button:has-text("Deny")');
  await p.waitForSelector('[data-testid=oauth-error]');
  assert.match(await p.textContent('[data-testid=oauth-error]'), /declined/);
  assert.doesNotMatch(p.url(), /error=|state=/, 'the answer left the address bar');
  assert.deepEqual(p.grants, [], 'nothing was exchanged');
  // Start again: the consent page, then signed in on the page first asked for.
  await p.click('[data-testid=oauth-error] button');
  await p.waitForURL(/\/oauth\/authorize\?/);
  await p.click('button:has-text("Authorize")');
  await p.waitForSelector('[data-testid=migration-summary]');
  assert.match(p.url(), /\/migrations\/7$/);
});

test('a tampered state is refused before any code is exchanged', async () => {
  const p = await watched();
  await toConsent(p, '/migrations');
  await p.$eval('input[name=state]', (i) => { i.value = `${i.value}x`; });
  await p.click('button:has-text("Authorize")');
  await p.waitForSelector('[data-testid=oauth-error]');
  assert.match(await p.textContent('[data-testid=oauth-error]'), /did not belong to this sign-in/);
  assert.deepEqual(p.grants, [], 'the code was not exchanged');
  assert.doesNotMatch(p.url(), /code=/);
  assert.equal(await p.locator('[data-testid=signed-in-user]').count(), 0);
});

test('sign-out revokes the token: the old one gets 401', async () => {
  const p = await watched();
  await signInWithGitLab(p, '/migrations');
  const bearer = p.auth.at(-1).bearer;
  assert.equal((await fetch(`${BASE}/api/v4/user`, { headers: { Authorization: bearer } })).status, 200);
  const revoked = p.waitForResponse((r) => r.url().endsWith('/oauth/revoke'));
  await p.click('.topbar button:has-text("Sign out")');
  assert.equal((await revoked).status(), 200);
  await p.waitForSelector('[data-testid=oauth-button]');
  const res = await fetch(`${BASE}/api/v4/user`, { headers: { Authorization: bearer } });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).error, 'invalid_token');
});

test('remembered on this device, a reload stays signed in with GitLab; sign-out forgets it', async () => {
  const p = await watched();
  await p.goto(`${BASE}/migrations/1`);
  await p.check('#remember');
  await p.click('[data-testid=oauth-button]');
  await p.waitForURL(/\/oauth\/authorize\?/);
  await p.click('button:has-text("Authorize")');
  await p.waitForSelector('[data-testid=migration-summary]');
  assert.ok(await p.evaluate(() => localStorage.getItem('gmc-oauth')), 'kept because the user asked');
  assert.equal(await p.evaluate(() => localStorage.getItem('gmc-token')), null, 'not as a personal token');
  await p.reload();
  await p.waitForSelector('[data-testid=migration-summary]');
  assert.match(p.url(), /\/migrations\/1$/);
  assert.ok(p.auth.at(-1).bearer?.startsWith('Bearer '));
  await p.click('.topbar button:has-text("Sign out")');
  await p.waitForSelector('[data-testid=oauth-button]');
  assert.equal(await p.evaluate(() => localStorage.getItem('gmc-oauth')), null);
});
