import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at } from './example-helpers.js';

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Who the tenant trusts to sign people in changed: a domain federated, an identity provider added or changed, SSO turned off. */
export const federationChanged = defineRule<never, Record<string, never>>({
  id: 'detection.federation-changed',
  kind: 'builtin',
  title: 'Federation or identity provider changed',
  description:
    "The organisation's trust in an outside identity provider changed: a domain's authentication switched to federated (or its federation settings, signing certificate or issuer changed), an external identity provider was added, changed or removed, or single sign-on was turned off. An attacker who controls the federation trust mints tokens for any user, with no password and no MFA (the Solorigate \"golden SAML\" backdoor). These changes are rare: every one is reviewed.",
  severity: 'high',
  runbook:
    "Confirm the change with the identity team and the change request. If unexplained, restore the domain to managed authentication (or the previous federation settings), remove the identity provider, revoke all sessions, and review sign-ins through the federation since the change.",
  reference: 'https://learn.microsoft.com/en-us/entra/architecture/security-operations-infrastructure#monitoring-federated-domain-settings',
  attack: [{ id: 'T1484.002', name: 'Domain or Tenant Policy Modification: Trust Modification' }, { id: 'T1606.002', name: 'Forge Web Credentials: SAML Tokens' }],
  actions: ['security.sso_changed'],
  params: { low: {}, medium: {}, high: {} },
  paramDocs: {},
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  evaluate(e) {
    const a = e.activity;
    if (a.outcome === 'failure') return {};
    const changes = a.targets.flatMap((t) => (t.changes ?? []).map((c) => ({ on: t.name ?? t.id, ...c })));
    const words = changes.slice(0, 4).map((c) => `${c.field}: ${shown(c.old)} → ${shown(c.new)}`);
    // A target named after the event itself (Slack's `pref.*` setting) says nothing the event type does not.
    const what = a.targets.map((t) => t.name ?? t.id).filter((name) => name && name !== a.eventType).join(', ');
    return {
      findings: [
        {
          explanation: `${actorLabel(a)} changed who ${a.app} trusts to sign people in (${a.eventType}${what ? ` on ${what}` : ''})${words.length ? `: ${words.join('; ')}` : ''}.`,
          details: { eventType: a.eventType, targets: a.targets.map((t) => t.name ?? t.id), changes: changes.slice(0, 10) },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: a domain switched from managed to federated authentication',
      activities: [
        {
          id: 'fed',
          provider: 'microsoft365',
          app: 'Entra ID',
          action: 'security.sso_changed',
          eventType: 'Set domain authentication.',
          actor: { email: 'sys@example.com' },
          targets: [{ type: 'other', id: 'example.com', name: 'example.com', changes: [{ field: 'LiveType', old: 'Managed', new: 'Federated' }] }],
          time: at(4, 2, 40),
        },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['sys@example.com'], activityIds: [['fed']], explanationContains: 'LiveType: Managed → Federated' },
    },
    {
      name: "fires: Slack's single sign-on made optional; the explanation names the workspace, not the setting twice",
      activities: [
        {
          id: 'sso',
          provider: 'slack',
          app: 'Slack',
          action: 'security.sso_changed',
          eventType: 'pref.sso_setting_changed',
          actor: { email: 'sys@example.com' },
          targets: [
            { type: 'setting', id: 'sso_setting_changed', name: 'pref.sso_setting_changed', changes: [{ field: 'sso_setting_changed', old: 'required', new: 'optional' }] },
            { type: 'other', id: 'E0NWL', name: 'Example Corp' },
          ],
          time: at(4, 2, 40),
        },
      ],
      expect: { alerts: 1, activityIds: [['sso']], explanationContains: 'sign people in (pref.sso_setting_changed on Example Corp): sso_setting_changed: required → optional' },
    },
    {
      name: 'no alert for adding and verifying a new domain (no trust changes), or a failed attempt',
      activities: [
        { provider: 'microsoft365', app: 'Entra ID', action: 'other', eventType: 'Add unverified domain.', actor: { email: 'it@example.com' }, targets: [{ type: 'other', id: 'new-brand.example', name: 'new-brand.example' }], time: at(1, 10) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'other', eventType: 'Verify domain.', actor: { email: 'it@example.com' }, targets: [{ type: 'other', id: 'new-brand.example', name: 'new-brand.example' }], time: at(1, 11) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'security.sso_changed', outcome: 'failure', eventType: 'Set domain authentication.', actor: { email: 'it@example.com' }, targets: [{ type: 'other', id: 'example.com', name: 'example.com' }], time: at(1, 12) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
