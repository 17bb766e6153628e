import type { Activity } from '../core/activity.js';
import type { Alert } from '../core/alert.js';
import { manualClock } from '../core/clock.js';
import { ValidationError } from '../core/errors.js';
import { buildActivity } from './activity-builder.js';
import { connectorRuns } from './connector-runs.js';
import { MemoryDetectionStore } from './detection-store.js';
import { loadNetworkList, type NetworkList } from './enrichment/anonymizer-list.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';
import { DetectionEngine } from './engine.js';
import { resolvePolicy, type Rule, type RuleExample } from './rule.js';

export interface ExampleOutcome {
  example: RuleExample;
  alerts: Alert[];
  /** Empty when the example passed; otherwise what differed, in words. */
  failures: string[];
}

/** How the example's activities reach the engine: consecutive activities of one connector per page, or each alone. */
export type ExamplePaging = 'by-connector' | 'one-per-page';

/**
 * Runs one example through the real engine (memory state, no city/ASN database: examples carry the geo
 * and ASN a provider would) and compares the alerts with what the example expects. Built-in policies'
 * tests and `parapet policy test` both call this.
 */
export async function runExample(rule: Rule<unknown, unknown>, example: RuleExample, networks: NetworkList = loadNetworkList(), paging: ExamplePaging = 'by-connector'): Promise<ExampleOutcome> {
  let activities: Activity[];
  try {
    activities = example.activities.map((input) => buildActivity(input));
  } catch (error) {
    const issues = error instanceof ValidationError ? error.issues : [];
    return { example, alerts: [], failures: [`an activity of the example is invalid: ${(error as Error).message}${issues.length ? ` (${issues.join('; ')})` : ''}`] };
  }
  // Activities are processed in the order written (a later page may hold earlier activities, as from a
  // second connector); the engine sorts within each page.
  const last = Math.max(0, ...activities.map((a) => a.time));
  const now = typeof example.now === 'string' ? Date.parse(example.now) : (example.now ?? last);
  const directory = example.directory ?? {};
  const store = new MemoryDetectionStore((ref) => {
    const facts = ref.email ? directory[ref.email.toLowerCase()] : undefined;
    return facts ? { accountStatus: null, identityStatus: null, identityId: null, identityProviderInstanceId: null, ...facts, groups: [...(facts.groups ?? [])], organisationDomains: [...(facts.organisationDomains ?? [])], mailContacts: [...(facts.mailContacts ?? [])] } : null;
  });
  const enricher = new Enricher({ geo: null, asn: null, networks, intel: IntelIndex.build(example.intel?.ranges ?? [], example.intel?.indicators ?? []) });
  const policy = resolvePolicy(rule, { ...example.settings, enabled: true });
  const engine = new DetectionEngine({ store, enricher, policies: [policy], clock: manualClock(now) });
  if (paging === 'one-per-page') for (const a of activities) await engine.processPage(a.connectorInstanceId, [a]);
  // Consecutive activities of one connector form a page, as a sync would commit them.
  else for (const { instance, from, to } of connectorRuns(activities, (a) => a.connectorInstanceId)) await engine.processPage(instance, activities.slice(from, to));
  const alerts = store.list();
  return { example, alerts, failures: compare(example, alerts) };
}

function compare(example: RuleExample, alerts: readonly Alert[]): string[] {
  const failures: string[] = [];
  const want = example.expect;
  const summary = alerts.map((a) => `${a.subject.key}: ${a.explanation}`).join(' | ');
  if (alerts.length !== want.alerts) failures.push(`expected ${want.alerts} alert(s), got ${alerts.length}${alerts.length ? ` (${summary})` : ''}`);
  if (want.severity) {
    for (const a of alerts) if (a.severity !== want.severity) failures.push(`expected severity ${want.severity}, alert for ${a.subject.key} has ${a.severity}`);
  }
  if (want.subjects) {
    const got = alerts.map((a) => a.subject.key);
    if (JSON.stringify(got) !== JSON.stringify(want.subjects.map((s) => s.toLowerCase()))) failures.push(`expected subjects ${want.subjects.join(', ')}, got ${got.join(', ') || 'none'}`);
  }
  want.activityIds?.forEach((ids, i) => {
    const alert = alerts[i];
    const missing = ids.filter((id) => !alert?.activityIds.includes(id));
    if (missing.length) failures.push(`alert ${i + 1} should hold activities ${missing.join(', ')} as evidence; it holds ${alert?.activityIds.join(', ') ?? 'nothing'}`);
  });
  if (want.explanationContains) {
    for (const a of alerts) if (!a.explanation.includes(want.explanationContains)) failures.push(`explanation "${a.explanation}" does not contain "${want.explanationContains}"`);
  }
  return failures;
}

/** Runs every example of a policy. */
export async function runExamples(rule: Rule<unknown, unknown>): Promise<ExampleOutcome[]> {
  const networks = loadNetworkList();
  const out: ExampleOutcome[] = [];
  for (const example of rule.examples) out.push(await runExample(rule, example, networks));
  return out;
}
