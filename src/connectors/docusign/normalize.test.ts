import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, ActivitySchema } from '../../core/activity.js';
import type { AccountRef } from '../../core/account.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { corpus } from './fidelity/corpus.js';
import { normalizeDocusign } from './normalize.js';
import { ATTACKER_PLACE, EU_PLACES, FOREIGN_PLACE, US_PLACES, VPN_PLACE } from '../sdk/simulator/places.js';

const FIXTURES = join(import.meta.dirname, 'simulator', 'fixtures');
const fixtureNames = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, `monitor.stream.${name}.json`), 'utf8')) as Record<string, unknown>;

const INGESTED = Date.parse('2025-03-14T12:00:00Z');
const accounts = new Map<string, AccountRef>([
  ['9cfb472b-ef1f-4116-8df2-17c53841fd6c', { email: 'Max.Admin@Example.NET', name: 'Max Admin', isAdmin: true, status: 'active' }],
  ['2020ac66-26b5-4367-aff3-f33bd9a007b7', { email: 'new.hire@example.net', name: 'New Hire', isAdmin: false, status: 'active' }],
]);
const context: NormalizeContext = { connectorInstanceId: 'ci_test', ingestedAt: INGESTED, lookupAccount: (id) => accounts.get(id) };
const emptyContext: NormalizeContext = { connectorInstanceId: 'ci_test', ingestedAt: INGESTED, lookupAccount: () => undefined };

/** What the sync stores: the normalised activity stamped with Parapet's own fields, checked against the schema. */
function stored(activity: NormalizedActivity) {
  return ActivitySchema.parse({ ...activity, id: '01JPARAPETTEST0000000000000', connectorInstanceId: 'ci_test', ingestedAt: INGESTED });
}

