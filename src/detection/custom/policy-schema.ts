import { RE2JS } from 're2js';
import { z } from 'zod';
import { GovernanceActionSchema, SeveritySchema } from '../../core/alert.js';
import { RangeTagSchema } from '../rule.js';

/** `30s`, `10m`, `2h`, `7d` → milliseconds. */
export const DurationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(s|m|h|d)$/, 'a duration like 30s, 10m, 2h or 7d')
  .transform((text) => {
    const unit = text.trim().slice(-1) as 's' | 'm' | 'h' | 'd';
    return Number.parseFloat(text) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
  });

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const TimeText = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a time like 08:30 or 20:00');
const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** `field` plus exactly one operator. */
export const FieldConditionSchema = z
  .object({
    field: z.string().min(1),
    equals: Scalar.optional(),
    notEquals: Scalar.optional(),
    in: z.array(Scalar).min(1).optional(),
    notIn: z.array(Scalar).min(1).optional(),
    contains: z.string().optional(),
    startsWith: z.string().optional(),
    endsWith: z.string().optional(),
    regex: z.string().optional(),
    cidr: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    exists: z.boolean().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    /** String comparisons ignore case unless this is true. @default false */
    caseSensitive: z.boolean().optional(),
  })
  .strict();

export const FIELD_OPERATORS = ['equals', 'notEquals', 'in', 'notIn', 'contains', 'startsWith', 'endsWith', 'regex', 'cidr', 'exists', 'gt', 'gte', 'lt', 'lte'] as const;

export const TimeOfDaySchema = z
  .object({
    /** Local time the window starts; a window may wrap midnight (20:00 → 06:00). */
    from: TimeText,
    to: TimeText,
    /** IANA zone. @default UTC */
    timezone: z.string().default('UTC'),
    /** Only on these days (local). @default every day */
    days: z.array(Weekday).optional(),
  })
  .strict();

export type Condition =
  | z.infer<typeof FieldConditionSchema>
  | { country: string[] }
  | { notCountry: string[] }
  | { timeOfDay: z.infer<typeof TimeOfDaySchema> }
  | { any: Condition[] }
  | { all: Condition[] }
  | { not: Condition };

const IsoCountries = z.array(z.string().regex(/^[A-Za-z]{2}$/, 'an ISO-3166 alpha-2 country code like US or NG')).min(1);

const FORMS = 'a condition is `field` with one operator (equals, in, contains, regex, cidr, ...), or one of `country`, `notCountry`, `timeOfDay`, `any`, `all`, `not`';

/**
 * Conditions are checked by their shape rather than by a plain union, so an error names the form the
 * author meant (a `field` condition with two operators, an unknown key) instead of "invalid input".
 */
export const ConditionSchema: z.ZodType<Condition> = z.unknown().superRefine((value, ctx) => checkCondition(value, [], ctx)) as z.ZodType<Condition>;

function checkCondition(value: unknown, path: (string | number)[], ctx: z.RefinementCtx): void {
  const issue = (message: string, at: (string | number)[] = path) => ctx.addIssue({ code: 'custom', message, path: at });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return issue(`expected a condition object: ${FORMS}`);
  const record = value as Record<string, unknown>;
  const forward = (result: z.ZodSafeParseResult<unknown>) => {
    if (!result.success) for (const i of result.error.issues) issue(i.message, [...path, ...(i.path as (string | number)[])]);
  };
  if ('field' in record) {
    forward(FieldConditionSchema.safeParse(record));
    const ops = FIELD_OPERATORS.filter((op) => record[op] !== undefined);
    if (ops.length !== 1) issue(ops.length === 0 ? `\`field: ${String(record.field)}\` needs one operator: ${FIELD_OPERATORS.join(', ')}` : `use one operator per condition, not ${ops.join(' and ')} (put several conditions in the list instead)`);
    if (typeof record.regex === 'string') {
      try {
        RE2JS.compile(record.regex);
      } catch (error) {
        issue(
          `regex is not a valid RE2 regular expression (${(error as Error).message}); policies run regexes in linear time, so look-around ((?=…), (?!…), (?<=…)) and back-references (\\1) are not supported: rewrite it with several conditions instead`,
          [...path, 'regex'],
        );
      }
    }
    return;
  }
  const keys = Object.keys(record);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) return issue(`a condition has exactly one of field, country, notCountry, timeOfDay, any, all, not; got ${keys.join(', ') || 'nothing'}`);
  const inner = record[key];
  switch (key) {
    case 'country':
    case 'notCountry':
      return forward(z.object({ [key]: IsoCountries }).safeParse(record));
    case 'timeOfDay': {
      const parsed = TimeOfDaySchema.safeParse(inner);
      if (!parsed.success) {
        for (const i of parsed.error.issues) issue(i.message, [...path, key, ...(i.path as (string | number)[])]);
        return;
      }
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: parsed.data.timezone });
      } catch {
        issue(`"${parsed.data.timezone}" is not a time zone; use an IANA name like Europe/Berlin or America/New_York`, [...path, key, 'timezone']);
      }
      return;
    }
    case 'any':
    case 'all':
      if (!Array.isArray(inner) || inner.length === 0) return issue(`\`${key}\` takes a non-empty list of conditions`, [...path, key]);
      inner.forEach((c, i) => checkCondition(c, [...path, key, i], ctx));
      return;
    case 'not':
      return checkCondition(inner, [...path, key], ctx);
    default:
      return issue(`unknown condition "${key}": ${FORMS}`, [...path, key]);
  }
}

