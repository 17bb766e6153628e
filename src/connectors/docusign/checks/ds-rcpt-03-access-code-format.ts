import { defineCheck } from '../../sdk/define-check.js';
import { examples, nested, perAccount, readBool, readNumber, SETTINGS_SCOPES, unreadable } from './settings-read.js';

export default defineCheck({
  id: 'DS-RCPT-3',
  title: 'Envelope access codes have an enforced format (6+ characters, letters and digits)',
  severity: 'low',
  rationale: 'Access codes are the usual second factor for recipients; a four-digit code chosen by the sender is easy to guess or to reuse across envelopes.',
  remediation:
    'DocuSign eSignature Admin → Security Settings → "Access code format": enable it (allowAccessCodeFormat) with a minimum length of 6 or more and letters and numbers required.',
  reference: 'Parapet DocuSign baseline DS-RCPT-3',
  expected: 'allowAccessCodeFormat = "true", accessCodeFormat.minimumLength ≥ 6, letters and numbers required',
  worseWhen: 'lower',
  requires: SETTINGS_SCOPES,
  examples: examples(
    [{ settings: {} }],
    [{ settings: { allowAccessCodeFormat: 'false' } }, { settings: { accessCodeFormat: { minimumLength: '4', letterRequired: 'false', numberRequired: 'true', formatRequired: 'true' } } }],
  ),
  evaluate: (settings) =>
    perAccount(settings, {
      kind: 'settings',
      requires: SETTINGS_SCOPES,
      worseWhen: 'lower',
      judge(doc) {
        const enforced = readBool(doc, 'allowAccessCodeFormat');
        if (!enforced.ok) return unreadable(enforced);
        if (!enforced.value) return { status: 'fail', evidence: 'allowAccessCodeFormat is "false": senders may use any access code', observed: 0 };
        const format = nested(doc, 'accessCodeFormat');
        const length = readNumber(format, 'minimumLength');
        if (!length.ok) return unreadable({ ok: false, reason: `accessCodeFormat.${length.reason}` });
        const gaps: string[] = [];
        if (length.value < 6) gaps.push(`minimumLength is ${length.value} (want 6+)`);
        for (const field of ['letterRequired', 'numberRequired']) {
          const read = readBool(format, field);
          if (!read.ok) return unreadable({ ok: false, reason: `accessCodeFormat.${read.reason}` });
          if (!read.value) gaps.push(`${field} is "false"`);
        }
        return gaps.length === 0
          ? { status: 'pass', evidence: `access codes need ${length.value}+ characters with letters and numbers`, observed: length.value }
          : { status: 'fail', evidence: `access code format: ${gaps.join(', ')}`, observed: length.value };
      },
    }),
});
