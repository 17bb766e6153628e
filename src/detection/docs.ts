import { HOUR } from '../core/clock.js';
import { benignVerdictWords } from './benign-verdict.js';
import { attackUrl, DEFAULT_DEDUP_WINDOW_MS, SENSITIVITIES, type Rule } from './rule.js';

const show = (v: unknown): string => (Array.isArray(v) ? v.map((x) => `\`${String(x)}\``).join(', ') || '—' : `\`${JSON.stringify(v)}\``);

/**
 * The reference page of a policy, generated from the policy itself (metadata, parameters per
 * sensitivity, thresholds, scope, examples): docs/policies/<id>.md. A test keeps the files current.
 */
export function renderPolicyDoc(rule: Rule<unknown, unknown>): string {
  const d = rule.defaults;
  const lines: string[] = [];
  lines.push(`# ${rule.title} (\`${rule.id}\`)`, '', rule.description, '');
  const learning = d.learningDays === 0
    ? 'none by default (0 days): the policy needs no baseline'
    : `${d.learningDays} days of ${d.learningBasis === 'org' ? "the organisation's" : "the user's own"} history; ${d.learningGate === false ? 'the policy learns its baseline meanwhile and raises nothing from it' : 'no alert while it is being learned'}`;
  const scope = Object.entries(d.scope ?? {}).filter(([, v]) => Array.isArray(v) && v.length);
  const dedup = (d.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS) / HOUR;
  lines.push(
    '| | |',
    '|---|---|',
    `| Severity | ${rule.severity} (an alert may state its own severity, see the explanation below) |`,
    `| Reads | ${rule.actions ? rule.actions.map((a) => `\`${a}\``).join(', ') : 'every activity'} |`,
    `| Learning period | ${learning}; tune with \`parapet policy tune ${rule.id} --learning-days <n>\` |`,
    `| Default scope | ${scope.length ? scope.map(([k, v]) => `${k} ${show(v)}`).join('; ') : 'everyone, everywhere'}${rule.usesLocation ? '; as every location policy, never addresses in your ranges tagged `corporate` or `vpn`' : ''} |`,
    `| Deduplication | one open alert per subject × policy while findings stay within ${dedup} hours of it; later activities join it as evidence; after the alert is resolved or dismissed, a new finding raises a new alert linked to it |`,
    `| Benign verdict | ${benignVerdictWords(rule)} |`,
    `| Enabled by default | ${d.enabled ? 'yes' : 'no'} |`,
    ...(rule.attack?.length ? [`| MITRE ATT&CK | ${rule.attack.map((t) => `[${t.id}](${attackUrl(t.id)}) ${t.name}`).join('; ')} |`] : []),
    '',
  );
  const params = rule.params.medium as Record<string, unknown>;
  const names = Object.keys(params ?? {});
  if (names.length) {
    lines.push('## Sensitivity', '', `Set with \`parapet policy tune ${rule.id} --sensitivity low|medium|high\`; one parameter with \`--param name=value\`.`, '');
    lines.push('| Parameter | Meaning | low | medium | high |', '|---|---|---|---|---|');
    const docs = (rule.paramDocs ?? {}) as Record<string, string>;
    for (const name of names) {
      const cells = SENSITIVITIES.map((s) => show((rule.params[s] as Record<string, unknown>)[name]));
      lines.push(`| \`${name}\` | ${docs[name] ?? ''} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  if (rule.thresholds) {
    const specs = rule.thresholds(rule.params.medium);
    lines.push('## Thresholds (counted by the engine, medium sensitivity)', '');
    for (const [variant, spec] of Object.entries(specs)) {
      lines.push(`- \`${variant}\`: ${spec.count} ${spec.distinct ? `distinct ${spec.distinct}s` : 'activities'} per ${spec.groupBy} within ${spec.windowMs / 60_000} minutes`);
    }
    lines.push('');
  }
  lines.push('## Runbook', '', rule.runbook || '—', '');
  if (rule.examples.length) {
    lines.push(`## Examples (run by \`parapet policy test ${rule.id}\`)`, '');
    for (const e of rule.examples) lines.push(`- ${e.name} (${e.expect.alerts === 0 ? 'no alert' : `${e.expect.alerts} alert${e.expect.alerts > 1 ? 's' : ''}`})`);
    lines.push('');
  }
  if (rule.reference) lines.push(`Reference: ${rule.reference}`, '');
  return lines.join('\n');
}
