import type { PostureExamples, SettingsSnapshot } from '../../sdk/define-check.js';
import { SEEDED_PROPERTIES } from '../simulator/tenant.js';
import { PROPERTIES_KEY } from '../streams/settings.js';

/** The seeded instance's properties (hardened: every check passes), with `edit` applied to a copy. */
export function instance(edit: (props: Record<string, string>) => void = () => undefined): SettingsSnapshot {
  const props = Object.fromEntries(SEEDED_PROPERTIES.map(([name, value]) => [name, value]));
  edit(props);
  return { [PROPERTIES_KEY]: { properties: props, types: {} } };
}

export const EXAMPLES: Record<string, PostureExamples> = {
  'SN-01': { pass: [instance()], fail: [instance((p) => (p['glide.authenticate.multifactor'] = 'false')), instance((p) => delete p['glide.authenticate.multifactor'])] },
  'SN-02': { pass: [instance()], fail: [instance((p) => (p['glide.ui.session_timeout'] = '240')), instance((p) => (p['glide.ui.session_timeout'] = '0'))] },
  'SN-03': { pass: [instance()], fail: [instance((p) => (p['glide.security.use_csrf_token'] = 'false'))] },
};
