import { HOUR, MINUTE } from '../../../core/clock.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { VPN_PLACE } from '../../sdk/simulator/places.js';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';
import { buildEntry, userRef, type AuditEntry } from './entries.js';
import { slackId, type SimApp, type SimUser, type Tenant } from './tenant.js';

export const SLACK_SCENARIO_IDS = ['oauth-app-broad-scopes', 'sso-settings-changed', 'admin-promotion', 'workspace-export'] as const;

/** Scopes of the rogue app: every private conversation, every file (and writing them), everyone's e-mail. */
export const ROGUE_APP_SCOPES = ['channels:history', 'groups:history', 'im:history', 'mpim:history', 'files:read', 'files:write', 'users:read.email'];

export interface ScenarioPlan {
  entries: AuditEntry[];
  facts: ScenarioFact[];
}

/** The attacks of issue #13, in the last day and a half before `now`. */
export function planScenarios(tenant: Tenant, seed: number, now: number, enabled: readonly string[]): ScenarioPlan {
  const rng = new SeededRandom(mixSeed(seed, 0x5ce4a));
  const entries: AuditEntry[] = [];
  const facts: ScenarioFact[] = [];
  const user = (i: number) => tenant.users[i] as SimUser;
  const org = { type: 'enterprise', value: { id: tenant.enterprise.id, name: tenant.enterprise.name, domain: tenant.enterprise.domain } };
  const ws = tenant.workspaces[0] as Tenant['workspaces'][number];

  if (enabled.includes('oauth-app-broad-scopes')) {
    const who = user(12);
    const app: SimApp = {
      id: slackId('A', rng, 9),
      name: 'Archive Exporter for Slack',
      scopes: ROGUE_APP_SCOPES.map((name) => ({ name, token_type: 'user' as const, is_sensitive: true })),
      isDirectoryApproved: false,
      isInternal: false,
      status: 'approved',
      dateUpdated: Math.floor((now - 30 * HOUR) / 1000),
    };
    tenant.apps.push(app);
    const install = buildEntry(tenant, {
      at: now - 30 * HOUR, action: 'app_installed', actor: who, ip: who.person.ip, ua: who.person.userAgent, workspace: true,
      entity: { type: 'app', value: { id: app.id, name: app.name, is_distributed: true, is_directory_approved: false, scopes: ROGUE_APP_SCOPES } },
      details: { scopes: ROGUE_APP_SCOPES.join(','), is_internal_integration: false, app_owner_id: who.id },
    }, rng);
    entries.push(install);
    facts.push({ id: 'oauth-app-broad-scopes', policy: 'detection.oauth-high-privilege', user: who.person.email, eventIds: [install.id], description: `${who.person.email} installed "${app.name}", which reads every private channel, DM and file and can write files.` });
  }

  if (enabled.includes('sso-settings-changed')) {
    const who = user(3);
    const change = buildEntry(tenant, {
      at: now - 20 * HOUR, action: 'pref.sso_setting_changed', actor: who, ip: who.person.ip, ua: who.person.userAgent, entity: org,
      details: { new_value: 'optional', previous_value: 'required' },
    }, rng);
    tenant.prefs.ssoRequired = false;
    entries.push(change);
    facts.push({ id: 'sso-settings-changed', policy: 'detection.federation-changed', user: who.person.email, eventIds: [change.id], description: `${who.person.email} made SSO optional for the org: members may sign in with a Slack password again.` });
  }

  if (enabled.includes('admin-promotion')) {
    const by = user(2);
    const to = user(17);
    const promote = buildEntry(tenant, {
      at: now - 14 * HOUR, action: 'role_change_to_owner', actor: by, ip: by.person.ip, ua: by.person.userAgent,
      entity: { type: 'user', value: userRef(to, tenant) }, details: { previous_role: 'member', new_role: 'owner' },
    }, rng);
    to.role = 'owner';
    entries.push(promote);
    facts.push({ id: 'admin-promotion', policy: 'detection.privilege-escalation', user: to.person.email, eventIds: [promote.id], description: `${by.person.email} made ${to.person.email}, a member, an owner of the org.` });
  }

  if (enabled.includes('workspace-export')) {
    const who = user(1);
    const vpnIp = VPN_PLACE.ips[0] as string;
    const at = now - 6 * HOUR;
    const login = buildEntry(tenant, { at, action: 'user_login', actor: who, ip: vpnIp, ua: who.person.userAgent, entity: { type: 'user', value: userRef(who, tenant) } }, rng);
    const started = buildEntry(tenant, {
      at: at + 4 * MINUTE, action: 'manual_export_started', actor: who, ip: vpnIp, ua: who.person.userAgent, workspace: true,
      entity: { type: 'workspace', value: { id: ws.id, name: ws.name, domain: ws.domain } }, details: { export_type: 'full', date_range: 'all' },
    }, rng);
    const done = buildEntry(tenant, {
      at: at + 41 * MINUTE, action: 'manual_export_completed', actor: null, workspace: true,
      entity: { type: 'workspace', value: { id: ws.id, name: ws.name, domain: ws.domain } },
    }, rng);
    entries.push(login, started, done);
    facts.push({ id: 'workspace-export', policy: 'detection.anonymous-ip', user: who.person.email, eventIds: [login.id, started.id], description: `${who.person.email} signed in through a commercial VPN and exported the whole workspace.` });
  }
  return { entries, facts };
}