describe('normalizeDocusign', () => {
  it.each(fixtureNames)('maps fixture %s to a valid Activity with the record whole in raw', (name) => {
    const record = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
    const activity = stored(normalizeDocusign(record, context));
    expect(activity.raw).toEqual(record);
    expect(activity.sourceId).toBe(record.eventId);
    expect(activity.eventType).toBe(`${String(record.object)}/${String(record.action)}`);
    expect(activity.originalTime).toBe(record.timestamp);
    expect(activity.provider).toBe('docusign');
    expect(activity.app).toBe('eSignature');
    expect(activity.tenantId).toBe(record.organizationId);
    expect(activity.srcIp).toBe(record.ipAddress);
  });

  it('maps digest §2.5 record 1 (Account/UserAdded) as ACTIVITY-SCHEMA §4 says', () => {
    const a = normalizeDocusign(fixture('account-user-added'), context);
    expect(a).toMatchObject({
      sourceId: 'a8010d32-b9f5-4948-9195-50c867d7c3a5',
      time: 1677834606051,
      originalTime: '2023-03-03T09:10:06.0512813Z',
      eventType: 'Account/UserAdded',
      action: 'user.created',
      ocsf: { classUid: 3001, activityId: 1, categoryUid: 3 },
      outcome: 'unknown',
      tenantId: '7f46f1ee-828e-41d4-9d85-755fa1814fd4',
      app: 'eSignature',
      srcIp: '162.248.186.11',
      srcPort: null,
      ipVersion: 4,
      geo: { country: 'US', region: 'Washington', city: 'Seattle', lat: 47.6, lon: -122.33, source: 'provider' },
      ipFlags: null,
      severityId: 1,
    });
    expect(a.actor).toEqual({
      userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
      email: 'max.admin@example.net',
      name: 'Max Admin',
      type: 'admin',
      isAdmin: true,
      appId: null,
      appName: null,
    });
    expect(a.targets).toEqual([
      { type: 'user', id: '2020ac66-26b5-4367-aff3-f33bd9a007b7', name: 'New Hire', email: 'new.hire@example.net' },
      { type: 'role', id: '14414475', name: null },
    ]);
  });

  it('maps digest §2.5 record 2 (Alert/IpAddressOutsideAllowedRanges) as ACTIVITY-SCHEMA §4 says', () => {
    const a = normalizeDocusign(fixture('alert-ip-outside-allowed-ranges'), emptyContext);
    expect(a).toMatchObject({
      sourceId: '285e7634-07fd-4877-ac12-b921d0e4b626',
      time: 1676889739899,
      eventType: 'Alert/IpAddressOutsideAllowedRanges',
      action: 'provider.alert',
      ocsf: { classUid: 2004, activityId: 1, categoryUid: 2 },
      outcome: 'unknown',
      srcIp: '103.108.207.58',
      geo: { country: 'IN', region: 'Gujarat', city: 'Ahmedabad', lat: 23.02, lon: 72.57, source: 'provider' },
    });
    expect(a.actor).toMatchObject({ userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c', email: null, isAdmin: null, type: 'user', appId: null });
    expect(a.targets).toEqual([
      { type: 'other', id: '16b4a651-1e21-42a3-90ea-f5227224b591', name: null },
      { type: 'other', id: '1addc090-d227-4166-a279-dc6c5277247b', name: null },
    ]);
    expect((a.raw.data as Record<string, unknown>).Count).toBe('18');
  });

  it.each([
    ['login-success', 'user.login', [3002, 1], 'success'],
    ['login-failed', 'user.login_failed', [3002, 1], 'failure'],
    ['login-anonymous-proxy', 'user.login', [3002, 1], 'success'],
    ['login-mobile-app', 'user.login', [3002, 1], 'success'],
    ['login-ipv6-client-info', 'user.login', [3002, 1], 'success'],
    ['envelope-sent', 'file.shared', [6006, 12], 'success'],
    ['envelope-viewed', 'file.viewed', [6006, 14], 'success'],
    ['envelope-downloaded', 'file.downloaded', [6006, 2], 'success'],
    ['envelope-bulk-downloaded', 'data.exported', [6001, 7], 'success'],
    ['account-settings-updated', 'admin.setting_changed', [3004, 3], 'unknown'],
    ['user-permission-profile-changed', 'admin.role_assigned', [3005, 1], 'unknown'],
    ['user-membership-closed', 'user.suspended', [3001, 5], 'unknown'],
    ['user-membership-reactivated', 'user.unsuspended', [3001, 2], 'success'],
    ['alert-login-from-multiple-locations', 'provider.alert', [2004, 1], 'unknown'],
    ['unknown-event', 'other', [6003, 99], 'success'],
  ] as const)('maps %s to %s', (name, action, [classUid, activityId], outcome) => {
    const a = normalizeDocusign(fixture(name), emptyContext);
    expect(a.action).toBe(action);
    expect(a.ocsf).toEqual({ classUid, activityId, categoryUid: Math.floor(classUid / 1000) });
    expect(a.outcome).toBe(outcome);
  });

  it('reads the failure reason, proxy flags, the integration used, envelopes, settings changes and IPv6 clients', () => {
    const failed = normalizeDocusign(fixture('login-failed'), emptyContext);
    expect(failed).toMatchObject({ outcomeReason: 'InvalidPassword', outcomeCode: 'InvalidPassword', auth: { interactive: true } });

    const vpn = normalizeDocusign(fixture('login-anonymous-proxy'), emptyContext);
    expect(vpn.ipFlags).toEqual({ proxy: true, anonymous: true, source: 'provider' });
    expect(vpn.geo).toMatchObject({ country: 'NL', city: 'Amsterdam' });

    const mobile = fixture('login-mobile-app');
    expect(normalizeDocusign(mobile, emptyContext).actor.appId).toBe(mobile.integratorKey);
    expect(normalizeDocusign(fixture('login-success'), emptyContext).actor.appId).toBeNull();

    const sent = fixture('envelope-sent');
    expect(normalizeDocusign(sent, emptyContext).targets).toEqual([{ type: 'envelope', id: (sent.data as Record<string, string>).EnvelopeId, name: null }]);

    const setting = normalizeDocusign(fixture('account-settings-updated'), emptyContext);
    expect(setting.targets).toEqual([
      { type: 'setting', id: 'allowConnectHttpListenerConfigs', name: 'AccountSettings', changes: [{ field: 'allowConnectHttpListenerConfigs', old: 'false', new: 'true' }] },
    ]);

    const role = normalizeDocusign(fixture('user-permission-profile-changed'), emptyContext);
    expect(role.targets.map((t) => t.type)).toEqual(['user', 'role']);
    expect(role.targets[1]).toMatchObject({ name: 'Account Administrator' });

    const v6 = normalizeDocusign(fixture('login-ipv6-client-info'), emptyContext);
    expect(v6).toMatchObject({ srcIp: '2003:e4:bf1a:6400:5d2c:8f1e:a3b7:1c20', ipVersion: 6, geo: { country: 'DE', region: 'State Of Berlin', city: 'Berlin' } });
    expect(v6.ua).toEqual({ browser: 'Safari 17', os: 'Mac OS X 10', device: 'Mac' });

    const reactivated = normalizeDocusign(fixture('user-membership-reactivated'), emptyContext);
    expect(reactivated.geo).toEqual({ country: null, region: null, city: null, lat: null, lon: null, source: null });
  });

  it('turns every country name the simulator sends into its ISO code (GB, not the deprecated UK)', () => {
    for (const place of [...US_PLACES, ...EU_PLACES, FOREIGN_PLACE, VPN_PLACE, ATTACKER_PLACE]) {
      const a = normalizeDocusign({ ...fixture('login-success'), ipAddressLocation: { latitude: place.latitude, longitude: place.longitude, country: place.country, state: place.state, city: place.city } }, emptyContext);
      expect(a.geo.country, place.country).toBe(place.countryIso);
    }
  });

  it('truncates seven-digit fractions to the millisecond and falls back to ingest time when there is no time', () => {
    const base = fixture('login-success');
    expect(normalizeDocusign({ ...base, timestamp: '2025-03-14T08:00:00.9999999Z' }, emptyContext).time).toBe(Date.parse('2025-03-14T08:00:00.999Z'));
    const noTime = normalizeDocusign({ ...base, timestamp: 'yesterday' }, emptyContext);
    expect(noTime).toMatchObject({ time: INGESTED, originalTime: 'yesterday' });
  });

  it('keeps records it cannot read, as `other`, with a stable id', () => {
    for (const junk of [null, 42, 'text', [1, 2], {}]) {
      const a = stored(normalizeDocusign(junk, emptyContext));
      expect(a.action).toBe('other');
      expect(a.sourceId.length).toBeGreaterThan(0);
      expect(normalizeDocusign(junk, emptyContext).sourceId).toBe(a.sourceId);
    }
  });

  describe('is total (fast-check)', () => {
    const records = fixtureNames.map((n) => JSON.parse(readFileSync(join(FIXTURES, n), 'utf8')) as Record<string, unknown>);

    it('on arbitrary JSON', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const a = normalizeDocusign(value, emptyContext);
          expect(ACTIONS).toContain(a.action);
          stored(a);
        }),
        { numRuns: 500 },
      );
    });

    it('on arbitrary values, non-JSON ones included', () => {
      fc.assert(
        fc.property(fc.anything(), (value) => {
          expect(ACTIONS).toContain(normalizeDocusign(value, emptyContext).action);
        }),
        { numRuns: 300 },
      );
    });

    it('on fixtures with fields deleted or given other types', () => {
      const mutated = fc
        .record({
          index: fc.nat({ max: records.length - 1 }),
          drop: fc.array(fc.string({ maxLength: 20 }), { maxLength: 8 }),
          dropReal: fc.array(fc.nat(), { maxLength: 6 }),
          retype: fc.array(fc.tuple(fc.nat(), fc.jsonValue()), { maxLength: 6 }),
          nested: fc.array(fc.tuple(fc.constantFrom('ipAddressLocation', 'data', 'userAgentClientInfo'), fc.jsonValue()), { maxLength: 3 }),
        })
        .map(({ index, drop, dropReal, retype, nested }) => {
          const record = structuredClone(records[index] as Record<string, unknown>);
          const keys = Object.keys(record);
          for (const k of drop) delete record[k];
          for (const i of dropReal) delete record[keys[i % keys.length] as string];
          for (const [i, value] of retype) record[keys[i % keys.length] as string] = value;
          for (const [k, value] of nested) record[k] = value;
          return record;
        });
      fc.assert(
        fc.property(mutated, (record) => {
          const a = normalizeDocusign(record, context);
          expect(ACTIONS).toContain(a.action);
          stored(a);
        }),
        { numRuns: 1000 },
      );
    });
  });
});

