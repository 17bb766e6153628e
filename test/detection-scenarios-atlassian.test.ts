import { afterAll, beforeAll, expect, it } from 'vitest';
import atlassian from '../src/connectors/atlassian/index.js';
import type { RunningAtlassianSimulator } from '../src/connectors/atlassian/simulator/index.js';
import { CORPORATE_VPN, THREAT_FEED_ADDRESSES } from '../src/connectors/microsoft365/simulator/places.js';
import { addIpRange, replaceFeed } from '../src/store/repos/ip-ranges.js';
import { describeDialects, type TestDialect } from './helpers/dialects.js';
import { syncWithDetection, type DetectionRun } from './helpers/sync-with-detection.js';

type Run = DetectionRun<RunningAtlassianSimulator>;

/** The Atlassian simulator's 30 days synced through the real sync path, with detection after every committed page (threat feed and VPN range loaded). */
const syncAtlassian = (dialect: TestDialect, scenarios: readonly string[]): Promise<Run> =>
  syncWithDetection<RunningAtlassianSimulator>(atlassian, scenarios, { dialect,
    prepare: async (store, now) => {
      await replaceFeed(store.db, 'vendor-threats', 'threat', THREAT_FEED_ADDRESSES, now);
      await addIpRange(store.db, { cidr: CORPORATE_VPN.cidr, tag: 'vpn', label: CORPORATE_VPN.label, now });
    },
  });

/** The alerts as policy, subject and evidence, sorted by policy then subject. */
const alertsOf = (run: Run): { policy: string; subject: string; evidence: string[] }[] =>
  run.alerts.map((a) => ({ policy: a.policyId, subject: a.subject, evidence: a.sourceIds })).sort((a, b) => `${a.policy} ${a.subject}`.localeCompare(`${b.policy} ${b.subject}`));

describeDialects('Atlassian attack scenarios through sync, normalisation and detection', (dialect) => {
  let attacked: Run | undefined;
  let benign: Run | undefined;

  beforeAll(async () => {
    attacked = await syncAtlassian(dialect, ['org-admin-added', 'api-token-created']);
    benign = await syncAtlassian(dialect, []);
  }, 300_000);

  afterAll(async () => {
    await attacked?.close();
    await benign?.close();
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
    expect(alertsOf(run)).toEqual([
      { policy: 'detection.anonymous-ip', subject: tokenUser, evidence: fromVpn.map((r) => r.source_id).sort() },
      { policy: 'detection.privilege-escalation', subject: grantee, evidence: [attack[0]?.source_id ?? ''] },
    ]);
    expect(run.alerts.find((a) => a.policyId === 'detection.privilege-escalation')?.explanation).toContain('Organization Admin controls the whole tenant');
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
    expect(run.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
