import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, systemClock } from '../../../core/clock.js';
import { AuthError, ConfigError } from '../../../core/errors.js';
import type { AccountRecord } from '../../../core/account.js';
import type { OAuthAppRecord } from '../../../core/oauth-app.js';
import type { PrivilegeRecord } from '../../../core/privilege.js';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import { createConnectorRuntime } from '../../sdk/runtime.js';
import box from '../index.js';
import type { BoxConfig } from '../config.js';
import { boxSimulator, type RunningBoxSimulator } from './index.js';

const silent = pino({ level: 'silent' });
const runtimeFor = (config: BoxConfig) => createConnectorRuntime(box, config, { logger: silent, clock: systemClock, timeoutMs: 10_000 });

async function readAll(config: BoxConfig, checkpoint: string | null = null) {
  const runtime = runtimeFor(config);
  const session = box.createSession(config, runtime);
  const ids: string[] = [];
  const times: number[] = [];
  let last = checkpoint;
  const stream = box.streams.activities as IncrementalStream<unknown>;
  for await (const page of stream.read(session, runtime, { checkpoint, backfillFrom: CONFORMANCE_NOW - 7 * DAY })) {
    for (const r of page.records as Record<string, unknown>[]) {
      ids.push(String(r.event_id));
      times.push(Date.parse(String(r.created_at)));
    }
    last = page.checkpoint;
  }
  return { ids, times, checkpoint: last };
}

async function snapshot<T>(config: BoxConfig, name: string): Promise<T[]> {
  const runtime = runtimeFor(config);
  const session = box.createSession(config, runtime);
  const stream = box.streams[name];
  const out: T[] = [];
  if (stream?.kind !== 'snapshot') return out;
  for await (const page of stream.read(session, runtime)) out.push(...(page as T[]));
  return out;
}

describe('Box simulator and connector over HTTP', () => {
  let sim: RunningBoxSimulator;
  beforeAll(async () => {
    sim = await boxSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, pageSize: 200, redeliveryRate: 0.03 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('serves some events twice and some late (after later-created ones); the stream delivers each once, late ones included', async () => {
    const served = sim.servedEventIds();
    expect(served.length).toBeGreaterThan(new Set(served).size);
    const { ids, times } = await readAll(sim.config);
    expect(ids).toHaveLength(new Set(ids).size);
    expect([...ids].sort()).toEqual([...sim.truth().activityIds].sort());
    // Recording order is not creation order: a late event comes after one created after it.
    expect(times.some((t, i) => i > 0 && t < (times[i - 1] as number) - 10 * 60_000)).toBe(true);
  });

  it('answers the JWT grant with the registered key, and refuses a key it does not know, in plain words', async () => {
    const { ids } = await readAll(sim.jwtConfig);
    expect(ids.length).toBe(sim.truth().activityIds.length);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const error = await readAll({ ...sim.jwtConfig, privateKey: other.privateKey }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/invalid_grant: Invalid JWT Signature.*public key with id k1parapet/);
  });

  it('speaks Box\'s wire format: bare 401 with WWW-Authenticate, ClientError bodies, offset over 10,000 refused', async () => {
    const unauth = await request(`${sim.urls.api}/users`);
    expect(unauth.statusCode).toBe(401);
    expect(unauth.headers['www-authenticate']).toContain('invalid_token');
    expect(await unauth.body.text()).toBe('');
    const token = await request(sim.urls.token as string, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.config.clientId, client_secret: sim.config.clientSecret, box_subject_type: 'enterprise', box_subject_id: sim.config.enterpriseId }).toString() });
    const { access_token } = (await token.body.json()) as { access_token: string };
    const far = await request(`${sim.urls.api}/users?offset=10001`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(far.statusCode).toBe(400);
    expect(await far.body.json()).toMatchObject({ type: 'error', status: 400, code: 'bad_request' });
    const picked = await request(`${sim.urls.api}/users?user_type=managed&limit=1&fields=role`, { headers: { authorization: `Bearer ${access_token}` } });
    const body = (await picked.body.json()) as { entries: Record<string, unknown>[] };
    expect(Object.keys(body.entries[0] ?? {}).sort()).toEqual(['id', 'role', 'type']);
  });

  it('inventories managed users, external collaborators (by exact login), admins, co-admins, group admins and authorised apps', async () => {
    const accounts = await snapshot<AccountRecord>(sim.config, 'accounts');
    expect(accounts.map((a) => a.providerId).sort()).toEqual([...sim.truth().accountIds].sort());
    const externals = accounts.filter((a) => (a.details as Record<string, unknown>).external === true);
    expect(externals.length).toBeGreaterThan(18);
    expect(externals.every((a) => a.isAdmin === false)).toBe(true);
    const privileges = await snapshot<PrivilegeRecord>(sim.config, 'privileges');
    expect(privileges.map((p) => p.roleId).sort()).toEqual(['admin', 'coadmin', 'coadmin', 'group_admin', 'group_admin']);
    const apps = await snapshot<OAuthAppRecord>(sim.config, 'oauthApps');
    expect(apps.map((a) => [a.name, a.enabled, (a.grants ?? []).length]).sort()).toEqual([
      ['Box for Office', true, 2],
      ['DocuSign for Box', true, 3],
      ['Parapet', true, 1],
    ]);
  });

  it('deactivates, verifies, reactivates and logs a user out; refuses the primary admin; each change is in the event stream at once', async () => {
    const runtime = runtimeFor(sim.config);
    const session = box.createSession(sim.config, runtime);
    const target = sim.tenant().users[12]!;
    const input = { targetProviderId: target.id, config: sim.config };
    const before = (await readAll(sim.config)).checkpoint;
    expect((await box.actions['suspend-user']!.run(session, runtime, input)).detail).toContain('Deactivated');
    expect(await box.actions['suspend-user']!.verify!(session, runtime, input)).toMatchObject({ ok: true });
    expect((await box.actions['suspend-user']!.run(session, runtime, input)).detail).toContain('already inactive');
    expect(sim.tenant().users[12]).toMatchObject({ status: 'inactive', sessions: 0 });
    await box.actions['unsuspend-user']!.run(session, runtime, input);
    expect(sim.tenant().users[12]?.status).toBe('active');
    await box.actions['revoke-sessions']!.run(session, runtime, input);
    expect(sim.tenant().terminated.map((t) => t.userId)).toEqual([target.id]);
    const admin = sim.tenant().users[0]!;
    await expect(box.actions['suspend-user']!.run(session, runtime, { targetProviderId: admin.id, config: sim.config })).rejects.toBeInstanceOf(ConfigError);
    // The frozen tenant's clock: the appended events carry its "now".
    const after = await readAll(sim.config, before);
    expect(after.ids).toHaveLength(2);
  });
});
