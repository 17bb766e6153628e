import { defineCheck } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';

export default defineCheck({
  id: 'ATL-03',
  title: 'An IP allowlist policy limits where the apps are reached from',
  severity: 'medium',
  rationale: 'Without an IP allowlist a stolen session or API token works from anywhere; an allowlist limits the organisation’s Jira and Confluence to its offices and VPN.',
  remediation: 'In Atlassian Administration → Security → IP allowlists (Enterprise or Guard), create an allowlist of the office and VPN ranges and enable it for the organisation’s apps.',
  reference: 'Atlassian: specify IP addresses for product access',
  evaluate(settings) {
    const doc = settings.ip_allowlist;
    if (!doc) return { status: 'not_applicable', evidence: 'Atlassian settings were not collected.' };
    if (!Array.isArray(doc.policies)) return { status: 'error', evidence: 'The policies list could not be read.' };
    const policies = doc.policies.map(asRecord).filter((p) => p !== null);
    const enabled = policies.filter((p) => /^enabled$/i.test(str(p.status) ?? ''));
    if (enabled.length) return { status: 'pass', evidence: `IP allowlist ${enabled.map((p) => `"${str(p.name) ?? str(p.id)}"`).join(', ')} is enabled.` };
    if (policies.length) return { status: 'fail', evidence: `The IP allowlist ${policies.map((p) => `"${str(p.name) ?? str(p.id)}"`).join(', ')} exists but is not enabled.` };
    return { status: 'fail', evidence: 'The organisation has no IP allowlist policy.' };
  },
});
