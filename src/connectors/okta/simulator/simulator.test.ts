import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import pino from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, systemClock } from '../../../core/clock.js';
import { AuthError } from '../../../core/errors.js';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import { createConnectorRuntime } from '../../sdk/runtime.js';
import okta from '../index.js';
import { clientAssertion } from '../auth.js';
import { oktaSimulator, type RunningOktaSimulator } from './index.js';
import { IPHONE_SAFARI, PRIVATE_RELAY_EGRESSES } from '../../sdk/simulator/places.js';
import { clockMidWindow } from '../../sdk/simulator/window-clock.js';
import { DEMO_ORGANISATION, workforce } from '../../sdk/simulator/workforce.js';
import { TRAVEL_IP, TRAVELLER_INDEX } from '../../sdk/simulator/workforce-routine.js';

type Json = Record<string, unknown>;

const orgOf = (sim: RunningOktaSimulator) => sim.urls.org as string;
const tokenUrl = (sim: RunningOktaSimulator) => sim.urls.token as string;
const silent = pino({ level: 'silent' });
const runtimeFor = (config: unknown) => createConnectorRuntime(okta, config, { logger: silent, clock: systemClock, timeoutMs: 10_000 });

async function get(sim: RunningOktaSimulator, path: string, token = sim.apiTokenConfig.apiToken ?? '') {
  const res = await request(`${orgOf(sim)}${path}`, { headers: { authorization: `SSWS ${token}`, accept: 'application/json' } });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as unknown };
}

