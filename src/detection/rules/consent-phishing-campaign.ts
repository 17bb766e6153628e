import { z } from 'zod';
import { DAY, HOUR } from '../../core/clock.js';
import { busiestWindowHolding } from '../busiest-window.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import { defineRule } from '../rule.js';
import { at } from './example-helpers.js';
import { grantedScopes, scopeRisk } from './oauth-scopes.js';
import { duration } from './shared.js';

interface Params {
  /** How many different people must consent to the same app within the window. */
  minUsers: number;
  windowHours: number;
  /** Only apps first consented to in the organisation at most this many days ago (a rollout of a known app is not a campaign). */
  newAppDays: number;
}

/** Per app: its first consent, and the latest consents [user, time, activity id] in time order. */
interface AppConsents {
  first: number;
  recent: [string, number, string][];
}

function appOf(e: EnrichedActivity): { id: string; name: string } | null {
  const app = e.activity.targets.find((t) => t.type === 'app');
  const id = app?.id ?? app?.name ?? null;
  return id ? { id, name: app?.name ?? id } : null;
}

/** The same new app consented to by several people in a short time, with access to their data: a consent-phishing campaign. */
export const consentPhishingCampaign = defineRule<AppConsents, Params>({
  id: 'detection.consent-phishing-campaign',
  kind: 'builtin',
  title: 'Consent-phishing campaign',
  description:
    'Several people consented to the same new OAuth app within hours, and the app gets access to their mail, files or more (not just sign-in and profile). A consent-phishing mail sent to many people looks like this: each consent alone looks like one person trying a tool, together they are a campaign. A rollout of an app that only asks for sign-in, or of an app the organisation has used for weeks, does not alert.',
  severity: 'high',
  runbook:
    'Block the app for the whole tenant (disable its service principal or revoke it with governance), revoke every grant it received, find the phishing mail that led to it and purge it, and review what the app read with the grants.',
  reference: 'https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/manage-consent-requests#investigate-and-remediate-consent-phishing',
  attack: [{ id: 'T1566.002', name: 'Phishing: Spearphishing Link' }, { id: 'T1528', name: 'Steal Application Access Token' }],
  actions: ['oauth.consent_granted'],
  params: {
    low: { minUsers: 5, windowHours: 24, newAppDays: 7 },
    medium: { minUsers: 3, windowHours: 24, newAppDays: 7 },
    high: { minUsers: 2, windowHours: 48, newAppDays: 14 },
  },
  paramDocs: {
    minUsers: 'How many different people must consent to the same app within the window.',
    windowHours: 'The window, in hours.',
    newAppDays: "Only apps first consented to in the organisation at most this many days ago.",
  },
  paramsSchema: z.object({ minUsers: z.number().int().min(2), windowHours: z.number().positive(), newAppDays: z.number().positive() }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  stateKeys(e) {
    const app = appOf(e);
    return app ? [`app:${app.id}`] : [];
  },
  evaluate(e, state, ctx) {
    const a = e.activity;
    const app = appOf(e);
    const user = e.userKey;
    if (a.outcome === 'failure' || !app || !user) return {};
    const key = `app:${app.id}`;
    const p = ctx.params;
    const known = state[key] ?? { first: a.time, recent: [] };
    const window = p.windowHours * HOUR;
    // Kept for a day more than the window behind the newest consent: one delivered late (Google's Reports list
    // newest first, a feed behind) still meets the consents around it.
    const newest = Math.max(a.time, ...known.recent.map((r) => r[1]));
    const recent = [...known.recent.filter((r) => r[1] > newest - window - DAY && r[2] !== a.id), [user, a.time, a.id] as [string, number, string]].sort((x, y) => x[1] - y[1]).slice(-50);
    const next: AppConsents = { first: Math.min(known.first, a.time), recent };
    const scopes = grantedScopes(a);
    const risk = scopeRisk(scopes);
    // The busiest window holding this consent, also one ending at a consent delivered before it.
    const distinctPeople = (held: readonly (readonly [number, string, string])[]) => new Set(held.map((h) => h[1])).size;
    const best = busiestWindowHolding(recent.map(([who, time, id]) => [time, who, id] as const), a.time, window, distinctPeople);
    const people = [...new Set(best.held.map((h) => h[1]))];
    const isNew = a.time - next.first <= p.newAppDays * DAY;
    if (risk === 'none' || !isNew || people.length < p.minUsers) return { state: { [key]: next } };
    return {
      state: { [key]: next },
      findings: [
        {
          explanation: `${people.length} people consented to the new app "${app.name}" within ${duration(best.end - (best.held[0]?.[0] ?? best.end))} (${people.slice(0, 5).join(', ')}${people.length > 5 ? ', ...' : ''}), granting it ${scopes.join(', ')}; the app was first consented to ${duration(best.end - next.first)} before the last of them.`,
          baseline: { appFirstConsent: next.first },
          details: { app: app.name, appId: app.id, people, scopes, risk },
          related: best.held.filter((h) => h[2] !== a.id).map(([time, , id]) => ({ id, time })),
          subject: { type: 'app', key: app.id },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: three people consent to the same new app reading their mail within two hours',
      activities: ['ann', 'bob', 'cat'].map((who, i) => ({
        id: `c-${who}`,
        provider: 'microsoft365' as const,
        app: 'Entra ID',
        action: 'oauth.consent_granted' as const,
        eventType: 'Consent to application.',
        actor: { email: `${who}@example.com` },
        targets: [{ type: 'app' as const, id: 'sp-viewer', name: 'Secure Document Viewer' }],
        raw: { scope: 'User.Read Mail.Read offline_access' },
        time: at(5, 9) + i * 40 * 60_000,
      })),
      expect: { alerts: 1, subjects: ['sp-viewer'], activityIds: [['c-ann', 'c-bob', 'c-cat']], explanationContains: '3 people consented to the new app "Secure Document Viewer"' },
    },
    {
      name: 'no alert for a rollout of an app that only signs people in, or for an app used for weeks',
      activities: [
        ...['ann', 'bob', 'cat', 'dan'].map((who, i) => ({ provider: 'microsoft365' as const, app: 'Entra ID', action: 'oauth.consent_granted' as const, actor: { email: `${who}@example.com` }, targets: [{ type: 'app' as const, id: 'sp-miro', name: 'Miro' }], raw: { scope: 'openid profile email User.Read' }, time: at(5, 10) + i * 600_000 })),
        { provider: 'microsoft365' as const, app: 'Entra ID', action: 'oauth.consent_granted' as const, actor: { email: 'eve@example.com' }, targets: [{ type: 'app' as const, id: 'sp-crm', name: 'CRM Mail Sync' }], raw: { scope: 'Mail.Read offline_access' }, time: at(0, 10) },
        ...['fay', 'gus', 'hal'].map((who, i) => ({ provider: 'microsoft365' as const, app: 'Entra ID', action: 'oauth.consent_granted' as const, actor: { email: `${who}@example.com` }, targets: [{ type: 'app' as const, id: 'sp-crm', name: 'CRM Mail Sync' }], raw: { scope: 'Mail.Read offline_access' }, time: at(20, 10) + i * 600_000 })),
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'no alert when three people take up a new mail app on three different days',
      activities: ['ann', 'bob', 'cat'].map((who, i) => ({ provider: 'microsoft365' as const, app: 'Entra ID', action: 'oauth.consent_granted' as const, actor: { email: `${who}@example.com` }, targets: [{ type: 'app' as const, id: 'sp-notes', name: 'Meeting Notes AI' }], raw: { scope: 'Mail.Read Calendars.Read offline_access' }, time: at(5 + i, 9 + i) })),
      expect: { alerts: 0 },
    },
  ],
});