describe('normalizeDocusign: decisions the fixtures above leave open', () => {
  const login = () => fixture('login-success');

  it('outcome: Succeeded is a success and Failure a failure, as well as Success and Failed', () => {
    expect(['Succeeded', 'Failure', 'Success', 'Failed', ''].map((result) => normalizeDocusign({ ...login(), result }, emptyContext).outcome)).toEqual(['success', 'failure', 'success', 'failure', 'unknown']);
    expect(normalizeDocusign({ ...login(), result: 'Failure' }, emptyContext).action).toBe('user.login_failed');
  });

  it('an alert takes its Severity (High is 4, Critical 5); an alert with no user is a system actor', () => {
    const alert = fixture('alert-ip-outside-allowed-ranges');
    const high = normalizeDocusign({ ...alert, userId: '', data: { ...(alert.data as object), Severity: 'High' } }, emptyContext);
    expect(high.severityId).toBe(4);
    expect(high.actor).toMatchObject({ userId: null, type: 'system' });
    expect(normalizeDocusign({ ...alert, data: { ...(alert.data as object), Severity: 'critical' } }, emptyContext).severityId).toBe(5);
    expect(normalizeDocusign({ ...login(), userId: '' }, emptyContext).actor.type).toBe('unknown');
  });

  it('a permission profile removed is not a role assignment', () => {
    const changed = fixture('user-permission-profile-changed');
    expect(normalizeDocusign({ ...changed, action: 'PermissionProfileRemoved' }, emptyContext).action).toBe('other');
  });

  it('targets: affectedUserId stands in for referencedUserId; data.AffectedUserId counts only when it is a user GUID', () => {
    const changed = fixture('user-permission-profile-changed');
    const viaAffected = normalizeDocusign({ ...changed, referencedUserId: '', affectedUserId: '2020ac66-26b5-4367-aff3-f33bd9a007b7', data: {} }, context);
    expect(viaAffected.targets).toEqual([{ type: 'user', id: '2020ac66-26b5-4367-aff3-f33bd9a007b7', name: 'New Hire', email: 'new.hire@example.net' }]);
    const notGuid = normalizeDocusign({ ...changed, referencedUserId: '', data: { AffectedUserId: 'new.hire@example.net' } }, emptyContext);
    expect(notGuid.targets).toEqual([]);
  });

  it('a sign-in through the API is not interactive; the trace token is the correlation id; a Tor proxy is flagged tor', () => {
    expect(normalizeDocusign({ ...login(), source: 'API' }, emptyContext).auth.interactive).toBe(false);
    expect(normalizeDocusign({ ...login(), source: 'Web' }, emptyContext).auth.interactive).toBe(true);
    expect(normalizeDocusign({ ...login(), traceToken: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }, emptyContext).correlationId).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    expect(normalizeDocusign({ ...login(), proxyStatus: 'Proxy', proxyType: 'TOR', proxyLevel: 'high' }, emptyContext).ipFlags).toEqual({ proxy: true, tor: true, anonymous: true, source: 'provider' });
  });
});

