import { createPrivateKey, sign } from 'node:crypto';
import pino from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../../core/errors.js';
import { DAY, systemClock } from '../../../core/clock.js';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import { createConnectorRuntime } from '../../sdk/runtime.js';
import connector from '../index.js';
import { READ_SCOPES } from '../scopes.js';
import { googleWorkspaceSimulator, ROGUE_APP, SCENARIO_PEOPLE, type RunningGoogleSimulator } from './index.js';
import { PRIVATE_RELAY_EGRESSES } from '../../sdk/simulator/places.js';
import { DEMO_ORGANISATION, workforce } from '../../sdk/simulator/workforce.js';
import { TRAVEL_IP, TRAVELLER_INDEX } from '../../sdk/simulator/workforce-routine.js';

type Json = Record<string, unknown>;

const runtimeFor = (config: unknown) => createConnectorRuntime(connector, config, { logger: pino({ level: 'silent' }), clock: systemClock, timeoutMs: 10_000 });

function assertion(sim: RunningGoogleSimulator, claims: Record<string, unknown>, key = sim.keys.privateKey): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'RS256', typ: 'JWT' });
  const body = b64({ iss: sim.config.serviceAccountEmail, sub: sim.config.adminEmail, scope: READ_SCOPES.join(' '), aud: sim.urls.token, iat: now, exp: now + 3600, ...claims });
  return `${head}.${body}.${sign('RSA-SHA256', Buffer.from(`${head}.${body}`), createPrivateKey(key)).toString('base64url')}`;
}

async function tokenRequest(sim: RunningGoogleSimulator, jwt: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await request(sim.urls.token as string, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }).toString(),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