async function tokenWith(sim: RunningOktaSimulator, assertion: string, scope = 'okta.logs.read') {
  const res = await request(`${tokenUrl(sim)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }).toString(),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

describe('Okta simulator wire format', () => {
  let sim: RunningOktaSimulator;
  beforeAll(async () => {
    sim = await oktaSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 50 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('sends self and next as two separate Link header lines, and a polling query keeps a next link on an empty page', async () => {
    const first = await get(sim, '/api/v1/logs?limit=50');
    expect(first.status).toBe(200);
    const links = first.headers.link as string[];
    expect(Array.isArray(links)).toBe(true);
    expect(links.map((l) => /rel="(\w+)"/.exec(l)?.[1])).toEqual(['self', 'next']);
    expect((first.body as unknown[]).length).toBe(50);
    // Walk to the end: the last page is empty and still links on.
    let next = /<([^>]+)>/.exec(links[1] as string)?.[1] as string;
    let pages = 1;
    for (;;) {
      const page = await get(sim, next.replace(orgOf(sim), ''));
      const items = page.body as unknown[];
      const link = (page.headers.link as string[]).find((l) => l.includes('rel="next"'));
      expect(link, 'a polling query always has a next link').toBeDefined();
      next = /<([^>]+)>/.exec(link as string)?.[1] as string;
      pages++;
      if (items.length === 0) break;
    }
    expect(pages).toBeGreaterThan(10);
  });

  it('ends a bounded query (with until) without a next link', async () => {
    const until = new Date(CONFORMANCE_NOW).toISOString();
    const since = new Date(CONFORMANCE_NOW - 60 * MINUTE).toISOString();
    const page = await get(sim, `/api/v1/logs?since=${since}&until=${until}&limit=1000`);
    expect(page.status).toBe(200);
    const links = [page.headers.link].flat() as string[];
    expect(links.some((l) => l.includes('rel="next"'))).toBe(false);
  });

  it('answers Okta error bodies: 401 E0000011 for a bad token, 400 E0000001 for since beyond retention, 404 E0000007 for an unknown user', async () => {
    const bad = await get(sim, '/api/v1/users', 'not-the-token');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorCauses: [] });
    const old = await get(sim, `/api/v1/logs?since=${new Date(CONFORMANCE_NOW - 100 * 24 * 60 * MINUTE).toISOString()}`);
    expect(old.status).toBe(400);
    expect(old.body).toMatchObject({ errorCode: 'E0000001' });
    const missing = await get(sim, '/api/v1/users/00unobody00000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00unobody00000000000 (User)' });
  });

  it('hides deactivated users from the plain listing and shows them to a status filter', async () => {
    const plain = (await get(sim, '/api/v1/users?limit=200')).body as { profile: { email: string }; status: string }[];
    // The organisation's leaver, and the person the 'leaver-still-active' scenario deactivates.
    const deactivated = [sim.tenant().leaverEmail, sim.scenarios().find((f) => f.id === 'leaver-still-active')?.user].sort();
    expect(plain.filter((u) => deactivated.includes(u.profile.email))).toEqual([]);
    const filtered = (await get(sim, '/api/v1/users?filter=' + encodeURIComponent('status eq "DEPROVISIONED"'))).body as { profile: { email: string } }[];
    expect(filtered.map((u) => u.profile.email).sort()).toEqual(deactivated);
  });

  it('verifies the RS256 client assertion: audience, signature, replayed jti, ungranted scope', async () => {
    const key = createPrivateKey(sim.keys.privateKey);
    const clientId = sim.config.clientId ?? '';
    const ok = clientAssertion(clientId, tokenUrl(sim), key, Date.now());
    expect((await tokenWith(sim, ok)).status).toBe(200);
    const replay = await tokenWith(sim, ok);
    expect(replay.status).toBe(401);
    expect(String(replay.body.error_description)).toMatch(/already been used/);
    const wrongAudience = await tokenWith(sim, clientAssertion(clientId, 'https://acme.okta.com/oauth2/v1/token', key, Date.now()));
    expect(wrongAudience.body).toMatchObject({ error: 'invalid_client' });
    const wrongKey = await tokenWith(sim, clientAssertion(clientId, tokenUrl(sim), createPrivateKey(sim.keys.otherPrivateKey), Date.now()));
    expect(String(wrongKey.body.error_description)).toMatch(/signature is invalid/);
    const header = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
    const claims = Buffer.from(JSON.stringify({ iss: clientId, sub: clientId, aud: tokenUrl(sim), exp: Date.now() / 1000 + 60, jti: randomUUID() })).toString('base64url');
    const hs = await tokenWith(sim, `${header}.${claims}.${sign('RSA-SHA256', Buffer.from('x'), key).toString('base64url')}`);
    expect(String(hs.body.error_description)).toMatch(/unsupported algorithm/);
    const scope = await tokenWith(sim, clientAssertion(clientId, tokenUrl(sim), key, Date.now()), 'okta.apps.manage');
    expect(scope.body).toMatchObject({ error: 'invalid_scope' });
  });

  it('refuses a scope the access token lacks with 403 E0000006', async () => {
    const key = createPrivateKey(sim.keys.privateKey);
    const { body } = await tokenWith(sim, clientAssertion(sim.config.clientId ?? '', tokenUrl(sim), key, Date.now()), 'okta.logs.read');
    const res = await request(`${orgOf(sim)}/api/v1/users`, { headers: { authorization: `Bearer ${String(body.access_token)}` } });
    expect(res.statusCode).toBe(403);
    expect(await res.body.json()).toMatchObject({ errorCode: 'E0000006' });
  });

  it('carries the governance actions out: suspend, unsuspend, clear sessions, reset factors — and refuses a wrong state', async () => {
    const runtime = runtimeFor(sim.config);
    const session = okta.createSession(sim.config, runtime);
    const target = sim.tenant().users.find((u) => u.email.startsWith('liam.'))!;
    const state = () => sim.tenant().users.find((u) => u.id === target.id)!;
    const run = (id: string) => okta.actions[id]!.run(session, runtime, { targetProviderId: target.id, config: sim.config });

    expect(state().status).toBe('ACTIVE');
    expect((await run('suspend-user')).detail).toContain('Suspended');
    expect(state().status).toBe('SUSPENDED');
    expect((await run('suspend-user')).detail).toContain('already suspended');
    await run('unsuspend-user');
    expect(state().status).toBe('ACTIVE');
    sim.openSession(target.id);
    expect(state().sessions).toBe(1);
    await run('revoke-sessions');
    expect(state().sessions).toBe(0);
    expect(state().factors).toBeGreaterThan(0);
    await run('reset-mfa');
    expect(state().factors).toBe(0);
    const consenter = sim.tenant().users.find((u) => u.grants > 0)!;
    const revoke = () => okta.actions['revoke-oauth-grants']!.run(session, runtime, { targetProviderId: consenter.id, config: sim.config });
    const revoked = await revoke();
    expect(revoked.detail).toMatch(new RegExp(`^Revoked ${consenter.grants} consent grant\\(s\\)`));
    expect(revoked.evidence?.revokedGrants).toHaveLength(consenter.grants);
    expect(sim.tenant().users.find((u) => u.id === consenter.id)?.grants).toBe(0);
    expect((await revoke()).detail).toMatch(/consented to no app: nothing to revoke/);
    const staged = sim.tenant().users.find((u) => u.status === 'STAGED')!;
    await expect(okta.actions['suspend-user']!.run(session, runtime, { targetProviderId: staged.id, config: sim.config })).rejects.toThrow(/only ACTIVE users; .* is STAGED/);
  });

  it('signs people in from their usual places, and a few through iCloud Private Relay on their iPhone, whose egress Safari rotates within one session', async () => {
    // An org of its own: the tests above spent this minute's System Log requests.
    const org = await oktaSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
    const log = await readAll(org, 30).finally(() => org.close());
    const people = new Map(workforce({ seed: 7, domain: DEMO_ORGANISATION.domain }).map((p) => [p.email, p]));
    const scenarioIds = new Set(org.scenarios().flatMap((f) => f.eventIds));
    const atHome = new Set<string>();
    const relayUsers = new Set<string>();
    const egressesBySession = new Map<string, Set<string>>();
    for (const e of log) {
      const client = e.client as Json;
      const person = people.get(String((e.actor as Json).alternateId));
      if (!person || client.ipAddress === null || scenarioIds.has(e.uuid)) continue;
      const ip = String(client.ipAddress);
      const city = String((client.geographicalContext as Json).city).toLowerCase();
      // Safari on an iPhone through Private Relay: from an egress anywhere in the world, placed where the egress is.
      const egress = PRIVATE_RELAY_EGRESSES.find((g) => g.ips.includes(ip));
      if (egress) {
        const security = e.securityContext as Json;
        expect([(client.userAgent as Json).rawUserAgent, city, security.asNumber, security.isProxy]).toEqual([IPHONE_SAFARI.userAgent, egress.city, egress.asn, false]);
        relayUsers.add(person.email);
        const session = String((e.authenticationContext as Json).rootSessionId);
        egressesBySession.set(session, new Set([...(egressesBySession.get(session) ?? []), ip]));
        continue;
      }
      // The salesperson's three days at the London hotel.
      if (person.index === TRAVELLER_INDEX && ip === TRAVEL_IP) continue;
      // Everyone else from home: their own address, or their phone's on a carrier of the same city.
      expect([person.place.ips.includes(ip), city], `${person.email} from ${ip}`).toEqual([true, person.place.city]);
      atHome.add(person.email);
    }
    expect(atHome.size).toBeGreaterThan(30);
    expect(relayUsers.size).toBeGreaterThan(1);
    expect([...egressesBySession.values()].filter((ips) => ips.size > 1).length).toBeGreaterThan(1);
  });

  it('answers 429 E0000047 with X-Rate-Limit-* (reset in epoch seconds) once the per-minute bucket is spent', async () => {
    // The bucket's minute starts on the clock's minute: the four calls must not straddle one, whenever this runs.
    const clock = clockMidWindow(MINUTE);
    const small = await oktaSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, historyDays: 1, rateLimits: { otherPerMinute: 3 }, rateLimitClock: clock });
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await get(small, '/api/v1/groups'));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers[0]?.headers['x-rate-limit-limit']).toBe('3');
      expect(answers[2]?.headers['x-rate-limit-remaining']).toBe('0');
      const reset = Number(answers[3]?.headers['x-rate-limit-reset']);
      expect(reset * 1000).toBe(Math.floor(clock() / MINUTE) * MINUTE + MINUTE);
      expect(answers[3]?.body).toMatchObject({ errorCode: 'E0000047' });
    } finally {
      await small.close();
    }
  });

  it('a bad private key fails the credential check in plain words and as an AuthError', async () => {
    const runtime = runtimeFor(sim.badCredentialConfig);
    const result = await okta.testConnection(okta.createSession(sim.badCredentialConfig, runtime), runtime);
    expect(result.checks[0]).toMatchObject({ name: 'credential', ok: false });
    expect(result.checks[0]?.detail).toMatch(/private key in this connection belongs to a public key registered/);
    const session = okta.createSession(sim.badCredentialConfig, runtime);
    await expect(session.auth.headers()).rejects.toBeInstanceOf(AuthError);
  });

  it('the connector works through an SSWS API token too: connection test, every user, and a wrong token named without showing it', async () => {
    const config = sim.apiTokenConfig;
    expect(config.authMethod).toBe('api-token');
    const runtime = runtimeFor(config);
    const result = await okta.testConnection(okta.createSession(config, runtime), runtime);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    const ids: string[] = [];
    const accounts = okta.streams.accounts!;
    if (accounts.kind !== 'snapshot') throw new Error('accounts is a snapshot stream');
    for await (const page of accounts.read(okta.createSession(config, runtime), runtime)) ids.push(...page.map((a) => (a as { providerId: string }).providerId));
    expect(ids.sort()).toEqual(sim.tenant().users.map((u) => u.id).sort());
    const wrong = { ...config, apiToken: `00${'x'.repeat(40)}` };
    const wrongRuntime = runtimeFor(wrong);
    const refused = await okta.testConnection(okta.createSession(wrong, wrongRuntime), wrongRuntime);
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).not.toContain(wrong.apiToken);
    expect(refused.checks.find((c) => !c.ok)?.detail).toMatch(/token/i);
  });
});

/** The System Log of the last `days` days, through the polling cursor. */
async function readAll(sim: RunningOktaSimulator, days = 3): Promise<({ uuid: string; published: string } & Json)[]> {
  const out: ({ uuid: string; published: string } & Json)[] = [];
  let path: string | null = `/api/v1/logs?limit=1000&since=${new Date(sim.now() - days * 24 * 60 * MINUTE).toISOString()}`;
  while (path) {
    const page = await get(sim, path);
    const items = page.body as ({ uuid: string; published: string } & Json)[];
    out.push(...items);
    const link = [page.headers.link].flat().find((l) => String(l).includes('rel="next"'));
    path = items.length === 0 || !link ? null : (/<([^>]+)>/.exec(String(link))?.[1] ?? '').replace(orgOf(sim), '');
  }
  return out;
}

describe('Okta simulator, live: late events', () => {
  it('persists some events minutes late; the polling cursor still delivers each exactly once', async () => {
    const live = await oktaSimulator.start({ seed: 3, historyDays: 2, lateShare: 0.5 });
    try {
      const runtime = runtimeFor(live.config);
      const session = okta.createSession(live.config, runtime);
      const read = async (checkpoint: string | null) => {
        const ids: string[] = [];
        let last = checkpoint;
        for await (const page of (okta.streams.activities as IncrementalStream<unknown>).read(session, runtime, { checkpoint, backfillFrom: live.now() - 2 * 24 * 60 * MINUTE })) {
          ids.push(...page.records.map((r) => (r as { uuid: string }).uuid));
          last = page.checkpoint;
        }
        return { ids, last };
      };
      const first = await read(null);
      const firstReadAt = live.now();
      await live.advance(6 * 60 * MINUTE);
      const second = await read(first.last);
      const all = [...first.ids, ...second.ids];
      // Each once, and together exactly what the org holds now.
      expect(all).toHaveLength(new Set(all).size);
      expect([...all].sort()).toEqual([...live.truth().activityIds].sort());
      // Late events come after later-published ones in the cursor's order: a reader resuming from the last
      // `published` it saw would lose each of these; the polling cursor delivered them.
      const published = new Map((await readAll(live)).map((e) => [e.uuid, Date.parse(e.published)]));
      let latest = 0;
      let outOfOrder = 0;
      for (const id of all) {
        const at = published.get(id) ?? 0;
        if (at < latest) outOfOrder++;
        latest = Math.max(latest, at);
      }
      expect(outOfOrder).toBeGreaterThan(0);
      expect(firstReadAt).toBeLessThan(live.now());
    } finally {
      await live.close();
    }
  });
});
