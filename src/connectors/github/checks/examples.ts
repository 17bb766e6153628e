import type { SettingsRecord } from '../../sdk/define-connector.js';
import { settingsSnapshot, type PostureExamples, type SettingsSnapshot } from '../../sdk/define-check.js';
import seeded from './fixtures/org.settings.json' with { type: 'json' };

type Doc = Record<string, unknown>;

/** The seeded organisation's settings (hardened: every check passes), with `edit` applied to a copy. */
export function org(edit: (docs: Record<string, Doc>) => void = () => undefined): SettingsSnapshot {
  const docs = structuredClone(Object.fromEntries((seeded as SettingsRecord[]).map((r) => [r.key, r.value]))) as Record<string, Doc>;
  edit(docs);
  return settingsSnapshot(Object.entries(docs).map(([key, value]) => ({ key, value })));
}
const organization = (d: Record<string, Doc>) => d.organization as Doc;

/** Passing and failing settings per check, enrolled by the shared posture test. */
export const EXAMPLES: Record<string, PostureExamples> = {
  'GH-01': {
    pass: [org()],
    fail: [
      org((d) => {
        organization(d).two_factor_requirement_enabled = false;
        d['members-without-2fa'] = { count: 2, logins: ['mkim', 'lfoster'] };
      }),
    ],
  },
  'GH-02': {
    pass: [org(), org((d) => (organization(d).default_repository_permission = 'none'))],
    fail: [org((d) => (organization(d).default_repository_permission = 'write')), org((d) => (organization(d).default_repository_permission = 'admin'))],
  },
  'GH-03': {
    pass: [org()],
    fail: [org((d) => (organization(d).members_can_create_public_repositories = true))],
  },
};
