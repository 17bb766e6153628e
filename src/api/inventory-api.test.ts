import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../core/alert.js';
import { buildActivity } from '../detection/activity-builder.js';
import { insertActivities } from '../store/repos/activities.js';
import { upsertAccounts } from '../store/repos/accounts.js';
import { insertAlert } from '../store/repos/alerts.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { finishInventorySnapshot, upsertGroups, upsertOAuthApps, upsertPrivileges } from '../store/repos/inventory.js';
import type { TestApi } from './test-support.js';
import { describeDialects } from '../../test/helpers/dialects.js';
import { startDialectApi } from '../../test/helpers/test-api.js';

const T0 = Date.UTC(2026, 10, 2, 9);
const HOUR = 3_600_000;

/**
 * The inventory API over a store filled through the repos the sync writes with: two apps (Okta, the
 * identity provider, and Slack), people whose addresses hold the characters LIKE treats specially
 * (`_`, `%`, `\`), admin roles, groups, OAuth grants and alerts. Every list is compared whole, in order.
 */
describeDialects('inventory API', (dialect) => {
  let t: TestApi;
  let viewer: { cookie: string };
  let okta: string;
  let slack: string;

  beforeAll(async () => {
    t = await startDialectApi(dialect, { clock: { now: () => T0 } });
    viewer = await t.login('viewer');
    const db = t.store.db;
    okta = (await createInstance(db, t.store.secrets, { name: 'okta-prod', provider: 'okta', config: {}, now: T0 })).id;
    slack = (await createInstance(db, t.store.secrets, { name: 'slack-prod', provider: 'slack', config: {}, now: T0 })).id;
    await upsertAccounts(
      db,
      [
        { providerId: 'o-ann', email: 'Ann_Lee@corp.example', name: 'Ann Lee', status: 'active', isAdmin: true, identityAnchor: true },
        { providerId: 'o-annx', email: 'annxlee@corp.example', name: 'Annx Lee', status: 'active', isAdmin: false, identityAnchor: true },
        { providerId: 'o-bo', email: 'bo@corp.example', name: 'Bo 100% Sure', status: 'suspended', isAdmin: false, identityAnchor: true },
        { providerId: 'o-cy', email: 'cy@corp.example', name: 'Cy back\\slash', status: 'deleted', isAdmin: false, identityAnchor: true },
      ],
      { instanceId: okta, now: T0, identityProvider: true },
    );
    await upsertAccounts(
      db,
      [
        { providerId: 'U-ANN', email: 'ann_lee@corp.example', name: 'ann', status: 'active', isAdmin: false },
        { providerId: 'U-BO', email: 'bo@corp.example', name: 'bo', status: 'active', isAdmin: true },
      ],
      { instanceId: slack, now: T0 },
    );
    await upsertPrivileges(db, okta, [
      { accountProviderId: 'o-ann', role: 'Super Administrator', roleId: 'SUPER_ADMIN', scope: 'org' },
      { accountProviderId: 'o-ann', role: 'Help Desk Administrator', roleId: 'HELP_DESK_ADMIN', scope: 'group:eng' },
      { accountProviderId: 'o-ann', role: 'Help Desk Administrator', roleId: 'HELP_DESK_ADMIN', scope: 'group:sales' },
    ], T0);
    await upsertPrivileges(db, slack, [{ accountProviderId: 'U-BO', role: 'Workspace Owner', roleId: 'owner', scope: 'T1' }], T0);
    await upsertGroups(db, okta, [
      { providerId: 'g-eng', name: 'Engineering_Team', kind: 'okta', members: ['o-ann', 'o-bo'] },
      { providerId: 'g-engx', name: 'EngineeringxTeam', kind: 'okta', members: ['o-annx'] },
      { providerId: 'g-old', name: 'Engineering_Old', kind: 'okta', members: ['o-ann'] },
    ], T0 - HOUR);
    await upsertGroups(db, okta, [
      { providerId: 'g-eng', name: 'Engineering_Team', kind: 'okta', members: ['o-ann', 'o-bo'] },
      { providerId: 'g-engx', name: 'EngineeringxTeam', kind: 'okta', members: ['o-annx'] },
    ], T0);
    await finishInventorySnapshot(db, okta, 'groups', T0);
    const grant = (id: string, principal: string | null, scopes: string[]) => ({ id, kind: 'delegated' as const, scopes, principalProviderId: principal, resource: 'Slack' });
    await upsertOAuthApps(db, slack, [
      { providerId: 'A-NOTES', appId: 'A-NOTES', name: 'Notes Sync', publisher: 'Unknown', verifiedPublisher: false, thirdParty: true, enabled: true, grants: [grant('gr-ann', 'U-ANN', ['files:read']), grant('gr-bo', 'U-BO', ['chat:write'])] },
      { providerId: 'A-HOME', appId: 'A-HOME', name: 'Homegrown', publisher: 'Corp', verifiedPublisher: true, thirdParty: false, enabled: true, grants: [grant('gr-org', null, ['users:read'])] },
    ], T0);
    const alert = (n: number, subject: Alert['subject'], createdAt: number): Alert => ({
      id: `alert-${String(n).padStart(5, '0')}`, fingerprint: `fp-${n}`, policyId: 'detection.anonymous-ip', policyName: 'Anonymous IP', variant: null, severity: 'medium', status: 'open',
      resolution: null, resolutionNote: null, previousAlertId: null, subject, connectorInstanceId: slack, provider: 'slack', app: 'Slack', explanation: 'Signed in through Tor.',
      baseline: null, details: {}, activityIds: [], requestedActions: [], firstActivityAt: createdAt, lastActivityAt: createdAt, createdAt, updatedAt: createdAt,
    });
    const user = (email: string, identityId: string | null = null): Alert['subject'] => ({ type: 'user', key: email, email, userId: null, identityId });
    // Ann's alert is the oldest of 5,002: a person's page must still find it.
    await insertAlert(db, alert(0, user('ann_lee@corp.example'), T0 - 30 * 24 * HOUR));
    await insertAlert(db, alert(1, user('annxlee@corp.example'), T0 - 29 * 24 * HOUR));
    const others = Array.from({ length: 5_000 }, (_, i) => alert(2 + i, user(`someone${i}@corp.example`), T0 - 28 * 24 * HOUR + i * 1000));
    await db.transaction().execute(async (trx) => {
      for (const a of others) await insertAlert(trx, a);
    });
    await insertActivities(db, [
      buildActivity({ id: 'act-ann', connectorInstanceId: slack, provider: 'slack', app: 'Slack', time: T0 - HOUR, action: 'user.login', actor: { email: 'ann_lee@corp.example' } }),
      buildActivity({ id: 'act-annx', connectorInstanceId: slack, provider: 'slack', app: 'Slack', time: T0 - HOUR, action: 'user.login', actor: { email: 'annxlee@corp.example' } }),
      buildActivity({ id: 'act-pct', connectorInstanceId: slack, provider: 'slack', app: 'Slack', time: T0 - HOUR, action: 'file.shared', actor: { email: 'bo@corp.example' }, message: 'Shared "Q3 100% plan"' }),
      buildActivity({ id: 'act-100', connectorInstanceId: slack, provider: 'slack', app: 'Slack', time: T0 - HOUR, action: 'file.shared', actor: { email: 'bo@corp.example' }, message: 'Shared "Q3 1000 plan"' }),
      buildActivity({ id: 'act-elo', connectorInstanceId: slack, provider: 'slack', app: 'Slack', time: T0 - HOUR, action: 'file.shared', actor: { email: 'elodie@corp.example', name: 'Élodie Øster' }, message: 'Shared "ÜBERSICHT Straße"' }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const get = async <T = { items: Record<string, unknown>[]; nextCursor: string | null }>(url: string): Promise<T> => {
    const response = await t.app.inject({ url, headers: { cookie: viewer.cookie } });
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json() as T;
  };
  const emails = async (url: string) => (await get(url)).items.map((a) => a.email);
  /** Every page of a list, following nextCursor until it is null. */
  const allPages = async (url: string, limit: number) => {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page: { items: Record<string, unknown>[]; nextCursor: string | null } = await get(`${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return items;
    }
    throw new Error(`${url} kept handing out cursors`);
  };

  describe('accounts', () => {
    it('lists every account; by connector name, id or its app\'s only connection, by status; an unknown connector is named back', async () => {
      expect(await emails('/api/v1/accounts')).toEqual(['ann_lee@corp.example', 'annxlee@corp.example', 'bo@corp.example', 'cy@corp.example', 'ann_lee@corp.example', 'bo@corp.example']);
      expect(await emails('/api/v1/accounts?connector=slack-prod')).toEqual(['ann_lee@corp.example', 'bo@corp.example']);
      expect(await emails(`/api/v1/accounts?connector=${okta}&status=active`)).toEqual(['ann_lee@corp.example', 'annxlee@corp.example']);
      expect(await emails('/api/v1/accounts?connector=slack')).toEqual(['ann_lee@corp.example', 'bo@corp.example']);
      expect(await emails('/api/v1/accounts?status=suspended')).toEqual(['bo@corp.example']);
      const unknown = await t.app.inject({ url: '/api/v1/accounts?connector=jira', headers: { cookie: viewer.cookie } });
      expect([unknown.statusCode, unknown.json().errors]).toEqual([422, [{ path: 'query.connector', message: 'No connector named "jira". Connected: okta-prod, slack-prod.' }]]);
    });

    it('searches e-mail and name as typed, case-insensitively: _, % and \\ are characters, not wildcards', async () => {
      expect(await emails('/api/v1/accounts?q=ANN_LEE')).toEqual(['ann_lee@corp.example', 'ann_lee@corp.example']);
      expect(await emails('/api/v1/accounts?q=100%25')).toEqual(['bo@corp.example']);
      expect(await emails(`/api/v1/accounts?q=${encodeURIComponent('back\\slash')}`)).toEqual(['cy@corp.example']);
      expect(await emails('/api/v1/accounts?q=U-BO')).toEqual(['bo@corp.example']);
      expect(await emails('/api/v1/accounts?q=nobody')).toEqual([]);
    });

    it('pages through every account once, in order, whatever the page size', async () => {
      const whole = (await get('/api/v1/accounts?limit=500')).items.map((a) => a.id);
      expect(whole).toHaveLength(6);
      for (const limit of [1, 2, 5, 6]) expect((await allPages('/api/v1/accounts', limit)).map((a) => a.id), `pages of ${limit}`).toEqual(whole);
    });
  });

  describe('identities', () => {
    it('one per person, with their accounts in both apps; searched by address or name as typed', async () => {
      const people = (await get<{ items: { primaryEmail: string; accounts: { connectorInstanceId: string; providerId: string }[] }[] }>('/api/v1/identities')).items;
      expect(people.map((p) => [p.primaryEmail, p.accounts.map((a) => a.providerId).sort()])).toEqual([
        ['ann_lee@corp.example', ['U-ANN', 'o-ann']],
        ['annxlee@corp.example', ['o-annx']],
        ['bo@corp.example', ['U-BO', 'o-bo']],
        ['cy@corp.example', ['o-cy']],
      ]);
      const found = async (q: string) => (await get<{ items: { primaryEmail: string }[] }>(`/api/v1/identities?q=${encodeURIComponent(q)}`)).items.map((p) => p.primaryEmail);
      expect(await found('ann_')).toEqual(['ann_lee@corp.example']);
      expect(await found('BO 100%')).toEqual(['bo@corp.example']);
      expect(await found('annx')).toEqual(['annxlee@corp.example']);
      const ids = people.map((p) => (p as unknown as { id: string }).id);
      for (const limit of [1, 3]) expect((await allPages('/api/v1/identities', limit)).map((p) => p.id), `pages of ${limit}`).toEqual(ids);
    });

    it("a person's page: their accounts, roles, current groups, their own OAuth grants and alerts, however old", async () => {
      const ann = (await get<{ items: { id: string; primaryEmail: string }[] }>('/api/v1/identities')).items.find((p) => p.primaryEmail === 'ann_lee@corp.example')!;
      const page = await get<{
        identity: { primaryEmail: string };
        accounts: { providerId: string }[];
        privileges: { roleId: string; scope: string }[];
        groups: { name: string }[];
        oauthGrants: { app: { name: string }; grant: { id: string } }[];
        alerts: { id: string }[];
      }>(`/api/v1/identities/${ann.id}`);
      expect(page.identity.primaryEmail).toBe('ann_lee@corp.example');
      expect(page.accounts.map((a) => a.providerId).sort()).toEqual(['U-ANN', 'o-ann']);
      expect(page.privileges.map((p) => [p.roleId, p.scope])).toEqual([
        ['HELP_DESK_ADMIN', 'group:eng'],
        ['HELP_DESK_ADMIN', 'group:sales'],
        ['SUPER_ADMIN', 'org'],
      ]);
      expect(page.groups.map((g) => g.name)).toEqual(['Engineering_Team']);
      expect(page.oauthGrants.map((g) => [g.app.name, g.grant.id])).toEqual([['Notes Sync', 'gr-ann']]);
      expect(page.alerts.map((a) => a.id)).toEqual(['alert-00000']);
      // Opening a person's page is recorded: who looked at whom.
      const audit = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'GET /api/v1/identities/:id').execute();
      expect(audit.map((a) => [a.actor_name, a.target_id])).toEqual([['viewer', ann.id]]);
      const missing = await t.app.inject({ url: '/api/v1/identities/01NOSUCHIDENTITY', headers: { cookie: viewer.cookie } });
      expect([missing.statusCode, missing.json().detail]).toEqual([404, 'No identity with id 01NOSUCHIDENTITY.']);
    });
  });

  it('groups: current ones with member counts, searched as typed, paged once each', async () => {
    const groups = (await get<{ items: { name: string; members: number }[] }>('/api/v1/groups')).items;
    expect(groups.map((g) => [g.name, g.members])).toEqual([
      ['Engineering_Team', 2],
      ['EngineeringxTeam', 1],
    ]);
    expect((await get<{ items: { name: string }[] }>('/api/v1/groups?q=engineering_')).items.map((g) => g.name)).toEqual(['Engineering_Team']);
    expect((await allPages('/api/v1/groups', 1)).map((g) => g.name)).toEqual(['Engineering_Team', 'EngineeringxTeam']);
  });

  it('privileges: every role held, with the holder, paged once each across roles and scopes of one account', async () => {
    const whole = (await get<{ items: { accountEmail: string; roleId: string; scope: string }[] }>('/api/v1/privileges')).items;
    expect(whole.map((p) => [p.accountEmail, p.roleId, p.scope]).sort()).toEqual([
      ['ann_lee@corp.example', 'HELP_DESK_ADMIN', 'group:eng'],
      ['ann_lee@corp.example', 'HELP_DESK_ADMIN', 'group:sales'],
      ['ann_lee@corp.example', 'SUPER_ADMIN', 'org'],
      ['bo@corp.example', 'owner', 'T1'],
    ]);
    for (const limit of [1, 2, 3]) expect(await allPages('/api/v1/privileges', limit), `pages of ${limit}`).toEqual(whole);
    // A page shorter than asked for is the last: no cursor to an empty page.
    expect((await get('/api/v1/privileges?limit=5')).nextCursor).toBeNull();
    expect((await get<{ items: { accountEmail: string }[] }>('/api/v1/privileges?connector=slack-prod')).items.map((p) => p.accountEmail)).toEqual(['bo@corp.example']);
  });

  it('OAuth apps: with their grants; third-party ones apart', async () => {
    const names = async (url: string) => (await get<{ items: { name: string }[] }>(url)).items.map((a) => a.name);
    expect(await names('/api/v1/oauth-apps')).toEqual(['Notes Sync', 'Homegrown']);
    expect(await names('/api/v1/oauth-apps?thirdParty=true')).toEqual(['Notes Sync']);
    expect(await names('/api/v1/oauth-apps?thirdParty=false')).toEqual(['Homegrown']);
    expect((await get<{ items: { grants: { id: string }[] }[] }>('/api/v1/oauth-apps?thirdParty=true')).items[0]!.grants.map((g) => g.id)).toEqual(['gr-ann', 'gr-bo']);
  });

  it('activity search reads _ and % as typed too', async () => {
    const ids = async (q: string) => (await get<{ items: { id: string }[] }>(`/api/v1/activities?q=${encodeURIComponent(q)}`)).items.map((a) => a.id);
    expect(await ids('ann_lee')).toEqual(['act-ann']);
    expect(await ids('100%')).toEqual(['act-pct']);
  });

  it('search folds case beyond ASCII: É, Ø and Ü match é, ø and ü both ways', async () => {
    const ids = async (q: string) => (await get<{ items: { id: string }[] }>(`/api/v1/activities?q=${encodeURIComponent(q)}`)).items.map((a) => a.id);
    expect(await ids('élodie')).toEqual(['act-elo']);
    expect(await ids('ÉLODIE ØSTER')).toEqual(['act-elo']);
    expect(await ids('übersicht straße')).toEqual(['act-elo']);
    // Accents still count: e is not é.
    expect(await ids('elodie ø')).toEqual([]);
  });

  it('needs a session', async () => {
    expect((await t.app.inject({ url: '/api/v1/accounts' })).statusCode).toBe(401);
  });
});
