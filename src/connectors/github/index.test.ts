import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock.js';
import { createConnectorRuntime } from '../sdk/runtime.js';
import type { AccountRecord } from '../../core/account.js';
import type { OAuthAppRecord } from '../../core/oauth-app.js';
import { ConfigError } from '../../core/errors.js';
import { CONFORMANCE_NOW, runtimeFor } from '../sdk/conformance/read-activities.js';
import connector from './index.js';
import { BROAD_CREDENTIAL_ID, BROAD_SCOPES } from './simulator/scenarios.js';
import { githubSimulator, type RunningGithubSimulator } from './simulator/index.js';
import type { GithubConfig } from './config.js';

async function collect<T>(config: GithubConfig, stream: keyof typeof connector.streams): Promise<T[]> {
  const runtime = runtimeFor(connector, config);
  const session = connector.createSession(config, runtime);
  const out: T[] = [];
  const s = connector.streams[stream];
  if (s?.kind !== 'snapshot') throw new Error(`${stream} is not a snapshot stream`);
  for await (const page of s.read(session, runtime)) out.push(...(page as T[]));
  return out;
}

async function act(config: GithubConfig, action: string, target: string) {
  const runtime = runtimeFor(connector, config);
  const definition = connector.actions[action];
  if (!definition) throw new Error(`no action ${action}`);
  return definition.run(connector.createSession(config, runtime), runtime, { targetProviderId: target, config });
}

describe('GitHub connector over its simulator', () => {
  let sim: RunningGithubSimulator;
  beforeAll(async () => {
    sim = await githubSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, emuEnterprise: 'northwind' });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('links accounts by verified organisation e-mail, else by SAML identity, and flags owners', async () => {
    const accounts = await collect<AccountRecord>(sim.config, 'accounts');
    const members = accounts.filter((a) => a.details?.role !== 'outside_collaborator');
    expect(members).toHaveLength(30);
    expect(members.filter((a) => a.isAdmin).map((a) => a.email)).toHaveLength(2);
    const bySource = (s: string | null) => members.filter((a) => a.details?.emailSource === s).length;
    expect([bySource('verified-domain'), bySource('saml'), bySource(null)]).toEqual([26, 3, 1]);
    expect(members.filter((a) => a.email).every((a) => a.email?.endsWith('@northwind-legal.example'))).toBe(true);
    const outside = accounts.filter((a) => a.details?.role === 'outside_collaborator');
    expect(outside.map((a) => a.email)).toEqual([null, null, null]);
  });

  it('inventories installed Apps and SSO-authorised credentials with their scopes, including the broad token', async () => {
    const apps = await collect<OAuthAppRecord>(sim.config, 'oauthApps');
    expect(apps.filter((a) => a.details?.kind === 'github-app').map((a) => a.name)).toEqual(['slack', 'northwind-ci', 'renovate']);
    const broad = apps.find((a) => a.providerId === `credential:${BROAD_CREDENTIAL_ID}`);
    expect(broad?.grants?.[0]).toMatchObject({ kind: 'delegated', scopes: BROAD_SCOPES });
    expect(broad?.grants?.[0]?.principalProviderId).toMatch(/^\d+$/);
  });

  it('collects teams with members, owners as privileges and the settings the checks read (2FA off after the scenario)', async () => {
    const groups = await collect<{ name: string; members: string[] }>(sim.config, 'groups');
    expect(groups.map((g) => [g.name, g.members.length])).toEqual([['Engineering', 18], ['Platform', 7], ['Security', 4], ['Legal Tech', 10]]);
    expect(await collect(sim.config, 'privileges')).toHaveLength(2);
    const settings = await collect<{ key: string; value: Record<string, unknown> }>(sim.config, 'settings');
    const org = settings.find((s) => s.key === 'organization')?.value;
    expect(org?.two_factor_requirement_enabled).toBe(false);
    expect(settings.find((s) => s.key === 'members-without-2fa')?.value).toMatchObject({ count: 2 });
  });

  it('gets an App token although this machine\'s clock is weeks off GitHub\'s: it re-signs the JWT on GitHub\'s Date', async () => {
    const runtime = createConnectorRuntime(connector, sim.config, { logger: pino({ level: 'silent' }), clock: { now: () => CONFORMANCE_NOW + 30 * DAY } });
    const session = connector.createSession(sim.config, runtime);
    const token = await session.auth.installationToken();
    expect(token.expiresAt - (CONFORMANCE_NOW + 30 * DAY)).toBeGreaterThan(50 * 60_000);
    const again = await session.auth.installationToken();
    expect(again.value).toBe(token.value);
    expect(sim.stats().byRoute['POST /app/installations/:id/access_tokens']).toBeGreaterThanOrEqual(2);
  });

  it('passes its connection test with a fine-grained token too', async () => {
    const runtime = runtimeFor(connector, sim.tokenConfig);
    const result = await connector.testConnection(connector.createSession(sim.tokenConfig, runtime), runtime);
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([['credentials', true], ['organization', true], ['audit-log', true], ['members', true]]);
  });

  it('revoke-oauth-app revokes a credential authorisation (idempotent) and refuses an App installation with where to do it', async () => {
    const first = await act(sim.config, 'revoke-oauth-app', `credential:${BROAD_CREDENTIAL_ID}`);
    expect(first.detail).toMatch(/Revoked/);
    expect(sim.changes().revokedCredentials).toEqual([BROAD_CREDENTIAL_ID]);
    expect((await act(sim.config, 'revoke-oauth-app', `credential:${BROAD_CREDENTIAL_ID}`)).detail).toMatch(/nothing to revoke/);
    await expect(act(sim.config, 'revoke-oauth-app', 'installation:31001')).rejects.toThrow(/settings\/installations/);
  });

  it('remove-from-org removes a member once (then reports nothing to do), and suspend-user works only with EMU', async () => {
    const member = sim.tenant().users.find((u) => u.role === 'member');
    if (!member) throw new Error('no member');
    expect((await act(sim.config, 'remove-from-org', member.id)).detail).toMatch(/Removed/);
    expect(sim.changes().removed).toEqual([member.login]);
    expect((await act(sim.config, 'remove-from-org', member.id)).detail).toMatch(/not a member/);
    const other = sim.tenant().users.find((u) => u.role === 'member');
    if (!other) throw new Error('no member');
    expect((await act(sim.config, 'suspend-user', other.id)).detail).toMatch(/Suspended/);
    expect(sim.changes().suspended).toEqual([other.login]);
    expect((await act(sim.config, 'unsuspend-user', other.id)).detail).toMatch(/Unsuspended/);
    const error = await act({ ...sim.config, emuEnterprise: undefined } as GithubConfig, 'suspend-user', other.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/Enterprise Managed Users.*remove-from-org/);
  });

  it('says what to fix in its config: App fields go together, one credential kind, loopback simulator', () => {
    const issues = (input: unknown) => connector.configSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ organization: 'acme', appId: '1' })).toEqual(expect.arrayContaining([expect.stringMatching(/^installationId: .*go together/), expect.stringMatching(/^privateKey: /)]));
    expect(issues({ organization: 'acme', token: 't', appId: '1', installationId: '2', privateKey: '-----BEGIN RSA PRIVATE KEY-----' })).toEqual([expect.stringMatching(/^token: give either/)]);
    expect(issues({ organization: 'acme', token: 't', environment: 'simulator', simulatorUrl: 'http://example.com' })).toEqual(['simulatorUrl: must be a loopback URL (127.0.0.1 or localhost)']);
    expect(issues({ organization: 'acme', token: 't' })).toEqual([]);
  });
});
