import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../core/account.js';
import { ACTIONS } from '../../core/activity.js';
import { DAY, systemClock } from '../../core/clock.js';
import { AuthError, ConfigError } from '../../core/errors.js';
import type { ConnectorRuntime, IncrementalPage, IncrementalStream, SettingsRecord, SnapshotStream } from '../sdk/define-connector.js';
import { settingsSnapshot } from '../sdk/define-check.js';
import { createConnectorRuntime } from '../sdk/runtime.js';
import { DocusignConfigSchema, type DocusignConfig } from './config.js';
import docusign from './index.js';
import type { DocusignSession } from './session.js';
import { docusignSimulator, type RunningDocusignSimulator } from './simulator/index.js';
import { initialCursor } from './streams/activities.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');
const logger = pino({ level: 'silent' });

function connect(config: DocusignConfig): { session: DocusignSession; runtime: ConnectorRuntime } {
  const runtime = createConnectorRuntime(docusign, config, { logger, clock: systemClock });
  return { session: docusign.createSession(config, runtime), runtime };
}

const activities = docusign.streams.activities as IncrementalStream<DocusignSession>;
const accountsStream = docusign.streams.accounts as SnapshotStream<DocusignSession, 'accounts'>;
const settingsStream = docusign.streams.settings as SnapshotStream<DocusignSession, 'settings'>;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function readAccounts(config: DocusignConfig): Promise<AccountRecord[]> {
  const { session, runtime } = connect(config);
  return (await collect(accountsStream.read(session, runtime))).flat();
}

async function readActivities(config: DocusignConfig, checkpoint: string | null = null, backfillFrom = Date.now() - 7 * DAY): Promise<IncrementalPage[]> {
  const { session, runtime } = connect(config);
  return collect(activities.read(session, runtime, { checkpoint, backfillFrom }));
}

const idsOf = (pages: IncrementalPage[]) => pages.flatMap((p) => p.records.map((r) => (r as { eventId: string }).eventId));

