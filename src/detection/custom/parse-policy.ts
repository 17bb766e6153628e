import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ACTIONS, type Action } from '../../core/activity.js';
import { ValidationError } from '../../core/errors.js';
import { buildActivity, type ActivityInput } from '../activity-builder.js';
import { DEFAULT_DEDUP_WINDOW_MS, defineRule, type Finding, type Rule, type RuleExample, type Scope } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { compileCondition, describeCondition, pinnedActions, type Predicate } from './conditions.js';
import { isKnownField, suggestField } from './fields.js';
import { TimeBudget, type TimeBudgetOptions } from './time-budget.js';
import { CustomPolicySchema, type Condition, type CustomPolicy } from './policy-schema.js';

export interface ParsedPolicy {
  policy: CustomPolicy;
  rule: Rule<unknown, unknown>;
  format: 'yaml' | 'json';
}

type Path = (string | number)[];

/**
 * Reads a custom policy file (YAML, or JSON, which is YAML too) and validates it. Every problem is
 * reported with its line and column and what to write instead; nothing is half-loaded.
 */
export function parsePolicy(text: string, fileName = 'policy', budget: TimeBudgetOptions = {}): ParsedPolicy {
  const format: 'yaml' | 'json' = /\.json$/i.test(fileName) || /^\s*\{/.test(text) ? 'json' : 'yaml';
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined) => {
    if (offset === undefined) return `${fileName}`;
    const pos = lines.linePos(offset);
    return `${fileName}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length) {
    throw new ValidationError(
      `${fileName} is not valid ${format === 'json' ? 'JSON' : 'YAML'}`,
      doc.errors.map((e) => `${where(e.pos[0])}: ${e.message.split('\n')[0]}`),
    );
  }
  const data: unknown = doc.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ValidationError(`${fileName} must hold one policy: a mapping with id, title and where`, [`${where(0)}: found ${Array.isArray(data) ? 'a list' : typeof data}`]);
  }
  const parsed = CustomPolicySchema.safeParse(data);
  const issues: string[] = [];
  const at = (path: Path) => where(offsetOf(doc, path));
  // Field names and actions are checked on the raw conditions too, so one run reports every problem.
  const raw = (data as { where?: unknown }).where;
  if (Array.isArray(raw)) checkFields(raw, ['where'], (path, message) => issues.push(`${at(path)}: ${path.join('.')}: ${message}`));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path as Path;
      const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
      const target = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...path, issue.keys[0]] : path;
      issues.push(`${at(target)}: ${path.length ? `${path.join('.')}: ` : ''}${message}`);
    }
    throw new ValidationError(`${fileName} is not a valid policy`, sortByLine(dedupe(issues)));
  }
  const policy = parsed.data;
  policy.tests.forEach((test, t) =>
    test.activities.forEach((input, i) => {
      try {
        buildActivity(input as ActivityInput);
      } catch (error) {
        const detail = error instanceof ValidationError && error.issues.length ? `: ${error.issues.join('; ')}` : '';
        issues.push(`${at(['tests', t, 'activities', i])}: tests.${t}.activities.${i}: ${(error as Error).message}${detail}`);
      }
    }),
  );
  if (issues.length) throw new ValidationError(`${fileName} is not a valid policy`, sortByLine(dedupe(issues)));
  return { policy, rule: toRule(policy, budget), format };
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

/** Issues in file order (`file:line:col: ...`). */
function sortByLine(items: string[]): string[] {
  const key = (s: string) => {
    const m = /:(\d+):(\d+): /.exec(s);
    return m ? Number(m[1]) * 10_000 + Number(m[2]) : Number.MAX_SAFE_INTEGER;
  };
  return [...items].sort((a, b) => key(a) - key(b));
}

/** The source offset of the node at `path`, or of the nearest ancestor that exists. */
function offsetOf(doc: Document, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return node.range[0];
    // A key whose value is a scalar: getIn returns the value; the key's pair is in the parent map.
    if (n > 0) {
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
        const key = pair?.key as { range?: [number, number, number] } | undefined;
        if (key?.range) return key.range[0];
      }
      if (isSeq(parent)) {
        const item = parent.items[Number(path[n - 1])] as { range?: [number, number, number] } | undefined;
        if (item?.range) return item.range[0];
      }
    }
  }
  return undefined;
}

/** Field names must exist in the Activity (or be `raw.*` / `intel.*` / `user`); actions must be real ones. */
function checkFields(conditions: readonly unknown[], path: Path, report: (path: Path, message: string) => void): void {
  conditions.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return; // the schema reports it
    const c = item as Record<string, unknown> & Partial<Extract<Condition, { field: string }>>;
    const here = [...path, i];
    if (Array.isArray(c.any)) return checkFields(c.any, [...here, 'any'], report);
    if (Array.isArray(c.all)) return checkFields(c.all, [...here, 'all'], report);
    if (c.not !== undefined) return checkFields([c.not], [...here, 'not'], report);
    if (typeof c.field !== 'string') return;
    if (!isKnownField(c.field)) {
      const near = suggestField(c.field);
      report([...here, 'field'], `unknown field "${c.field}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (any Activity field, raw.<provider field>, intel.<...> or user)`);
    }
    if (c.field === 'action') {
      const list = (v: unknown) => (Array.isArray(v) ? v : []);
      const values = [c.equals, c.notEquals, ...list(c.in), ...list(c.notIn)].filter((v) => v !== undefined);
      for (const v of values) {
        if (typeof v !== 'string' || !(ACTIONS as readonly string[]).includes(v)) report([...here], `"${String(v)}" is not a normalised action (ACTIVITY-SCHEMA §3): e.g. ${ACTIONS.slice(0, 5).join(', ')}, ...`);
      }
    }
  });
}

