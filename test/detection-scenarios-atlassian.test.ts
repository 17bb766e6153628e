import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, type Clock } from '../src/core/clock.js';
import atlassian from '../src/connectors/atlassian/index.js';
import type { RunningAtlassianSimulator } from '../src/connectors/atlassian/simulator/index.js';
import { CORPORATE_VPN, THREAT_FEED_ADDRESSES } from '../src/connectors/microsoft365/simulator/places.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { registryOf } from '../src/connectors/sdk/registry-of.js';
import { createDetectionEngine } from '../src/detection/create-engine.js';
import { openStore, type Store } from '../src/store/db.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { addIpRange, replaceFeed } from '../src/store/repos/ip-ranges.js';
import { SyncService } from '../src/sync/sync-service.js';
import { tempDir } from './helpers/temp-dir.js';

interface Row {
  source_id: string;
  action: string;
  event_type: string;
  actor_email: string | null;
  src_ip: string | null;
}

interface Run {
  store: Store;
  dir: ReturnType<typeof tempDir>;
  sim: RunningAtlassianSimulator;
  rows: Row[];
  alerts: { policy: string; subject: string; explanation: string; evidence: string[] }[];
}

/** The Atlassian simulator's 30 days synced through the real sync path, with detection after every committed page. */
async function syncAtlassian(scenarios: readonly string[]): Promise<Run> {
  const dir = tempDir('parapet-atlassian-');
  const store = await openStore({ dataDir: dir.path });
  const started = Date.now();
  const clock: Clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };
  const logger = pino({ level: 'silent' });
  await replaceFeed(store.db, 'vendor-threats', 'threat', THREAT_FEED_ADDRESSES, clock.now());
  await addIpRange(store.db, { cidr: CORPORATE_VPN.cidr, tag: 'vpn', label: CORPORATE_VPN.label, now: clock.now() });
  const detection = await createDetectionEngine({ db: store.db, clock, logger });
  const sync = new SyncService({
    store,
    registry: registryOf([atlassian]),
    logger,
    clock,
    backfillDays: 30,
    onCommitted: async (instanceId, activities) => {
      await detection.processCommitted(instanceId, activities);
    },
  });
  const sim = (await atlassian.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios })) as RunningAtlassianSimulator;
  await createInstance(store.db, store.secrets, { name: 'atlassian', provider: 'atlassian', config: sim.config, now: clock.now() });
  const summary = await sync.syncInstance('atlassian');
  expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  const rows = (await store.db.selectFrom('activities').selectAll().execute()) as unknown as Row[];
  const sourceOf = new Map((await store.db.selectFrom('activities').select(['id', 'source_id']).execute()).map((r) => [r.id, r.source_id]));
  const headers = await listAlerts(store.db, { limit: 10_000 });
  const alerts = (await getAlerts(store.db, headers.map((h) => h.id)))
    .map((a) => ({ policy: a.policyId, subject: a.subject.email ?? a.subject.key, explanation: a.explanation, evidence: a.activityIds.map((id) => sourceOf.get(id) ?? id).sort() }))
    .sort((a, b) => `${a.policy} ${a.subject}`.localeCompare(`${b.policy} ${b.subject}`));
  return { store, dir, sim, rows, alerts };
}

async function close(run: Run | undefined): Promise<void> {
  if (!run) return;
  await run.store.close();
  await run.sim.close();
  run.dir.cleanup();
}

describe('Atlassian attack scenarios through sync, normalisation and detection', () => {
  let attacked: Run | undefined;
  let benign: Run | undefined;

  beforeAll(async () => {
    attacked = await syncAtlassian(['org-admin-added', 'api-token-created']);
    benign = await syncAtlassian([]);
  }, 300_000);

  afterAll(async () => {
    await close(attacked);
    await close(benign);
  });

  it('raises exactly two alerts: the organisation admin added, and the account that created an API token through a VPN and used it', () => {
    const run = attacked as Run;
    const users = run.sim.tenant().users;
    const grantee = users[17]?.email ?? '';
    const tokenUser = users[12]?.email ?? '';
    const byType = (type: string, email: string) => run.rows.filter((r) => r.event_type === type && r.actor_email === email);
    const grant = run.rows.filter((r) => r.event_type === 'user_granted_role' && r.action === 'admin.role_assigned');
    // Two grants in the month: the routine site admin appointment, and the attack.
    expect(grant).toHaveLength(2);
    const attack = grant.filter((r) => run.sim.scenarios()[0]?.eventIds.includes(r.source_id));
    expect(attack).toHaveLength(1);
    const vpnIp = byType('api_token_created', tokenUser).map((r) => r.src_ip);
    expect(vpnIp).toEqual(['169.150.223.181']);
    const fromVpn = run.rows.filter((r) => r.actor_email === tokenUser && r.src_ip === '169.150.223.181');
    expect(fromVpn.map((r) => r.event_type).sort()).toEqual(['api_token_created', 'user_added_to_group', 'user_logged_in']);
    expect(run.alerts.map(({ policy, subject, evidence }) => ({ policy, subject, evidence }))).toEqual([
      { policy: 'detection.anonymous-ip', subject: tokenUser, evidence: fromVpn.map((r) => r.source_id).sort() },
      { policy: 'detection.privilege-escalation', subject: grantee, evidence: [attack[0]?.source_id ?? ''] },
    ]);
    expect(run.alerts.find((a) => a.policy === 'detection.privilege-escalation')?.explanation).toContain('Organization Admin controls the whole tenant');
  });

  it('keeps the API token in the record: the token-authenticated change names it as the credential, not a log-in', () => {
    const acted = (attacked as Run).rows.find((r) => r.event_type === 'user_added_to_group' && r.src_ip === '169.150.223.181') as unknown as Record<string, unknown>;
    expect(acted.action).toBe('group.member_added');
    expect(String(acted.session_id)).toMatch(/^api-token:/);
  });

  it('raises nothing over the benign month: travel, the corporate VPN, mistyped passwords, a site admin appointed, a developer rotating an API token, a leaver suspended', () => {
    const run = benign as Run;
    const types = new Set(run.rows.map((r) => r.event_type));
    for (const t of ['user_login_failed', 'user_granted_role', 'api_token_created', 'api_token_revoked', 'user_access_suspended', 'authentication_policy_updated']) expect(types, t).toContain(t);
    expect(run.rows.some((r) => r.src_ip === '193.113.211.215')).toBe(true);
    expect(run.rows.some((r) => r.src_ip === '62.216.28.65')).toBe(true);
    expect(run.alerts.map((a) => `${a.policy} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
