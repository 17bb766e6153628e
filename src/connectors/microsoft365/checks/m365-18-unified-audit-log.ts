import { defineCheck } from '../../sdk/define-check.js';
import { str } from '../../sdk/normalize-helpers.js';
import { SETTINGS_KEYS } from '../streams/settings.js';
import { items } from './settings-read.js';

const EXCHANGE = 'Audit.Exchange';

export default defineCheck({
  id: 'M365-18',
  title: 'The unified audit log records Exchange Online (Audit.Exchange is collected)',
  severity: 'high',
  rationale:
    'Without the unified audit log there is no record of mailbox rules, forwarding, permission grants or admin changes in Exchange Online: business e-mail compromise cannot be detected or investigated, and Parapet\'s own Exchange detections see nothing.',
  remediation:
    'Microsoft Purview portal → Audit → "Start recording user and admin activity" (or Exchange Online PowerShell: Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true); then make sure no administrator stopped the Audit.Exchange subscription of the Office 365 Management Activity API (Parapet starts it when the activities stream runs).',
  reference: 'CISA ScubaGear MS.EXO.17.1',
  expected: 'the Management Activity API lists Audit.Exchange with status "enabled"',
  requires: ['ActivityFeed.Read (Office 365 Management APIs)'],
  evaluate(settings) {
    const doc = settings[SETTINGS_KEYS.auditSubscriptions];
    if (!doc) return { status: 'not_applicable', evidence: 'The audit subscriptions were not collected.' };
    if (doc.available === false) return { status: 'error', evidence: `Not evaluated — grant ActivityFeed.Read (Office 365 Management APIs): ${str(doc.reason)?.replace(/\.$/, '') ?? 'the subscription list was refused'}.` };
    if (!Array.isArray(doc.value)) return { status: 'error', evidence: `The subscription list is ${JSON.stringify(doc.value)}, not a list: cannot judge it.` };
    const subscriptions = items(doc.value).map((s) => ({ contentType: str(s.contentType) ?? '', status: str(s.status) ?? '' }));
    const details = { subscriptions };
    const exchange = subscriptions.find((s) => s.contentType.toLowerCase() === EXCHANGE.toLowerCase());
    if (!exchange) {
      if (subscriptions.length === 0) {
        return {
          status: 'not_applicable',
          evidence: 'No Management Activity API subscription is started for this connection yet: run the activities stream (if starting one fails with "Tenant … does not exist", unified audit logging is off).',
          details,
        };
      }
      return { status: 'fail', evidence: `${EXCHANGE} is not among the started subscriptions (${subscriptions.map((s) => s.contentType).join(', ')}): Exchange Online activity is not collected.`, details };
    }
    if (exchange.status.toLowerCase() === 'enabled') return { status: 'pass', evidence: `${EXCHANGE} is enabled in the Management Activity API: Exchange Online activity reaches the unified audit log and Parapet.`, details };
    return { status: 'fail', evidence: `${EXCHANGE} has status "${exchange.status}" (want "enabled"): an administrator stopped it, and Exchange Online activity is no longer collected.`, details };
  },
});