/** A validated policy as a Rule: the same shape, engine and test runner as the built-in policies. */
export function toRule(policy: CustomPolicy, budgetOptions: TimeBudgetOptions = {}): Rule<unknown, unknown> {
  const predicates: Predicate[] = policy.where.map(compileCondition);
  const budget = new TimeBudget(budgetOptions);
  const words = policy.where.map(describeCondition).join(' and ');
  const pinned = pinnedActions(policy.where);
  const threshold = policy.threshold;
  const explain = (values: Record<string, string>) =>
    (policy.explanation ?? '').replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  const examples: RuleExample[] = policy.tests.map((t) => ({
    name: t.name,
    activities: t.activities as ActivityInput[],
    ...(t.now !== undefined ? { now: t.now } : {}),
    ...(t.intel ? { intel: { ranges: t.intel.ranges ?? [], indicators: t.intel.indicators ?? [] } } : {}),
    expect: stripUndefined(t.expect) as RuleExample['expect'],
  }));
  return defineRule<never, Record<string, never>>({
    id: policy.id,
    kind: 'custom',
    title: policy.title,
    description: policy.description || `Activities where ${words}.`,
    severity: policy.severity,
    runbook: policy.runbook,
    reference: null,
    actions: pinned ? (pinned as Action[]) : null,
    params: { low: {}, medium: {}, high: {} },
    defaults: {
      enabled: policy.enabled,
      learningDays: policy.learningDays,
      scope: stripUndefined(policy.scope ?? {}) as Partial<Scope>,
      dedupWindowMs: policy.dedupWindow ?? DEFAULT_DEDUP_WINDOW_MS,
      actions: policy.actions,
    },
    ...(threshold
      ? {
          thresholds: () => ({
            match: {
              count: threshold.count,
              windowMs: threshold.within,
              groupBy: threshold.per,
              ...(threshold.distinct ? { distinct: threshold.distinct } : {}),
              explain: (f) =>
                policy.explanation
                  ? explain({ user: f.group, count: String(f.count), window: `${Math.round(threshold.within / 60_000)} minutes` })
                  : `${f.count} ${threshold.distinct ? `different ${threshold.distinct}s` : 'activities'} by ${threshold.per} ${f.group} within ${Math.round(threshold.within / 60_000)} minutes matched "${policy.title}" (${words}); the policy alerts at ${threshold.count}.`,
            },
          }),
        }
      : {}),
    evaluate(e) {
      if (!budget.run(() => predicates.every((p) => p(e)), false)) return {};
      const a = e.activity;
      const finding: Finding = threshold
        ? { variant: 'match' }
        : {
            explanation: policy.explanation
              ? explain({ user: actorLabel(a), action: a.action, app: a.app, ip: e.intel.ip ?? 'no address', country: a.geo.country ?? 'an unknown country', time: new Date(a.time).toISOString(), count: '1' })
              : `${actorLabel(a)} did ${a.action} in ${a.app}${e.intel.ip ? ` from ${e.intel.ip}` : ''}${a.geo.country ? ` (${a.geo.country})` : ''}, which matches "${policy.title}": ${words}.`,
          };
      return { findings: [finding] };
    },
    examples,
    disabledReason: () => budget.disabledReason,
  }) as unknown as Rule<unknown, unknown>;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
