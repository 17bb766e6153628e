import type { AlertSubject } from '../core/alert.js';
import type { Suppression } from '../store/repos/suppressions.js';
import type { EnrichedActivity } from './enrichment/enricher.js';
import { parseCidr, parseIp, rangeContains } from './enrichment/ip.js';
import { userKeyOf } from './subjects.js';

/**
 * Whether an analyst's suppression covers a finding: same policy (or `*`), and the finding's subject or
 * triggering activity matches the suppression's person, IP range, ASN, country or app. Geo and ASN are the
 * enriched values (the provider's where it gave them).
 */
export function suppressionMatches(s: Suppression, policyId: string, subject: Pick<AlertSubject, 'type' | 'key'>, event: EnrichedActivity): boolean {
  if (s.policyId !== '*' && s.policyId !== policyId) return false;
  const a = event.activity;
  const value = s.value.trim().toLowerCase();
  switch (s.kind) {
    case 'user':
      return [subject.type === 'user' ? subject.key : null, userKeyOf(a), a.actor.email?.toLowerCase(), a.actor.userId?.toLowerCase()].some((k) => k === value);
    case 'ip_range': {
      const range = parseCidr(s.value);
      const ip = parseIp(a.srcIp);
      return range !== null && ip !== null && range.version === ip.version && rangeContains(range, ip);
    }
    case 'asn':
      return a.asn !== null && String(a.asn) === value.replace(/^as/, '');
    case 'country':
      return a.geo.country !== null && a.geo.country.toLowerCase() === value;
    case 'app':
      return [a.app, a.actor.appId, a.actor.appName, a.service?.id, a.service?.name].some((v) => v?.toLowerCase() === value);
  }
}
