import type { SettingsSnapshot } from '../../sdk/define-check.js';

export interface PolicyDoc {
  orgUnit: string | null;
  group: string | null;
  sortOrder: number;
  type: string;
  value: Record<string, unknown>;
}

/** The Cloud Identity policies of the snapshot, or null when they were not collected (not a super admin). */
export function policies(settings: SettingsSnapshot): PolicyDoc[] | null {
  const list = settings.policies?.value;
  if (!Array.isArray(list)) return null;
  const out: PolicyDoc[] = [];
  for (const p of list as Record<string, unknown>[]) {
    const setting = p?.setting as { type?: unknown; value?: unknown } | undefined;
    const query = (p?.policyQuery ?? {}) as { orgUnit?: unknown; group?: unknown; sortOrder?: unknown };
    if (typeof setting?.type !== 'string') continue;
    out.push({
      orgUnit: typeof query.orgUnit === 'string' ? query.orgUnit : null,
      group: typeof query.group === 'string' ? query.group : null,
      sortOrder: Number(query.sortOrder ?? 0) || 0,
      type: setting.type.replace(/^settings\//, ''),
      value: typeof setting.value === 'object' && setting.value !== null ? (setting.value as Record<string, unknown>) : {},
    });
  }
  return out;
}

/** When the policies were read (epoch ms), or null for a snapshot that does not say. */
export function policiesReadAt(settings: SettingsSnapshot): number | null {
  const at = settings.policies?.readAt;
  const parsed = typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isNaN(parsed) ? null : parsed;
}

/** How many entries of the collected policy list could not be read (no `setting.type`): a check never passes over them. */
export function unreadablePolicies(settings: SettingsSnapshot): number {
  const list = settings.policies?.value;
  if (!Array.isArray(list)) return 0;
  return (list as unknown[]).filter((p) => typeof (p as { setting?: { type?: unknown } } | null)?.setting?.type !== 'string').length;
}

/** Policies of one setting type, the organisation-wide one (lowest sortOrder, no group) first. */
export function ofType(list: readonly PolicyDoc[], type: string): PolicyDoc[] {
  return list.filter((p) => p.type === type).sort((a, b) => Number(a.group !== null) - Number(b.group !== null) || a.sortOrder - b.sortOrder);
}
