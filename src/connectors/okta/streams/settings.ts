import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { OktaSession } from '../session.js';

/** The policy types posture reads (digest §6), each stored as `policies/<TYPE>` with its rules embedded. */
export const POLICY_TYPES = ['PASSWORD', 'OKTA_SIGN_ON', 'MFA_ENROLL', 'ACCESS_POLICY'] as const;
export const settingsKey = (type: (typeof POLICY_TYPES)[number]) => `policies/${type}`;

export const settingsStream: SnapshotStream<OktaSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client } = session;
    const page: SettingsRecord[] = [];
    for (const type of POLICY_TYPES) {
      const policies = await client.all(`okta.policies.${type.toLowerCase()}`, '/api/v1/policies', { type }, runtime.signal);
      const withRules = [];
      for (const policy of policies) {
        const id = str(policy.id);
        const rules = id && type !== 'MFA_ENROLL' ? await client.all('okta.policies.rules', `/api/v1/policies/${encodeURIComponent(id)}/rules`, {}, runtime.signal) : [];
        withRules.push({ ...policy, rules });
      }
      page.push({ key: settingsKey(type), value: { type, policies: withRules } });
    }
    yield page;
  },
};