describe('DocuSign Connect: decisions the fidelity corpus leaves open', () => {
  const sampleOf = (shape: string) => {
    const found = corpus.find((c) => c.shape.startsWith(shape));
    if (!found) throw new Error(`no corpus case ${shape}`);
    return found.record;
  };
  const sent = () => structuredClone(sampleOf('Connect JSON SIM envelope-sent')) as Record<string, unknown> & { data: Record<string, unknown> };
  const ENVELOPE = '93be49ab-afa0-4adf-933c-f752070d71ec';

  it('a recipient\'s step is the recipient\'s: the sender\'s userId in data is not its actor, the recipient\'s own e-mail is (lower-cased)', () => {
    const failed = normalizeDocusign({ ...sent(), event: 'recipient-authenticationfailed', data: { ...sent().data, envelopeSummary: undefined, recipientId: '1', email: 'Ada@Example.ORG', name: 'Ada Signer' } }, context);
    expect({ actor: failed.actor, outcome: failed.outcome, srcIp: failed.srcIp }).toEqual({
      actor: { userId: null, email: 'ada@example.org', name: 'Ada Signer', type: 'user', isAdmin: null, appId: null, appName: null },
      outcome: 'failure',
      srcIp: null,
    });
  });

  it('the sender is the actor of an envelope event, e-mail lower-cased; the account is the tenant', () => {
    const message = sent();
    (message.data.envelopeSummary as { sender: { email: string } }).sender.email = 'Max.Admin@Example.NET';
    const a = normalizeDocusign(message, context);
    expect({ userId: a.actor.userId, email: a.actor.email, type: a.actor.type, tenantId: a.tenantId }).toEqual({ userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c', email: 'max.admin@example.net', type: 'admin', tenantId: '8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7' });
  });

  it('one message is one activity: a retry repeats its id; another recipient, or the same event at another time, does not', () => {
    const idOf = (change: (m: ReturnType<typeof sent>) => void) => {
      const message = sent();
      change(message);
      return normalizeDocusign(message, context).sourceId;
    };
    const original = idOf(() => undefined);
    expect(original).toBe(`connect:${ENVELOPE}:envelope-sent::2022-01-04T19:32:44.0330000Z`);
    expect(idOf((m) => (m.retryCount = 2))).toBe(original);
    expect(idOf((m) => (m.generatedDateTime = '2022-01-04T19:40:00.0000000Z'))).not.toBe(original);
    const delivered = (recipientId: string) => idOf((m) => Object.assign(m, { event: 'recipient-delivered', data: { ...m.data, recipientId } }));
    expect(delivered('1')).not.toBe(delivered('2'));
  });

  it('legacy XML: a time with its own zone keeps it (TimeZoneOffset applies only to local times); the AccountId custom field is the tenant', () => {
    const xml = sampleOf('Connect legacy XML message, envelope Sent') as string;
    const local = normalizeDocusign(xml, context);
    expect({ time: local.time, tenantId: local.tenantId }).toEqual({ time: Date.UTC(2024, 0, 15, 17, 12, 31, 465), tenantId: '10406522' });
    const zoned = normalizeDocusign(xml.replace('<TimeGenerated>2024-01-15T09:12:31.4651043</TimeGenerated>', '<TimeGenerated>2024-01-15T09:12:31.465Z</TimeGenerated>'), context);
    expect(zoned.time).toBe(Date.UTC(2024, 0, 15, 9, 12, 31, 465));
  });

  it('legacy JSON: the sender\'s userId is the actor of an envelope event; without statusChangedDateTime the time is statusDateTime', () => {
    const envelope = structuredClone(sampleOf('Connect legacy JSON message (the REST envelope object), envelope sent')) as Record<string, unknown>;
    expect(normalizeDocusign(envelope, context).actor.userId).toBe('9cfb472b-ef1f-4116-8df2-17c53841fd6c');
    delete envelope.statusChangedDateTime;
    envelope.statusDateTime = '2024-01-15T17:20:00.0000000Z';
    expect(normalizeDocusign(envelope, context).time).toBe(Date.UTC(2024, 0, 15, 17, 20));
  });
});
