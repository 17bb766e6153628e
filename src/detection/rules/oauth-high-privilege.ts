import { z } from 'zod';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at } from './example-helpers.js';
import { grantedScopes, scopeRisk, type ScopeRisk } from './oauth-scopes.js';

interface Params {
  /** Which risk levels alert. */
  risks: ScopeRisk[];
  /** Only the first grant of such scopes to an app in the organisation alerts (later users of a vetted app do not). */
  newAppsOnly: boolean;
}

interface AppState {
  first: number;
  by: string;
}

function appOf(e: EnrichedActivity): { id: string; name: string } | null {
  const a = e.activity;
  const target = a.targets.find((t) => t.type === 'app');
  const id = target?.id ?? target?.name ?? a.service?.id ?? null;
  if (!id) return null;
  return { id, name: target?.name ?? a.service?.name ?? id };
}

/**
 * A user or admin consented to an OAuth app that can read or change mail, files or the directory; or installed
 * one with such scopes (Slack's `app_installed` grants the app its scopes in the installer's name).
 */
export const oauthHighPrivilege = defineRule<AppState, Params>({
  id: 'detection.oauth-high-privilege',
  kind: 'builtin',
  title: 'New OAuth app granted high-privilege scopes',
  description:
    'Someone consented to an OAuth app that gets broad access: read or write all mail or files, change the directory, or read mail with offline access (the app keeps reading after the user signs out). Illicit consent grants are a common way to keep access to a mailbox without the password.',
  severity: 'high',
  runbook:
    "Check the app's publisher and why the user consented. If it is not a known, vetted app, revoke the grant (governance: revoke OAuth app), review what the app accessed, and consider restricting user consent to verified publishers.",
  reference: 'https://learn.microsoft.com/en-us/defender-cloud-apps/investigate-risky-oauth',
  attack: [{ id: 'T1528', name: 'Steal Application Access Token' }],
  actions: ['oauth.consent_granted', 'app.installed'],
  params: {
    low: { risks: ['critical'], newAppsOnly: true },
    medium: { risks: ['critical', 'sensitive-offline'], newAppsOnly: true },
    high: { risks: ['critical', 'sensitive-offline', 'sensitive'], newAppsOnly: false },
  },
  paramDocs: {
    risks: "Scope risks that alert: `critical` (write mail/files/directory), `sensitive-offline` (read mail or files with offline_access), `sensitive` (read only).",
    newAppsOnly: "Only the first such grant to an app in the organisation alerts.",
  },
  paramsSchema: z.object({ risks: z.array(z.enum(['critical', 'sensitive-offline', 'sensitive'])), newAppsOnly: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  stateKeys(e) {
    const app = appOf(e);
    return app ? [`app:${app.id}`] : [];
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    if (a.outcome === 'failure') return {};
    // An install's scopes are read from its app target only: other apps' install records (an admin creating an
    // app, a GitHub integration) name no OAuth scopes, and their raw records hold words such as `full`.
    const scopes = grantedScopes(a, { raw: a.action !== 'app.installed' });
    const risk = scopeRisk(scopes);
    if (risk === 'none' || !ctx.params.risks.includes(risk)) return {};
    const app = appOf(e) ?? { id: a.actor.appId ?? 'unknown app', name: a.actor.appName ?? 'an unnamed app' };
    const key = `app:${app.id}`;
    const known = state[key];
    const next = known ? {} : { [key]: { first: a.time, by: actorLabel(a) } };
    if (known && ctx.params.newAppsOnly) return { state: next };
    const why =
      risk === 'critical'
        ? 'which lets it act on the organisation’s data at large'
        : risk === 'sensitive-offline'
          ? 'which lets it keep reading that data after the user signs out'
          : 'which lets it read personal data';
    return {
      state: next,
      findings: [
        {
          severity: risk === 'critical' ? 'high' : 'medium',
          explanation: `${actorLabel(a)} ${a.action === 'app.installed' ? 'installed' : 'consented to'} "${app.name}" with ${scopes.join(', ')}, ${why}; ${known ? `the app was first granted such scopes by ${known.by}` : 'no one in the organisation had granted this app such scopes before'}.`,
          baseline: { appFirstGranted: known ?? null },
          details: { app: app.name, appId: app.id, scopes, risk },
          subject: { type: 'user', key: a.actor.email ?? a.actor.userId ?? app.id, email: a.actor.email, userId: a.actor.userId },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: a user lets an unknown app read their mail with offline access',
      activities: [
        {
          id: 'consent',
          provider: 'microsoft365',
          app: 'Entra ID',
          action: 'oauth.consent_granted',
          eventType: 'Consent to application.',
          actor: { email: 'pradeep@example.com' },
          time: at(2, 14, 41),
          targets: [
            {
              type: 'app',
              id: 'sp-pdf',
              name: 'PDF Converter Online',
              changes: [{ field: 'ConsentAction.Permissions', new: '[] => [[ConsentType: Principal, Scope:  User.Read Mail.Read offline_access, CreatedDateTime: ]]' }],
            },
          ],
        },
      ],
      expect: { alerts: 1, severity: 'medium', subjects: ['pradeep@example.com'], activityIds: [['consent']], explanationContains: 'Mail.Read, offline_access' },
    },
    {
      name: 'fires high for directory-wide write scopes found only in the raw record',
      activities: [
        { action: 'oauth.consent_granted', actor: { email: 'admin@example.com', type: 'admin' }, targets: [{ type: 'app', id: 'sp-x', name: 'Tenant Tool' }], raw: { scope: 'Directory.ReadWrite.All offline_access' }, time: at(3, 11) },
      ],
      expect: { alerts: 1, severity: 'high' },
    },
    {
      name: 'no alert for a basic sign-in consent (Slack reading the profile)',
      activities: [
        {
          action: 'oauth.consent_granted',
          actor: { email: 'eng@example.com' },
          targets: [{ type: 'app', id: 'sp-slack', name: 'Slack', changes: [{ field: 'ConsentAction.Permissions', new: 'Scope:  openid profile email offline_access User.Read' }] }],
          time: at(1, 10),
        },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'fires: a Slack member installs an app that reads every DM and writes files',
      activities: [
        {
          id: 'install',
          provider: 'slack',
          app: 'Slack',
          action: 'app.installed',
          eventType: 'app_installed',
          actor: { email: 'sam@example.com' },
          targets: [{ type: 'app', id: 'A0EXPORT', name: 'Quick Exporter', changes: [{ field: 'scopes', new: 'channels:read im:history files:write' }] }],
          time: at(2, 16),
        },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['sam@example.com'], activityIds: [['install']], explanationContains: 'installed "Quick Exporter"' },
    },
    {
      name: 'no alert for an app created by an admin: its record names no scopes (a raw `full` is not one)',
      activities: [
        { provider: 'salesforce', app: 'Salesforce', action: 'app.installed', eventType: 'connectedappcreate', actor: { email: 'admin@example.com', type: 'admin' }, targets: [{ type: 'app', id: 'ca-1', name: 'Portal Connector' }], raw: { Display: 'Created connected app Portal Connector', access: 'full' }, time: at(1, 9) },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no second alert when more users consent to an app already granted such scopes',
      activities: [
        { action: 'oauth.consent_granted', actor: { email: 'a@example.com' }, targets: [{ type: 'app', id: 'sp-crm', name: 'CRM Mail Sync' }], raw: { scope: 'Mail.Read offline_access' }, time: at(1, 10) },
        { action: 'oauth.consent_granted', actor: { email: 'b@example.com' }, targets: [{ type: 'app', id: 'sp-crm', name: 'CRM Mail Sync' }], raw: { scope: 'Mail.Read offline_access' }, time: at(5, 10) },
      ],
      expect: { alerts: 1, subjects: ['a@example.com'] },
    },
  ],
});
