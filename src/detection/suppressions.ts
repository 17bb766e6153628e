import { ValidationError } from '../core/errors.js';
import { SUPPRESSION_KINDS, type Suppression, type SuppressionKind } from '../store/repos/suppressions.js';
import { canonicalCidr } from './enrichment/ip.js';

export { SUPPRESSION_KINDS, type Suppression, type SuppressionKind };

export interface SuppressionInput {
  policyId: string;
  kind: string;
  value: string;
  owner: string;
  reason: string;
  expiresAt: number;
}

/**
 * Checks an analyst's suppression and puts its value in the form the engine matches: lower-case e-mail or
 * user key, canonical CIDR, AS number, upper-case ISO country code, app name or id. Every suppression
 * names who owns it, why, and when it ends (at most a year ahead): nothing is silenced for ever by accident.
 */
export function checkSuppression(input: SuppressionInput, ctx: { now: number; policyIds: readonly string[] }): Omit<Suppression, 'id' | 'createdAt'> {
  const problems: string[] = [];
  if (input.policyId !== '*' && !ctx.policyIds.includes(input.policyId)) problems.push(`policy "${input.policyId}" does not exist: use a policy id from \`parapet policy list\`, or * for every policy`);
  if (!(SUPPRESSION_KINDS as readonly string[]).includes(input.kind)) problems.push(`kind "${input.kind}" must be one of ${SUPPRESSION_KINDS.join(', ')}`);
  const raw = input.value.trim();
  let value = raw;
  if (input.kind === 'user') value = raw.toLowerCase();
  if (input.kind === 'ip_range') {
    const cidr = canonicalCidr(raw);
    if (!cidr) problems.push(`"${raw}" is not an IP address or CIDR range (e.g. 203.0.113.0/24)`);
    value = cidr ?? raw;
  }
  if (input.kind === 'asn') {
    const n = /^(?:as)?(\d{1,10})$/i.exec(raw);
    if (!n) problems.push(`"${raw}" is not an AS number (e.g. 16509 or AS16509)`);
    value = n ? String(Number(n[1])) : raw;
  }
  if (input.kind === 'country') {
    if (!/^[a-z]{2}$/i.test(raw)) problems.push(`"${raw}" is not a two-letter ISO country code (e.g. FR)`);
    value = raw.toUpperCase();
  }
  if (!raw) problems.push('the value is empty');
  if (!input.owner.trim()) problems.push('the owner is empty: say who answers for this suppression');
  if (!input.reason.trim()) problems.push('the reason is empty: say why these findings are expected');
  if (!Number.isFinite(input.expiresAt) || input.expiresAt <= ctx.now) problems.push('the expiry must be in the future');
  if (input.expiresAt > ctx.now + 366 * 86_400_000) problems.push('the expiry must be within a year: renew it when it ends');
  if (problems.length) throw new ValidationError('The suppression was not added', problems);
  return { policyId: input.policyId, kind: input.kind as SuppressionKind, value, owner: input.owner.trim(), reason: input.reason.trim(), expiresAt: input.expiresAt };
}
