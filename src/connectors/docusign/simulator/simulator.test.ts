import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { clockMidWindow } from '../../sdk/simulator/window-clock.js';
import { DEMO_ORGANISATION, workforce } from '../../sdk/simulator/workforce.js';
import { docusignSimulator, type RunningDocusignSimulator } from './index.js';
import { call, demoClaims, drainStream, JWT_BEARER, mintToken, requestToken, signAssertion, type StreamBody } from './test-kit.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');
const STREAM = '/api/v2.0/datasets/monitor/stream';

type Rec = Record<string, unknown>;
const ts = (r: Rec) => Date.parse(String(r.timestamp));

describe('DocuSign simulator', () => {
  let sim: RunningDocusignSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await docusignSimulator.start({ frozenAt: FROZEN, seed: 7 });
    token = await mintToken(sim);
  });
  afterAll(async () => sim.close());

  describe('POST /oauth/token (JWT grant)', () => {
    it('issues an opaque bearer token valid for an hour', async () => {
      const { status, body } = await requestToken(sim, signAssertion(demoClaims(sim), sim.keys.privateKey));
      expect(status).toBe(200);
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(String(body.access_token)).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    });

    it('accepts account-d.docusign.com as the audience', async () => {
      const { status } = await requestToken(sim, signAssertion(demoClaims(sim, { aud: 'account-d.docusign.com' }), sim.keys.privateKey));
      expect(status).toBe(200);
    });

    it.each([
      ['a signature from another key', () => signAssertion(demoClaims(sim), sim.keys.otherPrivateKey), { error: 'invalid_grant', error_description: 'no_valid_keys_or_signatures' }],
      ['an unknown user', () => signAssertion(demoClaims(sim, { sub: randomUUID() }), sim.keys.privateKey), { error: 'invalid_grant', error_description: 'user_not_found' }],
      ['an unknown integration key', () => signAssertion(demoClaims(sim, { iss: randomUUID() }), sim.keys.privateKey), { error: 'invalid_grant', error_description: 'issuer_not_found' }],
      ['a scope without consent', () => signAssertion(demoClaims(sim, { scope: 'signature group_read' }), sim.keys.privateKey), { error: 'consent_required' }],
    ])('refuses %s', async (_name, assertion, expected) => {
      const { status, body } = await requestToken(sim, assertion());
      expect(status).toBe(400);
      expect(body).toEqual(expected);
    });

    it.each([
      ['an expired assertion', { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }, 'expired_assertion'],
      ['a lifetime over one hour', { exp: Math.floor(Date.now() / 1000) + 7200 }, 'invalid_assertion_lifetime'],
      ['another audience', { aud: 'account.docusign.com' }, 'invalid_audience'],
    ])('answers invalid_request to %s', async (_name, overrides, description) => {
      const { status, body } = await requestToken(sim, signAssertion(demoClaims(sim, overrides), sim.keys.privateKey));
      expect(status).toBe(400);
      expect(body).toEqual({ error: 'invalid_request', error_description: description });
    });

    it('answers invalid_request to a malformed assertion and unsupported_grant_type to another grant', async () => {
      expect((await requestToken(sim, 'not.a-jwt')).body).toMatchObject({ error: 'invalid_request' });
      expect((await requestToken(sim, signAssertion(demoClaims(sim), sim.keys.privateKey), 'client_credentials')).body).toMatchObject({ error: 'unsupported_grant_type' });
    });

    it('answers consent_required when the user never consented', async () => {
      const noConsent = await docusignSimulator.start({ frozenAt: FROZEN, consent: false });
      try {
        const { status, body } = await requestToken(noConsent, signAssertion(demoClaims(noConsent), noConsent.keys.privateKey));
        expect(status).toBe(400);
        expect(body).toEqual({ error: 'consent_required' });
      } finally {
        await noConsent.close();
      }
    });
  });

  it('GET /oauth/userinfo lists the accounts with base_uri pointing back at the simulator and the organisation', async () => {
    const res = await call(sim, '/oauth/userinfo', { token });
    expect(res.status).toBe(200);
    const accounts = res.body.accounts as Rec[];
    expect(res.body.sub).toBe(sim.config.userId);
    expect(accounts).toHaveLength(2);
    for (const a of accounts) {
      expect(a.base_uri).toBe(sim.config.simulatorUrl);
      expect((a.organization as Rec).organization_id).toBe(sim.tenant().organizationId);
    }
    expect((await call(sim, '/oauth/userinfo')).status).toBe(401);
  });

  describe('Monitor stream', () => {
    it('without a cursor serves the 7 days before "now", in ingestion order, ending on a cursor that is caught up', async () => {
      const all = await drainStream(sim, token, null);
      const ids = all.records.map((r) => r.eventId);
      expect(ids).toEqual(sim.truth().activityIds);
      expect(new Set(ids).size).toBe(ids.length);
      for (const r of all.records) {
        expect(ts(r)).toBeGreaterThan(FROZEN - 7 * DAY - 5 * MINUTE);
        expect(ts(r)).toBeLessThan(FROZEN);
      }
      // Ingestion order is not timestamp order.
      const times = all.records.map(ts);
      expect(times.some((t, i) => i > 0 && t < (times[i - 1] as number))).toBe(true);

      const again = await call<StreamBody>(sim, `${STREAM}?cursor=${encodeURIComponent(all.endCursor)}`, { token });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ endCursor: all.endCursor, data: [] });
    });

    it('with an ISO cursor starts at the first event ingested at or after it', async () => {
      const all = (await drainStream(sim, token, null)).records;
      const iso = new Date(FROZEN - DAY).toISOString();
      const fromIso = (await drainStream(sim, token, iso)).records;
      expect(fromIso.length).toBeGreaterThan(50);
      const start = all.length - fromIso.length;
      expect(all.slice(start).map((r) => r.eventId)).toEqual(fromIso.map((r) => r.eventId));
      // Ingestion follows the event by up to four minutes, so what came before happened before the cursor.
      expect(ts(all[start - 1] as Rec)).toBeLessThan(Date.parse(iso));
      expect(ts(fromIso[0] as Rec)).toBeGreaterThanOrEqual(Date.parse(iso) - 4 * MINUTE);
    });

    it('hands an ISO cursor in the future back unchanged with no records', async () => {
      const iso = new Date(FROZEN + HOUR).toISOString();
      const res = await call<StreamBody>(sim, `${STREAM}?cursor=${iso}`, { token });
      expect(res.body).toEqual({ endCursor: iso, data: [] });
    });

    it('resumes exactly from an opaque endCursor', async () => {
      const first = await call<StreamBody>(sim, `${STREAM}?limit=100`, { token });
      const second = await call<StreamBody>(sim, `${STREAM}?limit=100&cursor=${encodeURIComponent(first.body.endCursor)}`, { token });
      const both = await call<StreamBody>(sim, `${STREAM}?limit=200`, { token });
      expect([...first.body.data, ...second.body.data].map((r) => r.eventId)).toEqual(both.body.data.map((r) => r.eventId));
      expect(second.body.endCursor).toBe(both.body.endCursor);
    });

    it('defaults to 1000 records and enforces 1..2000', async () => {
      expect((await call<StreamBody>(sim, STREAM, { token })).body.data).toHaveLength(1000);
      expect((await call<StreamBody>(sim, `${STREAM}?limit=2000`, { token })).status).toBe(200);
      for (const bad of ['0', '2001', '-5', 'ten', '1.5']) {
        const res = await call(sim, `${STREAM}?limit=${bad}`, { token });
        expect(res.status, bad).toBe(400);
        expect(res.body.error).toBe('invalid_request');
      }
    });

    it('rejects a malformed cursor with 400', async () => {
      for (const bad of ['not a cursor!', Buffer.from('hello').toString('base64url'), '2025-13-45T99:00:00Z']) {
        const res = await call(sim, `${STREAM}?cursor=${encodeURIComponent(bad)}`, { token });
        expect(res.status, bad).toBe(400);
      }
    });

    it('serves the v1 organisation stream with the same records as {resultData, endCursor}, and /api/v2/ too', async () => {
      const orgId = sim.tenant().organizationId;
      const v2 = await call<StreamBody>(sim, `${STREAM}?limit=50`, { token });
      const v1 = await call<{ resultData: Rec[]; endCursor: string }>(sim, `/v1/organizations/${orgId}/stream?limit=50`, { token });
      const v2short = await call<StreamBody>(sim, `/api/v2/datasets/monitor/stream?limit=50`, { token });
      expect(Object.keys(v1.body)).toEqual(['resultData', 'endCursor']);
      expect(v1.body.resultData).toEqual(v2.body.data);
      expect(v1.body.endCursor).toBe(v2.body.endCursor);
      expect(v2short.body).toEqual(v2.body);
      expect((await call(sim, `/v1/organizations/${randomUUID()}/stream`, { token })).status).toBe(403);
      expect((await call(sim, STREAM)).status).toBe(401);
    });

    it('refuses with 403 when Monitor is off or the user is no organisation administrator', async () => {
      sim.setMonitorEnabled(false);
      try {
        const res = await call(sim, STREAM, { token });
        expect(res.status).toBe(403);
        expect(String(res.body.error_description)).toMatch(/Monitor is not enabled/);
      } finally {
        sim.setMonitorEnabled(true);
      }
      const notAdmin = await docusignSimulator.start({ frozenAt: FROZEN, demoUserIsOrgAdmin: false });
      try {
        const res = await call(notAdmin, STREAM, { token: await mintToken(notAdmin) });
        expect(res.status).toBe(403);
        expect(String(res.body.error_description)).toMatch(/organization administrator/);
      } finally {
        await notAdmin.close();
      }
    });

    it('records carry the §2.4 fields: no e-mail, lower-case ipAddressLocation and its flattened copies', async () => {
      const { data } = (await call<StreamBody>(sim, `${STREAM}?limit=200`, { token })).body;
      expect(data.length).toBeGreaterThan(0);
      let located = 0;
      for (const r of data) {
        expect(r.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
        expect(r.eventId).toMatch(/^[0-9a-f-]{36}$/);
        expect(r.organizationId).toBe(sim.tenant().organizationId);
        expect(JSON.stringify(r)).not.toMatch(/@/);
        expect(Object.keys(r)).toEqual(expect.arrayContaining(['site', 'accountId', 'userId', 'integratorKey', 'userAgent', 'ipAddress', 'ipAddressLocation', 'object', 'action', 'property', 'field', 'result', 'source', 'referencedUserId', 'proxyStatus', 'proxyType', 'proxyLevel', 'data']));
        const loc = r.ipAddressLocation as Rec;
        if (loc.country !== undefined) {
          located++;
          expect(loc.country).toBe(String(loc.country).toLowerCase());
          expect(typeof loc.latitude).toBe('number');
          if (r.country !== undefined) expect(r.city).toBe(loc.city);
        }
      }
      // The location checks above ran on most records, not on none.
      expect(located).toBeGreaterThan(data.length / 2);
    });
  });

  describe('the seeded tenant', () => {
    it('is the same for the same seed and different for another', async () => {
      const same = await docusignSimulator.start({ frozenAt: FROZEN, seed: 7 });
      const other = await docusignSimulator.start({ frozenAt: FROZEN, seed: 8 });
      try {
        expect(same.truth()).toEqual(sim.truth());
        expect(same.scenarios()).toEqual(sim.scenarios());
        expect(other.truth().activityIds).not.toEqual(sim.truth().activityIds);
      } finally {
        await same.close();
        await other.close();
      }
    });

    it('has one organisation, two accounts, 40 people (some in both accounts), a few org admins and one closed user', () => {
      const t = sim.tenant();
      expect(t.accountIds).toHaveLength(2);
      expect(t.users).toHaveLength(40);
      expect(t.users.filter((u) => u.accountIds.length === 2).length).toBeGreaterThanOrEqual(3);
      expect(t.users.filter((u) => u.isOrgAdmin).length).toBeGreaterThanOrEqual(2);
      expect(t.users.filter((u) => u.status === 'closed').map((u) => u.id)).toEqual([t.closedUserId]);
      expect(sim.truth().accountIds.sort()).toEqual(t.users.map((u) => u.id).sort());
    });

    it('injects each scenario in the last two days, for the policy meant to catch it', async () => {
      const facts = sim.scenarios();
      expect(facts.map((f) => [f.id, f.policy])).toEqual([
        ['impossible-travel', 'detection.impossible-travel'],
        ['anonymous-proxy', 'detection.anonymous-ip'],
        ['failed-logon-burst', 'detection.failed-logons'],
        ['closed-user-activity', 'detection.terminated-user'],
      ]);
      const records = new Map((await drainStream(sim, token, null)).records.map((r) => [r.eventId as string, r]));
      const byId = (id: string) => records.get(id) as Rec;
      for (const f of facts) {
        expect(f.user).toMatch(/@northwind-legal\.example$/);
        for (const id of f.eventIds) {
          expect(records.has(id), `${f.id} ${id}`).toBe(true);
          expect(ts(byId(id))).toBeGreaterThan(FROZEN - 2 * DAY);
        }
      }
      const [travel, proxy, burst, closed] = facts as [(typeof facts)[0], (typeof facts)[0], (typeof facts)[0], (typeof facts)[0]];

      const [home, away] = travel.eventIds.map(byId) as [Rec, Rec];
      expect(ts(away) - ts(home)).toBeLessThan(HOUR);
      expect((home.ipAddressLocation as Rec).country).toBe('united states');
      expect((away.ipAddressLocation as Rec).country).toBe('nigeria');

      const vpn = byId(proxy.eventIds[0] as string);
      expect(vpn).toMatchObject({ object: 'User', action: 'Login', result: 'Success', proxyType: 'VPN', ipAddress: '169.150.223.181' });

      const failures = burst.eventIds.map(byId);
      expect(failures.length).toBeGreaterThanOrEqual(15);
      expect(new Set(failures.map((r) => r.userId)).size).toBe(1);
      expect(failures.every((r) => r.action === 'Login' && r.result === 'Failed')).toBe(true);
      const span = Math.max(...failures.map(ts)) - Math.min(...failures.map(ts));
      expect(span).toBeLessThan(10 * MINUTE);
      const success = [...records.values()].find((r) => r.userId === failures[0]?.userId && r.action === 'Login' && r.result === 'Success' && ts(r) > Math.max(...failures.map(ts)) && ts(r) < Math.max(...failures.map(ts)) + 10 * MINUTE);
      expect(success).toBeDefined();

      const closedUser = sim.tenant().closedUserId;
      const closure = [...records.values()].find((r) => r.action === 'MembershipClosed' && r.referencedUserId === closedUser) as Rec;
      expect(closure).toBeDefined();
      for (const id of closed.eventIds) {
        expect(byId(id).userId).toBe(closedUser);
        expect(ts(byId(id))).toBeGreaterThan(ts(closure));
      }
    });

    it('keeps benign people benign: one home address each and no bursts of failures, over the whole month', async () => {
      const facts = sim.scenarios();
      const scenarioUsers = new Set(sim.tenant().users.filter((u) => facts.some((f) => f.user === u.email)).map((u) => u.id));
      const month = (await drainStream(sim, token, new Date(FROZEN - 31 * DAY).toISOString())).records;
      expect(month.length).toBeGreaterThan(3000);
      const logins = month.filter((r) => r.object === 'User' && r.action === 'Login' && !scenarioUsers.has(r.userId as string));
      const ipsByUser = new Map<string, Set<string>>();
      for (const r of logins) ipsByUser.set(r.userId as string, (ipsByUser.get(r.userId as string) ?? new Set()).add(r.ipAddress as string));
      expect(ipsByUser.size).toBeGreaterThan(30);
      for (const [user, ips] of ipsByUser) expect(ips.size, user).toBe(1);
      expect(logins.filter((r) => r.proxyType !== '')).toEqual([]);
      const failed = logins.filter((r) => r.result === 'Failed').map((r) => ({ user: r.userId, at: ts(r) }));
      for (const f of failed) expect(failed.filter((g) => g.user === f.user && Math.abs(g.at - f.at) < HOUR).length).toBeLessThan(3);
      const kinds = new Set(month.map((r) => `${String(r.object)}/${String(r.action)}`));
      for (const k of ['User/Login', 'Envelope/Sent', 'Envelope/Viewed', 'Envelope/Downloaded', 'Account/SettingsUpdated', 'Account/UserAdded', 'User/PermissionProfileChanged', 'User/MembershipClosed']) {
        expect(kinds.has(k), k).toBe(true);
      }
    });

    it("takes its people from the demo organisation's workforce (person i = user i): same e-mails, home addresses and browsers", async () => {
      const people = workforce({ seed: 7, domain: DEMO_ORGANISATION.domain });
      const t = sim.tenant();
      expect(t.organizationName).toBe(DEMO_ORGANISATION.name);
      expect(t.users.map((u) => [u.email, u.name])).toEqual(people.map((p) => [p.email, `${p.firstName} ${p.lastName}`]));
      const personOf = new Map(t.users.map((u, i) => [u.id, people[i]]));
      const scenarioUsers = new Set(sim.scenarios().map((f) => f.user));
      const logins = (await drainStream(sim, token, null)).records.filter((r) => r.action === 'Login' && r.source === 'Web');
      expect(logins.length).toBeGreaterThan(100);
      for (const r of logins) {
        const person = personOf.get(r.userId as string);
        if (!person || scenarioUsers.has(person.email)) continue;
        expect([r.ipAddress, r.userAgent, (r.ipAddressLocation as Rec).city]).toEqual([person.ip, person.userAgent, person.place.city]);
      }
    });

    it('injects no scenario when none is asked for', async () => {
      const plain = await docusignSimulator.start({ frozenAt: FROZEN, seed: 7, scenarios: [] });
      try {
        expect(plain.scenarios()).toEqual([]);
        const all = new Set(plain.truth().activityIds);
        for (const f of sim.scenarios()) for (const id of f.eventIds) expect(all.has(id)).toBe(false);
      } finally {
        await plain.close();
      }
    });
  });

  describe('Admin API', () => {
    it('accepts /Management as well as /management and lists the organisation with its accounts', async () => {
      for (const prefix of ['/management', '/Management']) {
        const res = await call(sim, `${prefix}/v2/organizations`, { token });
        expect(res.status).toBe(200);
        const [org] = res.body.organizations as Rec[];
        expect(org?.id).toBe(sim.tenant().organizationId);
        expect((org?.accounts as Rec[]).map((a) => a.id).sort()).toEqual([...sim.tenant().accountIds].sort());
      }
    });

    it('serves claimed domains and identity providers: in the organisation (organization_read) and on their own endpoints (domain_read, identity_provider_read)', async () => {
      const t = sim.tenant();
      const [org] = (await call(sim, '/management/v2/organizations', { token })).body.organizations as Rec[];
      const [domain] = org?.reserved_domains as Rec[];
      expect(domain).toMatchObject({ status: 'active', host_name: t.demoUserEmail.split('@')[1], settings: [] });
      expect(domain?.txt_token).toMatch(/^docusign=/);
      // OrganizationResponse.identity_providers is a list of IdentityProvidersResponse, each wrapping providers.
      const [wrapper] = org?.identity_providers as Rec[];
      const [idp] = wrapper?.identity_providers as Rec[];
      expect(idp).toMatchObject({ id: domain?.identity_provider_id, type: 'saml_20', auto_provision_users: false });
      const domains = await call(sim, `/management/v2/organizations/${t.organizationId}/reserved_domains`, { token: await mintToken(sim, { scope: 'signature impersonation domain_read' }) });
      expect(domains.status).toBe(200);
      expect((domains.body.reserved_domains as Rec[]).map((d) => d.id)).toEqual([domain?.id]);
      const idps = await call(sim, `/management/v2/organizations/${t.organizationId}/identity_providers`, { token: await mintToken(sim, { scope: 'signature impersonation identity_provider_read' }) });
      expect((idps.body.identity_providers as Rec[]).map((p) => p.id)).toEqual([idp?.id]);
      // Without the scope: 403 forbidden, never an empty list.
      const refused = await call(sim, `/management/v2/organizations/${t.organizationId}/identity_providers`, { token });
      expect([refused.status, refused.body.error]).toEqual([403, 'forbidden']);
      const noOrgRead = await call(sim, '/management/v2/organizations', { token: await mintToken(sim, { scope: 'signature impersonation user_read' }) });
      expect([noOrgRead.status, noOrgRead.body.error]).toEqual([403, 'forbidden']);
    });

    it('requires email, account_id or organization_reserved_domain_id, and take <= 250', async () => {
      const base = `/management/v2/organizations/${sim.tenant().organizationId}/users`;
      const missing = await call(sim, base, { token });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toBe('invalid_request');
      expect((await call(sim, `${base}?account_id=${sim.tenant().accountIds[0]}&take=251`, { token })).status).toBe(400);
    });

    it('pages users with start/take and an absolute paging.next', async () => {
      const t = sim.tenant();
      const accountId = t.accountIds[0] as string;
      let url: string | null = `/management/v2/organizations/${t.organizationId}/users?account_id=${accountId}&take=7`;
      const ids: string[] = [];
      let pages = 0;
      while (url) {
        const res: { body: { users: Rec[]; paging: Rec } } = await call(sim, url, { token });
        ids.push(...res.body.users.map((u) => u.id as string));
        url = (res.body.paging.next as string | null) ?? null;
        if (url) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/management\/v2\/organizations\/.+start=\d+/);
        pages++;
      }
      const members = t.users.filter((u) => u.accountIds.includes(accountId)).map((u) => u.id);
      expect(ids.sort()).toEqual(members.sort());
      expect(pages).toBe(Math.ceil(members.length / 7));
    });

    it('drills down into one user by e-mail', async () => {
      const t = sim.tenant();
      const res = await call(sim, `/management/v2/organizations/${t.organizationId}/users/profile?email=${encodeURIComponent(t.demoUserEmail)}`, { token });
      const [user] = res.body.users as Rec[];
      expect(user).toMatchObject({ id: t.demoUserId, is_organization_admin: true });
      expect((user?.memberships as Rec[]).length).toBe(2);
    });

    it('closing memberships flips them to closed and appends Monitor events; re-activating reverses it', async () => {
      const own = await docusignSimulator.start({ frozenAt: FROZEN });
      try {
        const t = own.tenant();
        const tok = await mintToken(own);
        const target = t.users.find((u) => u.accountIds.length === 2 && u.id !== t.demoUserId && u.status === 'active');
        if (!target) throw new Error('no two-account user');
        const caughtUp = (await drainStream(own, tok, null)).endCursor;
        const closed = await call(own, `/management/v2/organizations/${t.organizationId}/users/${target.id}/accounts`, {
          token: tok,
          method: 'DELETE',
          json: { accounts: target.accountIds.map((id) => ({ id })) },
        });
        expect(closed.body).toEqual({ success: true, accounts: target.accountIds.map((id) => ({ id, error_details: null })) });
        const rows = await call(own, `/management/v2/organizations/${t.organizationId}/users?email=${encodeURIComponent(target.email)}`, { token: tok });
        for (const row of rows.body.users as Rec[]) {
          expect(row.membership_status).toBe('closed');
          expect(row.membership_closed_on).toMatch(/^2025-03-14T12:00:00/);
        }
        const events = (await drainStream(own, tok, caughtUp)).records;
        expect(events.map((e) => [e.object, e.action, e.referencedUserId, e.userId])).toEqual(
          target.accountIds.map(() => ['User', 'MembershipClosed', target.id, t.demoUserId]),
        );

        const profile = await call(own, `/management/v2.1/organizations/${t.organizationId}/users/${target.id}/dsprofile`, { token: tok });
        const memberships = ((profile.body.users as Rec[])[0]?.memberships ?? []) as Rec[];
        const next = (await drainStream(own, tok, caughtUp)).endCursor;
        const reactivated = await call(own, `/management/v2/organizations/${t.organizationId}/users/${target.id}/memberships/${String(memberships[0]?.id)}`, { token: tok, method: 'POST', json: { site_id: 1 } });
        expect(reactivated.body).toEqual({ status: 'active' });
        const after = (await drainStream(own, tok, next)).records;
        expect(after.map((e) => e.action)).toEqual(['MembershipReactivated']);
      } finally {
        await own.close();
      }
    });
  });

  describe('eSignature REST v2.1', () => {
    it('serves flat settings with string values, some of them insecure', async () => {
      const [us, eu] = sim.tenant().accountIds as [string, string];
      const a = await call(sim, `/restapi/v2.1/accounts/${us}/settings`, { token });
      const b = await call(sim, `/restapi/v2.1/accounts/${eu}/settings`, { token });
      expect(a.body).toMatchObject({ sessionTimeout: '60', idCheckRequired: 'never', allowConnectHttpListenerConfigs: 'true' });
      expect(b.body).toMatchObject({ sessionTimeout: '30', idCheckRequired: 'always', allowConnectHttpListenerConfigs: 'false' });
      expect((a.body.sessionTimeoutMetadata as Rec).rights).toBe('editable');
    });

    it('reads and updates password rules, logging the change in Monitor', async () => {
      const own = await docusignSimulator.start({ frozenAt: FROZEN });
      try {
        const tok = await mintToken(own);
        const us = own.tenant().accountIds[0] as string;
        const path = `/restapi/v2.1/accounts/${us}/settings/password_rules`;
        expect((await call(own, path, { token: tok })).body).toMatchObject({ passwordStrengthType: 'basic', lockoutDurationMinutes: '2' });
        const caughtUp = (await drainStream(own, tok, null)).endCursor;
        const put = await call(own, path, { token: tok, method: 'PUT', json: { passwordStrengthType: 'strong' } });
        expect(put.body.passwordStrengthType).toBe('strong');
        const [event] = (await drainStream(own, tok, caughtUp)).records;
        expect(event).toMatchObject({ object: 'Account', action: 'SettingsUpdated', property: 'PasswordRules', field: 'passwordStrengthType', data: { OldValue: 'basic', NewValue: 'strong' } });
      } finally {
        await own.close();
      }
    });

    it('pages users with nextUri and refuses accounts the user is not in', async () => {
      const us = sim.tenant().accountIds[0] as string;
      const first = await call(sim, `/restapi/v2.1/accounts/${us}/users?count=10`, { token });
      expect(first.body).toMatchObject({ resultSetSize: '10', startPosition: '0', endPosition: '9' });
      expect(first.body.nextUri).toBe('/users?start_position=10&count=10');
      expect(((first.body.users as Rec[])[0] as Rec).isAdmin).toMatch(/^(True|False)$/);
      const other = await call(sim, `/restapi/v2.1/accounts/${randomUUID()}/settings`, { token });
      expect(other.status).toBe(400);
      expect(other.body.errorCode).toBe('USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT');
      expect((await call(sim, `/restapi/v2.1/accounts/${us}/settings`)).body.errorCode).toBe('USER_AUTHENTICATION_FAILED');
    });
  });

  describe('rate limits', () => {
    it('sends the rate-limit and trace headers on every response, and 429 HOURLY_APIINVOCATION_LIMIT_EXCEEDED past the hourly limit', async () => {
      const limited = await docusignSimulator.start({ frozenAt: FROZEN, rateLimits: { hourly: 4 }, rateLimitClock: clockMidWindow(HOUR) });
      try {
        const tok = await mintToken(limited);
        const remaining: string[] = [];
        for (let i = 0; i < 3; i++) {
          const res = await call(limited, '/oauth/userinfo', { token: tok });
          expect(res.status).toBe(200);
          expect(res.headers.get('x-ratelimit-limit')).toBe('4');
          expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
          expect(res.headers.get('x-burstlimit-limit')).toBe('200');
          expect(res.headers.get('x-burstlimit-remaining')).toMatch(/^\d+$/);
          expect(res.headers.get('x-docusign-tracetoken')).toMatch(/^[0-9a-f-]{36}$/);
          remaining.push(String(res.headers.get('x-ratelimit-remaining')));
        }
        // The token request counted too.
        expect(remaining).toEqual(['2', '1', '0']);
        const refused = await call(limited, '/oauth/userinfo', { token: tok });
        expect(refused.status).toBe(429);
        expect(refused.body).toEqual({ errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', message: 'The maximum number of hourly API invocations has been exceeded. The hourly limit is 4.' });
        expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      } finally {
        await limited.close();
      }
    });

    it('enforces the burst window', async () => {
      const limited = await docusignSimulator.start({ frozenAt: FROZEN, rateLimits: { burst: 3, burstWindowSeconds: 3600 }, rateLimitClock: clockMidWindow(HOUR) });
      try {
        const tok = await mintToken(limited);
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await call(limited, '/oauth/userinfo', { token: tok })).status);
        const refused = await call(limited, '/oauth/userinfo', { token: tok });
        expect(statuses).toEqual([200, 200, 429]);
        expect(refused.body.errorCode).toBe('BURST_APIINVOCATION_LIMIT_EXCEEDED');
        expect(refused.headers.get('x-burstlimit-remaining')).toBe('0');
      } finally {
        await limited.close();
      }
    });
  });

  describe('faults', () => {
    it('answers DocuSign-worded 429, 500, malformed and truncated JSON, and a token that really expires', async () => {
      const own = await docusignSimulator.start({ frozenAt: FROZEN });
      try {
        const tok = await mintToken(own);
        own.faults.add({ kind: 'rate-limit', path: '/stream', times: 1, retryAfterSeconds: 2 });
        const limited = await call(own, STREAM, { token: tok });
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('2');
        expect(limited.body.errorCode).toBe('HOURLY_APIINVOCATION_LIMIT_EXCEEDED');
        own.faults.clear();

        own.faults.add({ kind: 'server-error', path: '/stream', times: 1 });
        const failed = await call(own, STREAM, { token: tok });
        expect(failed.status).toBe(500);
        expect(failed.body.error).toBe('internal_server_error');

        own.faults.add({ kind: 'truncated-json', path: '/stream', times: 1 });
        const truncated = await call(own, `${STREAM}?limit=5`, { token: tok });
        expect(truncated.status).toBe(200);
        expect(() => JSON.parse(truncated.text)).toThrow();

        own.faults.add({ kind: 'malformed-json', path: '/stream', times: 1 });
        const malformed = await call(own, `${STREAM}?limit=5`, { token: tok });
        expect(malformed.text).toMatch(/<html>/);

        own.faults.add({ kind: 'expire-token', path: '/stream', times: 1 });
        const expired = await call(own, STREAM, { token: tok });
        expect(expired.status).toBe(401);
        expect(String(expired.body.error_description)).toMatch(/expired/);
        expect((await call(own, '/oauth/userinfo', { token: tok })).status).toBe(401);
        const esign = await call(own, `/restapi/v2.1/accounts/${own.tenant().accountIds[0]}/settings`, { token: tok });
        expect(esign.body.errorCode).toBe('USER_AUTHENTICATION_FAILED');
        expect((await call(own, '/oauth/userinfo', { token: await mintToken(own) })).status).toBe(200);
        expect(own.stats().byRoute['GET /api/:version/datasets/:dataSetName/stream']).toBe(5);
      } finally {
        await own.close();
      }
    });
  });

  it('live mode: "now" follows the wall clock and the history reaches it', async () => {
    const live = await docusignSimulator.start({ seed: 3 });
    try {
      const before = Date.now();
      expect(live.now()).toBeGreaterThanOrEqual(before);
      const tok = await mintToken(live);
      const all = await drainStream(live, tok, null);
      expect(all.records.length).toBeGreaterThan(500);
      expect(Math.max(...all.records.map(ts))).toBeLessThanOrEqual(Date.now());
      expect(live.scenarios()).toHaveLength(4);
      // Caught up: nothing that is still to come leaks out early.
      const again = await call<StreamBody>(live, `${STREAM}?cursor=${encodeURIComponent(all.endCursor)}`, { token: tok });
      for (const r of again.body.data) expect(ts(r)).toBeLessThanOrEqual(Date.now());
    } finally {
      await live.close();
    }
  });

  it('is a SimulatorFactory with DocuSign scenarios and a 2000 page cap', () => {
    expect(docusignSimulator.maxPageSize).toBe(2000);
    expect([...docusignSimulator.scenarios]).toEqual(['impossible-travel', 'anonymous-proxy', 'failed-logon-burst', 'closed-user-activity']);
    expect(JWT_BEARER).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
  });
});
