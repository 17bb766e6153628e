import type { PostureEvaluation, SettingsSnapshot } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';

/**
 * Reading helpers for the checks over the Admin API documents the settings stream records per organisation:
 * `organization/<id>/organization` (claimed domains and identity providers, from `GET /v2/organizations`) and
 * `organization/<id>/administrators` (who administers what, with two-step and federation flags, from the user
 * list and each user's profile). A document the token could not read holds `{collected: false, reason}`.
 */

export type OrgDocKind = 'organization' | 'administrators';

/** `GET /v2/organizations` needs `organization_read`, which also returns the domains and identity providers. */
export const ORGANIZATION_SCOPES = ['organization_read'] as const;
/** Account administrators come from the eSignature user lists (`signature`), their flags from Admin API profiles (`user_read`). */
export const ADMINISTRATOR_SCOPES = ['signature', 'organization_read', 'user_read'] as const;

const KEY = /^organization\/([^/]+)\/(organization|administrators)$/;

type Doc = Readonly<Record<string, unknown>>;

/** One organisation's verdict; `evidence` is a clause without the organisation (added here). */
export interface OrgVerdict {
  status: 'pass' | 'fail' | 'not_applicable' | 'error';
  evidence: string;
  observed?: number;
  details?: Record<string, unknown>;
}

/**
 * Evaluates a check per organisation document of `kind`. Nothing collected: not_applicable; a document the token
 * could not read: error, "not evaluated — grant these scopes"; else the judge's verdict, labelled.
 */
export function perOrganisation(snapshot: SettingsSnapshot, options: { kind: OrgDocKind; requires: readonly string[]; worseWhen?: 'higher' | 'lower'; judge(doc: Doc): OrgVerdict }): PostureEvaluation {
  const docs = Object.entries(snapshot)
    .map(([key, doc]) => ({ match: KEY.exec(key), doc }))
    .filter((d): d is { match: RegExpExecArray; doc: Doc } => d.match !== null && d.match[2] === options.kind)
    .sort((a, b) => String(a.match[1]).localeCompare(String(b.match[1])));
  if (docs.length === 0) return { status: 'not_applicable', evidence: `No DocuSign organisation's ${options.kind === 'organization' ? 'domains and identity providers' : 'administrators'} were collected.` };
  const verdicts = docs.map(({ match, doc }): OrgVerdict & { label: string } => {
    const name = str(snapshot[`organization/${match[1]}/organization`]?.name);
    const label = name ? `Organisation "${name}"` : `Organisation ${match[1]}`;
    if (doc.collected !== true) {
      const reason = str(doc.reason);
      return { label, status: 'error', evidence: `not evaluated — grant these scopes: ${options.requires.join(', ')}${reason ? ` (${reason.replace(/\.$/, '')})` : ''}` };
    }
    return { label, ...options.judge(doc) };
  });
  const worst = ['fail', 'error', 'pass', 'not_applicable'].map((s) => verdicts.filter((v) => v.status === s)).find((list) => list.length > 0) ?? [];
  const status = (worst[0]?.status ?? 'not_applicable') as OrgVerdict['status'];
  const observed = worst.map((v) => v.observed).filter((v): v is number => v !== undefined);
  const details = verdicts.length === 1 ? verdicts[0]?.details : { organisations: verdicts.map((v) => ({ organisation: v.label, status: v.status, ...v.details })) };
  return {
    status,
    evidence: `${worst.map((v) => `${v.label}: ${v.evidence}`).join('; ')}.`,
    ...(details ? { details } : {}),
    ...(observed.length > 0 ? { observed: options.worseWhen === 'lower' ? Math.min(...observed) : Math.max(...observed) } : {}),
  };
}

/** A list field of objects, or why it is not one. */
export function objectList(doc: Doc, field: string): { ok: true; value: Record<string, unknown>[] } | { ok: false; reason: string } {
  const raw = doc[field];
  if (raw === undefined || raw === null) return { ok: true, value: [] };
  if (!Array.isArray(raw)) return { ok: false, reason: `${field} is ${JSON.stringify(raw)}, not a list` };
  const items = raw.map(asRecord);
  if (items.some((i) => i === null)) return { ok: false, reason: `${field} holds an entry that is not an object` };
  return { ok: true, value: items as Record<string, unknown>[] };
}

/**
 * The identity providers of an organisation document. `OrganizationResponse.identity_providers` is typed as a list
 * of `IdentityProvidersResponse` (each wrapping `identity_providers`); bare providers are accepted too.
 */
export function identityProviders(doc: Doc): { ok: true; value: Record<string, unknown>[] } | { ok: false; reason: string } {
  const list = objectList(doc, 'identity_providers');
  if (!list.ok) return list;
  const providers: Record<string, unknown>[] = [];
  for (const item of list.value) {
    if (item.identity_providers === undefined) {
      providers.push(item);
      continue;
    }
    const inner = objectList(item, 'identity_providers');
    if (!inner.ok) return inner;
    providers.push(...inner.value);
  }
  if (providers.some((p) => typeof p.id !== 'string')) return { ok: false, reason: 'an identity provider has no id' };
  return { ok: true, value: providers };
}

/** The claimed domains, each with a string `host_name` and `status`. */
export function reservedDomains(doc: Doc): { ok: true; value: { id: string; host: string; status: string; identityProviderId: string | null }[] } | { ok: false; reason: string } {
  const list = objectList(doc, 'reserved_domains');
  if (!list.ok) return list;
  const domains = [];
  for (const d of list.value) {
    if (typeof d.host_name !== 'string' || typeof d.status !== 'string') return { ok: false, reason: `a reserved domain has host_name ${JSON.stringify(d.host_name)} and status ${JSON.stringify(d.status)}` };
    domains.push({ id: str(d.id) ?? '', host: d.host_name, status: d.status, identityProviderId: str(d.identity_provider_id) });
  }
  return { ok: true, value: domains };
}

/** One administrator as the settings stream records them. */
export interface Administrator {
  label: string;
  isOrganizationAdmin: boolean;
  adminOf: string[];
  requireTwoStepVerification: boolean | null;
  federatedStatus: string | null;
}

export function administrators(doc: Doc): { ok: true; value: Administrator[] } | { ok: false; reason: string } {
  const list = objectList(doc, 'administrators');
  if (!list.ok) return list;
  if (!Array.isArray(doc.administrators)) return { ok: false, reason: 'administrators is missing' };
  const admins: Administrator[] = [];
  for (const a of list.value) {
    const label = str(a.email) ?? str(a.name) ?? str(a.id);
    if (!label) return { ok: false, reason: 'an administrator has neither e-mail, name nor id' };
    const twoStep = a.requireTwoStepVerification;
    admins.push({
      label,
      isOrganizationAdmin: a.isOrganizationAdmin === true,
      adminOf: Array.isArray(a.adminOf) ? a.adminOf.filter((x): x is string => typeof x === 'string') : [],
      requireTwoStepVerification: typeof twoStep === 'boolean' ? twoStep : null,
      federatedStatus: str(a.federatedStatus),
    });
  }
  return { ok: true, value: admins };
}

export function unreadableOrg(read: { ok: false; reason: string }): OrgVerdict {
  return { status: 'error', evidence: `${read.reason}: cannot judge it` };
}