describe('DocuSign connector', () => {
  let sim: RunningDocusignSimulator;

  beforeAll(async () => {
    sim = await docusignSimulator.start({ frozenAt: FROZEN, seed: 11 });
  });
  afterAll(async () => sim.close());

  it('declares itself as the contract asks', () => {
    expect(docusign).toMatchObject({ id: 'docusign', displayName: 'DocuSign', multiInstance: true, secretFields: ['privateKey'] });
    expect(Object.keys(docusign.streams)).toEqual(['accounts', 'settings', 'activities']);
    expect(Object.keys(docusign.actions)).toEqual(['suspend-user', 'unsuspend-user']);
    expect(docusign.actions['suspend-user']?.undo).toBe('unsuspend-user');
    expect(docusign.allowedHosts(sim.config)).toEqual(['loopback']);
    const prod = DocusignConfigSchema.parse({ ...sim.config, environment: 'production', simulatorUrl: undefined, accountBaseUri: 'https://na3.docusign.net' });
    expect(docusign.allowedHosts(prod)).toEqual(expect.arrayContaining(['account.docusign.com', 'api.docusign.net', 'lens.docusign.net', 'api.docusign.com', '*.docusign.net', '!demo.docusign.net']));
    // Under DocuSign's 200 per 30 s and 3,000 per hour, whatever the pattern of requests.
    const { requestsPerSecond, burst } = docusign.rateLimit;
    expect(burst + 30 * requestsPerSecond).toBeLessThanOrEqual(200);
    expect(burst + 3600 * requestsPerSecond).toBeLessThanOrEqual(3000);
  });

  describe('testConnection', () => {
    it('passes every check against the simulator', async () => {
      const { session, runtime } = connect(sim.config);
      const result = await docusign.testConnection(session, runtime);
      expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
        ['token', true],
        ['organization', true],
        ['monitor-api', true],
        ['admin-api', true],
      ]);
      expect(result.ok).toBe(true);
    });

    it('names a private key that does not belong to the integration key, and never shows the key', async () => {
      const { session, runtime } = connect(sim.badCredentialConfig);
      const result = await docusign.testConnection(session, runtime);
      expect(result.ok).toBe(false);
      const token = result.checks[0];
      expect(token).toMatchObject({ name: 'token', ok: false });
      expect(token?.detail).toMatch(/private key does not match any RSA public key of integration key/);
      const keyLine = sim.badCredentialConfig.privateKey.split('\n')[1] as string;
      for (const check of result.checks) expect(check.detail).not.toContain(keyLine.slice(0, 20));
    });

    it('explains how to grant consent when it is missing', async () => {
      const noConsent = await docusignSimulator.start({ frozenAt: FROZEN, consent: false });
      try {
        const { session, runtime } = connect(noConsent.config);
        const result = await docusign.testConnection(session, runtime);
        const detail = result.checks[0]?.detail ?? '';
        expect(detail).toMatch(/consent_required/);
        expect(detail).toContain(`/oauth/auth?response_type=code&scope=signature%20impersonation`);
        expect(detail).toContain(`client_id=${noConsent.config.integrationKey}`);
      } finally {
        await noConsent.close();
      }
    });

    it('says a user id that does not exist is not a user GUID of that environment', async () => {
      const { session, runtime } = connect({ ...sim.config, userId: randomUUID() });
      const result = await docusign.testConnection(session, runtime);
      expect(result.checks[0]?.detail).toMatch(/user_not_found.*not a user id in the DocuSign simulator environment/);
    });

    it('says Monitor is not enabled, and that it needs Enterprise Pro with the Monitor add-on', async () => {
      const off = await docusignSimulator.start({ frozenAt: FROZEN, monitorEnabled: false });
      try {
        const { session, runtime } = connect(off.config);
        const result = await docusign.testConnection(session, runtime);
        expect(result.ok).toBe(false);
        expect(result.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['monitor-api']);
        expect(result.checks[2]?.detail).toBe(
          `DocuSign Monitor is not enabled for organisation "Northwind Legal Group" (${off.tenant().organizationId}): it requires an Enterprise Pro plan with the Monitor add-on. Ask your DocuSign account manager to enable Monitor, then test again.`,
        );
      } finally {
        await off.close();
      }
    });

    it('says the impersonated user must be an organisation administrator', async () => {
      const notAdmin = await docusignSimulator.start({ frozenAt: FROZEN, demoUserIsOrgAdmin: false });
      try {
        const { session, runtime } = connect(notAdmin.config);
        const result = await docusign.testConnection(session, runtime);
        const byName = Object.fromEntries(result.checks.map((c) => [c.name, c]));
        expect(byName.token?.ok).toBe(true);
        expect(byName.organization).toMatchObject({ ok: false });
        expect(byName.organization?.detail).toMatch(/is not an administrator of organisation .* Organization Administrator role/);
        expect(byName['monitor-api']?.detail).toMatch(/Organization Administrator or Security Reports Administrator/);
        expect(byName['admin-api']).toMatchObject({ ok: false });
      } finally {
        await notAdmin.close();
      }
    });

    it('refuses an account base URI that is not DocuSign when the config is validated', () => {
      const parsed = DocusignConfigSchema.safeParse({ ...sim.config, environment: 'production', simulatorUrl: undefined, accountBaseUri: 'https://docusign.evil.example.com' });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/docusign\.evil\.example\.com is not a DocuSign host: use the account base URI from Apps and Keys/);
    });
  });

  describe('accounts stream', () => {
    it('reports every user of the organisation once, active only when active in all their accounts', async () => {
      const records = await readAccounts(sim.config);
      const t = sim.tenant();
      expect(records.map((r) => r.providerId).sort()).toEqual(sim.truth().accountIds.sort());
      const closed = records.find((r) => r.providerId === t.closedUserId);
      expect(closed?.status).toBe('deleted');
      expect(records.filter((r) => r.status === 'active')).toHaveLength(39);
      const admin = records.find((r) => r.providerId === t.demoUserId);
      expect(admin).toMatchObject({ email: t.demoUserEmail, name: 'Alex Morgan', status: 'active', isAdmin: true });
      expect(admin?.details).toMatchObject({ isOrganizationAdmin: true, requireTwoStepVerification: true, userStatus: 'active' });
      expect((admin?.details?.memberships as unknown[]).length).toBe(2);
      const plain = records.find((r) => r.isAdmin === false);
      expect(plain?.details).toMatchObject({ isOrganizationAdmin: false });
    });

    it('a pending invitation for the admin\'s address gets its own profile (matched by user id) and links no identity', async () => {
      const bootstrap = await docusignSimulator.start({ frozenAt: FROZEN, seed: 11 });
      const adminEmail = bootstrap.tenant().demoUserEmail;
      await bootstrap.close();
      const own = await docusignSimulator.start({ frozenAt: FROZEN, seed: 11, pendingInvitations: [adminEmail] });
      try {
        const t = own.tenant();
        const records = (await readAccounts(own.config)).filter((r) => r.email === adminEmail);
        expect(records.map((r) => [r.providerId === t.demoUserId ? 'admin' : 'invite', r.isAdmin, r.details?.isOrganizationAdmin, r.details?.emailVerified, r.details?.userStatus]).sort()).toEqual([
          ['admin', true, true, true, 'active'],
          ['invite', false, false, false, 'created'],
        ]);
      } finally {
        await own.close();
      }
    });

    it('shows a user closed in one of their two accounts as deleted (the seed limitation)', async () => {
      const own = await docusignSimulator.start({ frozenAt: FROZEN, seed: 11 });
      try {
        const t = own.tenant();
        const target = t.users.find((u) => u.accountIds.length === 2 && u.id !== t.demoUserId) ?? t.users[1];
        const { session } = connect(own.config);
        await session.client.closeMemberships(t.organizationId, target!.id, [target!.accountIds[0] as string]);
        const record = (await readAccounts(own.config)).find((r) => r.providerId === target!.id);
        expect(record?.status).toBe('deleted');
        expect((record?.details?.memberships as { status: string }[]).map((m) => m.status).sort()).toEqual(['active', 'closed']);
      } finally {
        await own.close();
      }
    });
  });

  it('settings stream yields settings and password rules of each account, then the organisation\'s domains, identity providers and administrators', async () => {
    const { session, runtime } = connect(sim.config);
    const records: SettingsRecord[] = (await collect(settingsStream.read(session, runtime))).flat();
    const [us, eu] = sim.tenant().accountIds as [string, string];
    const org = sim.tenant().organizationId;
    expect(records.map((r) => r.key)).toEqual([
      `account/${us}/settings`,
      `account/${us}/password_rules`,
      `account/${eu}/settings`,
      `account/${eu}/password_rules`,
      `organization/${org}/organization`,
      `organization/${org}/administrators`,
    ]);
    expect(records[0]?.value).toMatchObject({ sessionTimeout: '60', idCheckRequired: 'never' });
    expect(records[1]?.value).toMatchObject({ passwordStrengthType: 'basic', lockoutDurationMinutes: '2' });
    expect(records[4]?.value).toMatchObject({ collected: true, reserved_domains: [{ status: 'active' }], identity_providers: [{ identity_providers: [{ type: 'saml_20' }] }] });
    // The seeded organisation: three organisation admins (one without two-step verification) and one promoted account admin.
    const admins = (records[5]?.value as { administrators: { email: string; isOrganizationAdmin: boolean; requireTwoStepVerification: boolean }[] }).administrators;
    expect(admins.map((a) => [a.isOrganizationAdmin, a.requireTwoStepVerification]).sort()).toEqual([[false, expect.any(Boolean)], [true, false], [true, true], [true, true]].sort());

    // The stream stamps collection with the runtime's (system) clock; the frozen tenant's certificate runs 400 days from its own "now".
    expect(records[4]?.value.collectedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const snapshot = settingsSnapshot(records.map((r, i) => (i === 4 ? { ...r, value: { ...r.value, collectedAt: new Date(FROZEN).toISOString() } } : r)));
    const status = (id: string) => docusign.postureChecks?.find((c) => c.id === id)?.evaluate(snapshot);
    expect(['DS-SSO-1', 'DS-SSO-2', 'DS-SSO-3', 'DS-DOM-1', 'DS-ADM-1', 'DS-ADM-2'].map((id) => status(id)?.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'fail']);
    const withoutTwoStep = admins.filter((a) => !a.requireTwoStepVerification).map((a) => a.email);
    expect(status('DS-ADM-2')?.evidence).toContain(`sign in with a password alone: ${withoutTwoStep.join(', ')}`);
  });

  it('settings stream records the Admin API refusing a user who does not administer the organisation: the checks say "not evaluated", never pass', async () => {
    const notAdmin = await docusignSimulator.start({ frozenAt: FROZEN, seed: 11, demoUserIsOrgAdmin: false });
    try {
      const { session, runtime } = connect(notAdmin.config);
      const records: SettingsRecord[] = (await collect(settingsStream.read(session, runtime))).flat();
      const org = records.filter((r) => r.key.startsWith('organization/'));
      expect(org.map((r) => r.value.collected)).toEqual([false, false]);
      const snapshot = settingsSnapshot(records);
      for (const id of ['DS-SSO-1', 'DS-DOM-1', 'DS-ADM-1', 'DS-ADM-2']) {
        const result = docusign.postureChecks?.find((c) => c.id === id)?.evaluate(snapshot);
        expect(result?.status, id).toBe('error');
        expect(result?.evidence, id).toMatch(/not evaluated — grant these scopes: (signature, )?organization_read/);
      }
    } finally {
      await notAdmin.close();
    }
  });

  describe('activities stream', () => {
    it('pages the default 7-day window to completion with a small page size, then stops when caught up', async () => {
      const pages = await readActivities({ ...sim.config, pageSize: 100 });
      const ids = idsOf(pages);
      const truth = sim.truth().activityIds;
      expect(ids).toEqual(truth);
      expect(pages).toHaveLength(Math.ceil(truth.length / 100));
      expect(sim.stats().byRoute['GET /api/:version/datasets/:dataSetName/stream']).toBeGreaterThanOrEqual(pages.length + 1);
      // Caught up: a second run from the last checkpoint reads nothing.
      const again = await readActivities(sim.config, pages.at(-1)?.checkpoint ?? null);
      expect(idsOf(again)).toEqual([]);
    });

    it('resumes from a checkpoint without losing or repeating anything', async () => {
      const config = { ...sim.config, pageSize: 250 };
      const { session, runtime } = connect(config);
      const first: IncrementalPage[] = [];
      for await (const page of activities.read(session, runtime, { checkpoint: null, backfillFrom: Date.now() - 7 * DAY })) {
        first.push(page);
        if (first.length === 2) break;
      }
      const rest = await readActivities(config, first.at(-1)?.checkpoint ?? null);
      const ids = [...idsOf(first), ...idsOf(rest)];
      expect(ids).toEqual(sim.truth().activityIds);
    });

    it('reads the v1 organisation stream the same way', async () => {
      const pages = await readActivities({ ...sim.config, monitorApi: 'v1', pageSize: 500 });
      expect(idsOf(pages)).toEqual(sim.truth().activityIds);
    });

    it('sends an ISO cursor when the backfill is not the default 7 days', async () => {
      expect(initialCursor(Date.now() - 7 * DAY, Date.now())).toBeNull();
      const from = FROZEN - 2 * DAY;
      expect(initialCursor(from, Date.now())).toBe(new Date(from).toISOString());
      const ids = idsOf(await readActivities(sim.config, null, from));
      const truth = sim.truth().activityIds;
      expect(ids.length).toBeGreaterThan(100);
      expect(ids.length).toBeLessThan(truth.length);
      expect(ids).toEqual(truth.slice(truth.length - ids.length));
    });

    it('recovers from 429, 500, malformed and truncated pages and a token expiring mid-stream', async () => {
      const own = await docusignSimulator.start({ frozenAt: FROZEN, seed: 11 });
      try {
        own.faults.add({ kind: 'rate-limit', path: '/stream', every: 3, times: 2, retryAfterSeconds: 1 });
        own.faults.add({ kind: 'server-error', path: '/stream', every: 4, times: 2 });
        own.faults.add({ kind: 'truncated-json', path: '/stream', every: 5, times: 1 });
        own.faults.add({ kind: 'malformed-json', path: '/stream', every: 6, times: 1 });
        own.faults.add({ kind: 'expire-token', path: '/stream', every: 7, times: 1 });
        const { session, runtime } = connect({ ...own.config, pageSize: 100 });
        const pages = await collect(activities.read(session, runtime, { checkpoint: null, backfillFrom: Date.now() - 7 * DAY }));
        expect(idsOf(pages)).toEqual(own.truth().activityIds);
        expect(own.faults.injected).toMatchObject({ 'rate-limit': 2, 'server-error': 2, 'truncated-json': 1, 'malformed-json': 1, 'expire-token': 1 });
        expect(own.faults.retryAfterViolations).toBe(0);
        expect(session.auth.minted).toBe(2);
      } finally {
        await own.close();
      }
    });

    it('every record it reads normalises to an action of the closed list', async () => {
      const pages = await readActivities(sim.config);
      const context = { connectorInstanceId: 'ci', ingestedAt: Date.now(), lookupAccount: () => undefined };
      const actions = new Set(pages.flatMap((p) => p.records.map((r) => docusign.normalize(r, context).action)));
      for (const a of actions) expect(ACTIONS).toContain(a);
      expect([...actions]).toEqual(expect.arrayContaining(['user.login', 'user.login_failed', 'file.shared', 'file.viewed', 'file.downloaded', 'provider.alert']));
    });
  });

  describe('actions', () => {
    it('suspend-user closes the memberships in every account; unsuspend-user re-activates them', async () => {
      const own = await docusignSimulator.start({ frozenAt: FROZEN, seed: 11 });
      try {
        const t = own.tenant();
        const target = t.users.find((u) => u.accountIds.length === 2 && u.id !== t.demoUserId && u.status === 'active');
        if (!target) throw new Error('no two-account user');
        const { session, runtime } = connect(own.config);
        const suspend = docusign.actions['suspend-user'];
        const unsuspend = docusign.actions['unsuspend-user'];
        const input = { targetProviderId: target.id, config: own.config };

        expect((await suspend!.run(session, runtime, input)).detail).toMatch(/^Closed 2 membership\(s\) of .+ \((Northwind Legal US, Northwind Legal Europe|Northwind Legal Europe, Northwind Legal US)\)\.$/);
        expect((await readAccounts(own.config)).find((r) => r.providerId === target.id)?.status).toBe('deleted');
        expect((await suspend!.run(session, runtime, input)).detail).toMatch(/already suspended/);
        const events = idsOf(await readActivities(own.config)).length;
        expect(events).toBe(own.truth().activityIds.length);

        expect((await unsuspend!.run(session, runtime, input)).detail).toMatch(/^Re-activated 2 membership\(s\)/);
        expect((await readAccounts(own.config)).find((r) => r.providerId === target.id)?.status).toBe('active');
        expect((await unsuspend!.run(session, runtime, input)).detail).toMatch(/nothing to re-activate/);

        const pages = await readActivities(own.config);
        const actions = pages.flatMap((p) => p.records).filter((r) => (r as { referencedUserId: string }).referencedUserId === target.id).map((r) => docusign.normalize(r, { connectorInstanceId: 'ci', ingestedAt: Date.now(), lookupAccount: () => undefined }).action);
        expect(actions).toEqual(['user.suspended', 'user.suspended', 'user.unsuspended', 'user.unsuspended']);
      } finally {
        await own.close();
      }
    });

    it('refuses to suspend the administrator the connection impersonates', async () => {
      const { session, runtime } = connect(sim.config);
      await expect(docusign.actions['suspend-user']!.run(session, runtime, { targetProviderId: sim.config.userId, config: sim.config })).rejects.toBeInstanceOf(ConfigError);
    });
  });

  it('maps refused tokens to AuthError for the streams too', async () => {
    await expect(readActivities(sim.badCredentialConfig)).rejects.toBeInstanceOf(AuthError);
  });
});
