import { z } from 'zod';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { defineRule } from '../rule.js';
import { benignKey, feedLearning, feedStartKeys, inBenignWindow, type BenignWindows, type FeedStart } from './shared.js';
import { actorLabel } from '../subjects.js';
import type { ActivityInput } from '../activity-builder.js';
import { at } from './example-helpers.js';

interface Params {
  /** Alert on every credential or owner added to an app, not only by people who never managed that app. */
  everyChange: boolean;
}

/** Per app: who has managed its credentials or owners before (the learned maintainers). */
interface AppMaintainers {
  by: string[];
  first: number;
  /**
   * Changes that alerted, [person, time]: learned once that person's alert is dismissed as benign (read when they
   * next change the app), never by the alert alone.
   */
  pend?: [string, number][];
}

type State = AppMaintainers | BenignWindows | FeedStart;

const MAX_PEOPLE = 20;


const OWNER_ADDED = /^add owner to (application|service principal)\.?$/i;

function appOf(e: EnrichedActivity): { id: string; name: string } | null {
  const app = e.activity.targets.find((t) => t.type === 'app');
  const id = app?.id ?? app?.name ?? null;
  return id ? { id, name: app?.name ?? id } : null;
}

function isOwnerAdded(e: EnrichedActivity): boolean {
  return OWNER_ADDED.test(e.activity.eventType);
}

/** Two connectors' application changes, for the examples that read them in either order. */
const OKTA_TOKEN: ActivityInput = { connectorInstanceId: 'okta', provider: 'okta', action: 'credential.created', eventType: 'system.api_token.create', actor: { email: 'ops@example.com' }, targets: [{ type: 'app', id: 'okta-api', name: 'Okta API (API tokens)' }], time: at(9, 9) };
const ENTRA_CHANGES: ActivityInput[] = [
  { id: 'rot1', connectorInstanceId: 'm365', provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email: 'dev@example.com' }, targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }], time: at(0, 10) },
  { id: 'rot2', connectorInstanceId: 'm365', provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email: 'dev@example.com' }, targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }], time: at(1, 10) },
  { id: 'bad', connectorInstanceId: 'm365', provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email: 'sys@example.com' }, targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }], time: at(3, 2) },
];