export const ThresholdSchema = z
  .object({
    count: z.number().int().min(2),
    within: DurationSchema,
    /** What is counted separately. @default user */
    per: z.enum(['user', 'ip', 'app']).default('user'),
    /** Count distinct values of this instead of activities. */
    distinct: z.enum(['user', 'ip', 'app']).optional(),
  })
  .strict();

const ExpectSchema = z
  .object({
    alerts: z.number().int().min(0),
    severity: SeveritySchema.optional(),
    subjects: z.array(z.string()).optional(),
    activityIds: z.array(z.array(z.string())).optional(),
    explanationContains: z.string().optional(),
  })
  .strict();

const TestCaseSchema = z
  .object({
    name: z.string().min(1),
    /** Partial activities: unspecified fields take a connector's empty values (see docs/policies/custom.md). */
    activities: z.array(z.record(z.string(), z.unknown())).min(1),
    now: z.union([z.number(), z.string()]).optional(),
    intel: z
      .object({
        ranges: z.array(z.object({ cidr: z.string(), tag: RangeTagSchema, label: z.string().nullable().default(null) }).strict()).optional(),
        indicators: z.array(z.object({ feed: z.string(), value: z.string(), kind: z.enum(['tor', 'threat', 'anonymizer']) }).strict()).optional(),
      })
      .strict()
      .optional(),
    expect: ExpectSchema,
  })
  .strict();

/** A custom activity policy file (YAML or JSON). docs/policies/custom.md describes every field. */
export const CustomPolicySchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/, 'a dotted lower-case id like custom.after-hours-admin')
      .refine((id) => !id.startsWith('detection.'), 'ids starting with "detection." are reserved for built-in policies'),
    title: z.string().min(1),
    description: z.string().default(''),
    severity: SeveritySchema.default('medium'),
    enabled: z.boolean().default(true),
    /** Every condition must hold. */
    where: z.array(ConditionSchema).min(1),
    threshold: ThresholdSchema.optional(),
    /** Days of a user's history before the policy alerts about them. @default 0 */
    learningDays: z.number().min(0).max(180).default(0),
    /** Later matches within this long join the open alert. @default 24h */
    dedupWindow: DurationSchema.optional(),
    scope: z
      .object({
        includeUsers: z.array(z.string()).optional(),
        excludeUsers: z.array(z.string()).optional(),
        includeGroups: z.array(z.string()).optional(),
        excludeGroups: z.array(z.string()).optional(),
        includeIpTags: z.array(RangeTagSchema).optional(),
        excludeIpTags: z.array(RangeTagSchema).optional(),
      })
      .strict()
      .optional(),
    /** Governance actions to request with each alert. */
    actions: z.array(GovernanceActionSchema).default([]),
    /** The sentence for each alert; `{user}`, `{action}`, `{app}`, `{ip}`, `{country}`, `{time}`, `{count}` are filled in. */
    explanation: z.string().optional(),
    runbook: z.string().default(''),
    tests: z.array(TestCaseSchema).default([]),
  })
  .strict();

export type CustomPolicy = z.infer<typeof CustomPolicySchema>;
