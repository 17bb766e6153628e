import { ConfigError, NotFoundError, ValidationError } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { clearPolicyState } from '../store/repos/detector-state.js';
import { deletePolicy, getPolicyRow, listPolicyRows, savePolicy, type PolicyRow } from '../store/repos/policies.js';
import { parsePolicy } from './custom/parse-policy.js';
import type { TimeBudgetOptions } from './custom/time-budget.js';
import { PolicySettingsSchema, resolvePolicy, type ActivePolicy, type PolicySettings, type Rule } from './rule.js';
import { BUILTIN_RULES, builtinRule } from './rules/index.js';

export interface PolicyListing {
  rule: Rule<unknown, unknown>;
  active: ActivePolicy;
  settings: PolicySettings;
  stored: PolicyRow | null;
}

export interface LoadedPolicies {
  listings: PolicyListing[];
  /** Stored policies that could not be used, in words (the rest still run). */
  problems: string[];
}

function settingsOf(row: PolicyRow | null, problems: string[]): PolicySettings {
  if (!row) return {};
  const parsed = PolicySettingsSchema.safeParse(row.settings);
  if (parsed.success) return { ...parsed.data, enabled: row.enabled };
  problems.push(`policy ${row.id}: stored settings are invalid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); running it with its defaults`);
  return { enabled: row.enabled };
}

/**
 * Every policy as it will run: the built-ins with the admin's tuning, then the stored custom policies.
 * A stored policy that no longer parses (or has bad tuning) is reported and skipped, never fatal.
 */
export async function loadPolicies(db: Db, budget: TimeBudgetOptions = {}): Promise<LoadedPolicies> {
  const rows = await listPolicyRows(db);
  const problems: string[] = [];
  const listings: PolicyListing[] = [];
  for (const rule of BUILTIN_RULES) {
    const stored = rows.find((r) => r.id === rule.id) ?? null;
    const settings = settingsOf(stored, problems);
    try {
      listings.push({ rule, settings, stored, active: resolvePolicy(rule, settings) });
    } catch (error) {
      problems.push(`policy ${rule.id}: its parameters are invalid (${(error as Error).message}); running it with its defaults`);
      listings.push({ rule, settings: {}, stored, active: resolvePolicy(rule, { enabled: settings.enabled ?? rule.defaults.enabled }) });
    }
  }
  for (const row of rows.filter((r) => r.kind === 'custom')) {
    if (!row.source) {
      problems.push(`policy ${row.id}: stored without its source; re-add it with \`parapet policy add <file>\``);
      continue;
    }
    try {
      const { rule } = parsePolicy(row.source, `${row.id}.${row.sourceFormat ?? 'yaml'}`, budget);
      const settings = settingsOf(row, problems);
      listings.push({ rule, settings, stored: row, active: resolvePolicy(rule, settings) });
    } catch (error) {
      const issues = error instanceof ValidationError ? `: ${error.issues.join('; ')}` : '';
      problems.push(`policy ${row.id}: ${(error as Error).message}${issues}; it is not running`);
    }
  }
  return { listings, problems };
}

/** Validates a policy file and stores it (replacing one with the same id). Its state starts afresh. */
export async function addCustomPolicy(db: Db, text: string, fileName: string, now: number): Promise<PolicyRow> {
  const { policy, format } = parsePolicy(text, fileName);
  if (builtinRule(policy.id)) throw new ConfigError(`"${policy.id}" is a built-in policy id; choose another id`);
  const existing = await getPolicyRow(db, policy.id);
  const row = await savePolicy(db, { id: policy.id, kind: 'custom', enabled: existing?.enabled ?? policy.enabled, settings: existing?.settings ?? {}, source: text, sourceFormat: format, now });
  await clearPolicyState(db, policy.id);
  return row;
}

export async function removeCustomPolicy(db: Db, id: string): Promise<void> {
  const row = await getPolicyRow(db, id);
  if (!row) throw new NotFoundError(`No policy "${id}". List policies with \`parapet policy list\`.`);
  if (row.kind === 'builtin') throw new ConfigError(`${id} is built in: turn it off with \`parapet policy disable ${id}\` instead`);
  await deletePolicy(db, id);
  await clearPolicyState(db, id);
}

/**
 * Changes a policy's tuning (built-in or custom): the given fields replace the stored ones, scope lists
 * are replaced as a whole. Validated against the policy's own parameters before anything is stored.
 */
export async function tunePolicy(db: Db, id: string, change: PolicySettings, now: number): Promise<PolicyListing> {
  const { listings } = await loadPolicies(db);
  const listing = listings.find((l) => l.rule.id === id);
  if (!listing) throw new NotFoundError(`No policy "${id}". Built-in: ${BUILTIN_RULES.map((r) => r.id).join(', ')}.`);
  const merged = PolicySettingsSchema.parse({ ...listing.settings, ...change, params: { ...listing.settings.params, ...change.params }, scope: { ...listing.settings.scope, ...change.scope } });
  let active: ActivePolicy;
  try {
    active = resolvePolicy(listing.rule, merged);
  } catch (error) {
    const issues = 'issues' in (error as object) ? ((error as { issues: { path: PropertyKey[]; message: string }[] }).issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`) : [];
    throw new ValidationError(`Invalid parameters for ${id}`, issues.length ? issues : [(error as Error).message], { cause: error });
  }
  const { enabled: _enabled, ...rest } = merged;
  const row = await savePolicy(db, {
    id,
    kind: listing.rule.kind,
    enabled: active.enabled,
    settings: rest,
    source: listing.stored?.source ?? null,
    sourceFormat: listing.stored?.sourceFormat ?? null,
    now,
  });
  return { rule: listing.rule, active, settings: merged, stored: row };
}
