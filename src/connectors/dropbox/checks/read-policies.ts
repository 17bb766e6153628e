import type { SettingsSnapshot } from '../../sdk/define-check.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';

/** One policy value from the `policies` settings document (`sharing.x` or a top-level name); undefined when settings were not collected. */
export function readPolicy(settings: SettingsSnapshot, path: string): string | null | undefined {
  const policies = settings.policies;
  if (!policies) return undefined;
  let value: unknown = policies;
  for (const part of path.split('.')) value = asRecord(value)?.[part];
  return str(value);
}