describe('Google Workspace simulator', () => {
  let sim: RunningGoogleSimulator;
  beforeAll(async () => {
    sim = await googleWorkspaceSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 100 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('issues a token for a valid RS256 assertion and refuses a wrong key, audience, lifetime, subject or undelegated scope, as Google words it', async () => {
    const ok = await tokenRequest(sim, assertion(sim, {}));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(await tokenRequest(sim, assertion(sim, {}, sim.badCredentialConfig.privateKey))).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
    expect((await tokenRequest(sim, assertion(sim, { aud: 'https://oauth2.googleapis.com/token' }))).body.error).toBe('invalid_grant');
    const now = Math.floor(Date.now() / 1000);
    expect((await tokenRequest(sim, assertion(sim, { iat: now, exp: now + 7200 }))).body.error).toBe('invalid_grant');
    expect((await tokenRequest(sim, assertion(sim, { sub: 'nobody@northwind-legal.example' }))).body).toMatchObject({ error: 'invalid_grant', error_description: 'Invalid email or User ID' });
    expect(await tokenRequest(sim, assertion(sim, { scope: 'https://www.googleapis.com/auth/admin.directory.user https://mail.google.com/' }))).toMatchObject({ status: 401, body: { error: 'unauthorized_client' } });
  });

  it('a missing delegation fails the token check with the scopes to paste', async () => {
    sim.setDelegatedScopes(READ_SCOPES.slice(1));
    try {
      const runtime = runtimeFor(sim.config);
      const result = await connector.testConnection(connector.createSession(sim.config, runtime), runtime);
      expect(result.ok).toBe(false);
      expect(result.checks[0]).toMatchObject({ name: 'token', ok: false });
      expect(result.checks[0]?.detail).toContain('admin.reports.audit.readonly');
      expect(result.checks[0]?.detail).toContain('domain-wide delegation');
    } finally {
      sim.setDelegatedScopes([...READ_SCOPES, 'https://www.googleapis.com/auth/admin.directory.user']);
    }
  });

  it('serves activities newest first with pageToken, no `items` key when empty, and 400s a start after now', async () => {
    const { body: token } = await tokenRequest(sim, assertion(sim, {}));
    const get = async (query: string) => {
      const res = await request(`${sim.urls.reports}/activity/users/all/applications/login?${query}`, { headers: { authorization: `Bearer ${String(token.access_token)}` } });
      return { status: res.statusCode, date: res.headers.date, body: (await res.body.json()) as { items?: { id: { time: string } }[]; nextPageToken?: string } };
    };
    const first = await get('maxResults=5');
    expect(first.status).toBe(200);
    expect(Date.parse(String(first.date))).toBe(CONFORMANCE_NOW);
    const times = first.body.items?.map((i) => Date.parse(i.id.time)) ?? [];
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const second = await get(`maxResults=5&pageToken=${encodeURIComponent(String(first.body.nextPageToken))}`);
    expect(Date.parse(String(second.body.items?.[0]?.id.time))).toBeLessThanOrEqual(times[times.length - 1] as number);
    const empty = await get(`startTime=${new Date(CONFORMANCE_NOW - 1000).toISOString()}&endTime=${new Date(CONFORMANCE_NOW).toISOString()}`);
    expect(empty.body).not.toHaveProperty('items');
    expect((await get(`startTime=${new Date(CONFORMANCE_NOW + 3_600_000).toISOString()}`)).status).toBe(400);
  });

  /** Every item of an application's activity over the last 30 days. */
  const read = async (application: string) => {
    const { body: token } = await tokenRequest(sim, assertion(sim, {}));
    const items: Json[] = [];
    let pageToken: string | undefined;
    do {
      const query = new URLSearchParams({ maxResults: '1000', startTime: new Date(CONFORMANCE_NOW - 30 * DAY).toISOString(), ...(pageToken ? { pageToken } : {}) });
      const res = await request(`${sim.urls.reports}/activity/users/all/applications/${application}?${query}`, { headers: { authorization: `Bearer ${String(token.access_token)}` } });
      const body = (await res.body.json()) as { items?: Json[]; nextPageToken?: string };
      items.push(...(body.items ?? []));
      pageToken = body.nextPageToken;
    } while (pageToken);
    return items;
  };

  it('now and then a Google prompt goes unanswered before the sign-in that works: a failure at the second step, then a success a minute later', async () => {
    const logins = await read('login');
    const event = (item: Json) => ((item.events as Json[])[0] ?? {}) as Json;
    const param = (item: Json, name: string) => ((event(item).parameters as Json[] | undefined) ?? []).find((p) => p.name === name);
    const unanswered = logins.filter((i) => event(i).name === 'login_failure' && param(i, 'login_failure_type')?.value === 'login_failure_missing_second_factor');
    expect(unanswered.length).toBeGreaterThan(2);
    for (const failure of unanswered) {
      const email = String((failure.actor as Json).email);
      const at = Date.parse(String((failure.id as Json).time));
      expect(param(failure, 'login_challenge_method')?.multiValue).toEqual(['password', 'google_prompt']);
      expect(logins.some((i) => event(i).name === 'login_success' && String((i.actor as Json).email) === email && Date.parse(String((i.id as Json).time)) === at + 60_000), email).toBe(true);
    }
  });

  it('signs people in from their usual places, and a few through iCloud Private Relay on their iPhone, whose egress Safari rotates between the sign-in and a document', async () => {
    const people = new Map(workforce({ seed: 7, domain: DEMO_ORGANISATION.domain }).map((p) => [p.email, p]));
    const storied = new Set<number>(Object.values(SCENARIO_PEOPLE));
    const atHome = new Set<string>();
    const relayUsers = new Set<string>();
    const egressesByDay = new Map<string, Set<string>>();
    for (const item of [...(await read('login')), ...(await read('drive'))]) {
      const id = item.id as Json;
      const person = people.get(String((item.actor as Json).email));
      if (!person || item.ipAddress === undefined) continue;
      const ip = String(item.ipAddress);
      // Safari on an iPhone through Private Relay: from an egress anywhere in the world, its network and country as Google places it.
      const egress = PRIVATE_RELAY_EGRESSES.find((g) => g.ips.includes(ip));
      if (egress) {
        expect(item.networkInfo).toEqual({ ipAsn: [egress.asn], regionCode: egress.countryIso });
        relayUsers.add(person.email);
        const day = `${person.email} ${String(id.time).slice(0, 10)}`;
        egressesByDay.set(day, new Set([...(egressesByDay.get(day) ?? []), ip]));
        continue;
      }
      // The scenarios' people go where their stories take them, the salesperson to the London hotel for three days.
      if (storied.has(person.index) || (person.index === TRAVELLER_INDEX && ip === TRAVEL_IP)) continue;
      expect([ip, item.networkInfo], `${person.email} ${String(id.applicationName)}`).toEqual([person.ip, { ipAsn: [person.place.asn], regionCode: person.place.countryIso }]);
      atHome.add(person.email);
    }
    expect(atHome.size).toBeGreaterThan(30);
    // No scenario's person browses through the relay: their alerts hold their story alone.
    expect([...relayUsers].filter((email) => storied.has(people.get(email)?.index ?? -1))).toEqual([]);
    expect(relayUsers.size).toBeGreaterThan(1);
    expect([...egressesByDay.values()].filter((ips) => ips.size > 1).length).toBeGreaterThan(1);
  });

  it('governance actions change the tenant: suspend, sign out and revoke the rogue app token, each idempotent where it can be', async () => {
    const runtime = runtimeFor(sim.config);
    const session = connector.createSession(sim.config, runtime);
    const user = sim.tenant().users[SCENARIO_PEOPLE['oauth-drive-grant']];
    if (!user) throw new Error('no user');
    const run = (id: string, target: string) => connector.actions[id]!.run(session, runtime, { targetProviderId: target, config: sim.config });
    await run('suspend-user', user.id);
    expect(sim.tenant().users.find((u) => u.id === user.id)?.suspended).toBe(true);
    expect((await run('suspend-user', user.id)).detail).toMatch(/already suspended/);
    await run('unsuspend-user', user.id);
    expect(sim.tenant().users.find((u) => u.id === user.id)?.suspended).toBe(false);
    await run('revoke-sessions', user.id);
    expect(sim.signOuts()).toEqual([user.id]);
    expect(sim.tokensOf(user.id)).toContain(ROGUE_APP.clientId);
    await run('revoke-oauth-app', `${user.id}/${ROGUE_APP.clientId}`);
    expect(sim.tokensOf(user.id)).not.toContain(ROGUE_APP.clientId);
    const holder = sim.tenant().users.find((u) => u.id !== sim.tenant().users[0]!.id && sim.tokensOf(u.id).length > 0)!;
    const held = sim.tokensOf(holder.id);
    const revoked = await run('revoke-oauth-grants', holder.id);
    expect(revoked.detail).toMatch(new RegExp(`^Revoked ${held.length} app token\\(s\\) of `));
    expect((revoked.evidence?.revokedTokens as { clientId: string }[]).map((t) => t.clientId)).toEqual(held);
    expect(sim.tokensOf(holder.id)).toEqual([]);
    expect((await run('revoke-oauth-grants', holder.id)).detail).toMatch(/granted no app access: nothing to revoke/);
    await expect(run('revoke-oauth-grants', sim.tenant().users[0]!.id)).rejects.toThrow(/impersonates/);
    await expect(run('suspend-user', sim.tenant().users[0]!.id)).rejects.toThrow(/impersonates/);
  });

  it('answers quota exhaustion with 403 userRateLimitExceeded in Google\'s error body', async () => {
    const small = await googleWorkspaceSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, queriesPerMinute: 2, historyDays: 2 });
    try {
      const { body: token } = await tokenRequest(small, assertion(small, {}));
      const statuses: number[] = [];
      let last: unknown = null;
      for (let i = 0; i < 3; i++) {
        const res = await request(`${small.urls.directory}/users?customer=my_customer`, { headers: { authorization: `Bearer ${String(token.access_token)}` } });
        statuses.push(res.statusCode);
        last = await res.body.json();
      }
      expect(statuses).toEqual([200, 200, 403]);
      expect(last).toMatchObject({ error: { code: 403, errors: [{ reason: 'userRateLimitExceeded', domain: 'usageLimits' }] } });
    } finally {
      await small.close();
    }
  });

  it('a bad key is an AuthError naming the fix, never the key', async () => {
    const runtime = runtimeFor(sim.badCredentialConfig);
    const session = connector.createSession(sim.badCredentialConfig, runtime);
    const error = await session.auth.accessToken().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/private key does not belong/);
    expect((error as Error).message).not.toContain(sim.badCredentialConfig.privateKey.split('\n')[1]);
  });
});
