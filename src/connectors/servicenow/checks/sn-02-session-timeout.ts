import { defineCheck } from '../../sdk/define-check.js';
import { properties, property } from './settings-read.js';

const MAX_MINUTES = 30;

export default defineCheck({
  id: 'SN-02',
  title: `Idle sessions end within ${MAX_MINUTES} minutes`,
  severity: 'medium',
  rationale: 'An unattended session on a shared or stolen device is an open door; a short idle timeout closes it.',
  remediation: `System Properties → glide.ui.session_timeout: ${MAX_MINUTES} (minutes) or less.`,
  reference: 'ServiceNow Instance Security Hardening: session timeout',
  expected: `glide.ui.session_timeout ≤ ${MAX_MINUTES}`,
  worseWhen: 'higher',
  requires: ['read on sys_properties (admin)'],
  evaluate(settings) {
    const props = properties(settings);
    if (!props) return { status: 'not_applicable', evidence: 'System properties were not collected.' };
    const text = property(props, 'glide.ui.session_timeout');
    // ServiceNow's default when the property is absent is 30 minutes.
    const minutes = text === null ? 30 : Number(text);
    if (!Number.isFinite(minutes)) return { status: 'error', evidence: `glide.ui.session_timeout is "${text ?? ''}", not a number of minutes.` };
    if (minutes > 0 && minutes <= MAX_MINUTES) return { status: 'pass', evidence: `Idle sessions end after ${minutes} minutes${text === null ? ' (the default)' : ''}.`, observed: minutes };
    return { status: 'fail', evidence: minutes <= 0 ? 'glide.ui.session_timeout is 0: idle sessions never end.' : `Idle sessions last ${minutes} minutes (glide.ui.session_timeout).`, observed: minutes };
  },
});
