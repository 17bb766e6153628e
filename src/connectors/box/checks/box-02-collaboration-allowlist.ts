import { defineCheck } from '../../sdk/define-check.js';
import { asRecord } from '../../sdk/normalize-helpers.js';

export default defineCheck({
  id: 'BOX-02',
  title: 'External collaboration is limited to an allow-list of domains',
  severity: 'medium',
  rationale: 'Without an allow-list any user can invite any outside address to collaborate on any folder: one compromised account, or one careless click, shares client files with anyone.',
  remediation: 'Admin Console → Enterprise Settings → Content & Sharing → External collaboration: restrict it to the allow-listed domains, and list the partner domains you work with (or manage the list through the collaboration allow-list API).',
  reference: 'Box Admin Console: collaboration allow-list',
  expected: 'at least one allow-listed domain',
  requires: ['Manage enterprise properties'],
  evaluate(settings) {
    const allowlist = asRecord(settings.collaboration_allowlist);
    if (allowlist && typeof allowlist.error === 'string') return { status: 'error', evidence: allowlist.error };
    if (!allowlist || !Array.isArray(allowlist.entries)) return { status: 'not_applicable', evidence: 'The collaboration allow-list was not collected.' };
    const domains = allowlist.entries.map((e) => String(asRecord(e)?.domain ?? '')).filter(Boolean);
    if (domains.length === 0) return { status: 'fail', evidence: 'The collaboration allow-list is empty: external collaboration is open to every domain (or blocked entirely; Box does not expose which through its API).' };
    return { status: 'pass', evidence: `External collaboration is allow-listed for ${domains.length} domain${domains.length === 1 ? '' : 's'}: ${domains.join(', ')}. Box's API does not say whether the restriction is enforced: confirm it in the Admin Console.`, details: { domains } };
  },
});