/** A secret, certificate or owner added to an application or service principal by someone who never maintained it. */
export const appCredentialAdded = defineRule<State, Params>({
  id: 'detection.app-credential-added',
  kind: 'builtin',
  title: 'Credential or owner added to an application',
  description:
    "A client secret or certificate was added to an application or service principal, or someone was made its owner, by a person who had not maintained that app before (apps' usual maintainers are learned over the first days of application changes Parapet reads: audit feeds keep about a week, so the learning counts from the earliest change read from each app, not from the first sign-in). An attacker who adds their own secret to an app with directory or mail permissions signs in as the app, with no user, no MFA and no password to reset.",
  severity: 'high',
  runbook:
    'Ask the actor why they added the credential or owner. If unexplained, remove the new secret/certificate/owner, review the sign-ins of the service principal since (Graph servicePrincipalSignIns), and review the app’s permissions.',
  reference: 'https://learn.microsoft.com/en-us/entra/architecture/security-operations-applications#application-credentials',
  attack: [{ id: 'T1098.001', name: 'Account Manipulation: Additional Cloud Credentials' }],
  learnsFromBenign:
    "the person who made the change maintains the app: their later credential and owner changes to it do not alert",
  actions: ['credential.created', 'other'],
  params: { low: { everyChange: false }, medium: { everyChange: false }, high: { everyChange: true } },
  paramDocs: { everyChange: 'Alert on every credential or owner added to an app, even by its usual maintainers.' },
  paramsSchema: z.object({ everyChange: z.boolean() }).partial().strict(),
  defaults: { enabled: true, learningDays: 2, learningBasis: 'org', learningGate: false },
  stateKeys(e) {
    if (e.activity.action === 'other' && !isOwnerAdded(e)) return [];
    const app = appOf(e);
    if (!app) return [];
    return [`app:${app.id}`, ...feedStartKeys(e.activity), ...(e.userKey ? [benignKey(e.userKey)] : [])];
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    if (a.outcome === 'failure' || (a.action === 'other' && !isOwnerAdded(e))) return {};
    const app = appOf(e);
    const actor = e.userKey;
    if (!app || !actor) return {};
    const key = `app:${app.id}`;
    const stored = (state[key] as AppMaintainers | undefined) ?? { by: [], first: a.time };
    // This person's earlier changes whose alert was dismissed as benign make them a maintainer now.
    const benign = state[benignKey(actor)] as BenignWindows | undefined;
    const dismissed = (stored.pend ?? []).some(([by, t]) => by === actor && inBenignWindow(benign, t));
    const known: AppMaintainers = dismissed ? { by: [...stored.by, actor].slice(-MAX_PEOPLE), first: stored.first, pend: (stored.pend ?? []).filter(([by]) => by !== actor) } : stored;
    const maintainer = known.by.includes(actor);
    const next: AppMaintainers = { ...known, by: maintainer ? known.by : [...known.by, actor].slice(-MAX_PEOPLE) };
    // Audit feeds keep about a week: maintainers are learned from the first changes Parapet reads, not from the first sign-in.
    const { learning, state: sinceState } = feedLearning(state, a, ctx.learningMs);
    if (learning || (maintainer && !ctx.params.everyChange)) return { state: { [key]: next, ...sinceState } };
    const alerted = [...new Set((known.pend ?? []).map(([by]) => by))].slice(-3);
    const unlearned = alerted.length ? `; ${alerted.join(', ')} changed them before in an alert not dismissed as benign (not learned)` : '';
    const what = isOwnerAdded(e) ? `made ${a.targets.find((t) => t.type === 'user')?.email ?? 'someone'} an owner of` : 'added a credential (secret or certificate) to';
    return {
      // An app whose credential was added in an alert does not learn its actor as a maintainer until an analyst
      // dismisses that alert as benign.
      state: { [key]: maintainer ? known : { ...known, pend: [...(known.pend ?? []), [actor, a.time] as [string, number]].slice(-MAX_PEOPLE) }, ...sinceState },
      findings: [
        {
          explanation: `${actorLabel(a)} ${what} the app "${app.name}" in ${a.app} (${a.eventType}); ${known.by.length ? `its credentials and owners were managed before only by ${known.by.slice(0, 3).join(', ')}` : 'nobody had managed its credentials or owners before'}${unlearned}.`,
          baseline: { maintainers: known.by },
          details: { app: app.name, appId: app.id, eventType: a.eventType },
        },
      ],
    };
  },
  examples: [
    {
      name: "fires: an admin who never maintained the HR sync app adds a secret to it and makes another account its owner",
      activities: [
        { id: 'rot1', provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email: 'dev@example.com' }, targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }], time: at(0, 10) },
        { id: 'rot2', provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email: 'dev@example.com' }, targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }], time: at(1, 10) },
        { id: 'bad', provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email: 'sys@example.com' }, targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }], time: at(3, 2) },
        { id: 'owner', provider: 'microsoft365', app: 'Entra ID', action: 'other', eventType: 'Add owner to application.', actor: { email: 'sys@example.com' }, targets: [{ type: 'app', id: 'app-hr', name: 'HR Sync' }, { type: 'user', id: 'u-x', name: null, email: 'x@example.com' }], time: at(3, 2, 3) },
      ],
      expect: { alerts: 1, subjects: ['sys@example.com'], activityIds: [['bad', 'owner']], explanationContains: 'managed before only by dev@example.com' },
    },
    {
      name: "fires the same when another connector's later change is read first (backfills side by side): each connector's learning counts from its own earliest change",
      activities: [OKTA_TOKEN, ...ENTRA_CHANGES],
      expect: { alerts: 1, subjects: ['sys@example.com'], activityIds: [['bad']], explanationContains: 'managed before only by dev@example.com' },
    },
    {
      name: "and the same alert when that connector's change is read last (its first change is still learned, as in the other order)",
      activities: [...ENTRA_CHANGES, OKTA_TOKEN],
      expect: { alerts: 1, subjects: ['sys@example.com'], activityIds: [['bad']], explanationContains: 'managed before only by dev@example.com' },
    },
    {
      name: "no alert for an app's usual maintainer rotating its secret, or for API tokens people make for themselves",
      activities: [
        { provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email: 'dev@example.com' }, targets: [{ type: 'app', id: 'app-ci', name: 'Build Pipeline' }], time: at(0, 10) },
        { provider: 'microsoft365', app: 'Entra ID', action: 'credential.created', eventType: 'Update application – Certificates and secrets management ', actor: { email: 'dev@example.com' }, targets: [{ type: 'app', id: 'app-ci', name: 'Build Pipeline' }], time: at(14, 10) },
        { provider: 'okta', action: 'credential.created', eventType: 'system.api_token.create', actor: { email: 'ops@example.com' }, targets: [{ type: 'token', id: 't1', name: 'terraform' }], time: at(14, 11) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
