import type { AnyConnector } from '../connectors/sdk/define-connector.js';
import { SEVERITY_WEIGHTS } from './score.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * docs/posture.md, generated from the connector registry (every check's metadata) and the score weights, so
 * the page cannot drift from the code: a test compares the file with this output.
 * Regenerate with `npm run docs:posture`.
 */
export function renderPostureDocs(connectors: readonly AnyConnector[]): string {
  const lines: string[] = [
    '# Posture (SSPM)',
    '',
    '<!-- Generated from the connector registry by src/posture/posture-docs.ts; a test keeps it current. -->',
    '',
    'Parapet evaluates each connected app\'s security settings against the checks below after every settings sync',
    '(`parapet sync`, `parapet serve`, `parapet demo`), or on demand with `parapet posture --evaluate`.',
    '',
    '## Findings',
    '',
    'Each check gives one finding per connection: **pass**, **fail**, **not applicable** (the feature is absent or',
    'its settings were not collected) or **error** (the settings were read but could not be judged: a value of an',
    'unexpected type, an endpoint that failed, a scope not granted — the evidence says what to fix). A finding carries',
    'the evidence read, the expected value and, for numeric settings, the value observed. Doubt is never a pass.',
    '',
    'When a settings endpoint keeps failing after the retries (a 5xx, a timeout; a refused scope is read as "not',
    'evaluated — grant these scopes" instead), the settings of that sync are not current: every check of the',
    'connection becomes an **error** finding naming the failed call and the fix, also on a first sync, so an old pass',
    'is never shown as current. The history keeps the last values read.',
    '',
    'A few baseline items cannot be read through the APIs a connector uses (e.g. Exchange Online settings only',
    'Exchange PowerShell reads, DNS records): they are listed below marked *not evaluated* with the reason, and every',
    'run reports them as not applicable ("Not evaluated: …"), so the gap is visible and never scored as a pass.',
    '',
    '## Score',
    '',
    '`score = 100 × Σ weight(passing checks) ÷ Σ weight(passing + failing checks)`, rounded to one decimal, per',
    'connection, per app and overall. Not-applicable and error findings are left out (and listed). Weights by severity:',
    '',
    '| Severity | Weight |',
    '|---|---|',
    ...Object.entries(SEVERITY_WEIGHTS).map(([s, w]) => `| ${s} | ${w} |`),
    '',
    'Fixing a failing check raises the score by `100 × weight ÷ Σ weight(judged checks)`: `parapet posture` lists',
    'failing checks by that gain. A failing check under an active exception (accepted risk) is left out of both sums',
    'and counted apart; `scoreWithoutExceptions` counts it as a failure.',
    '',
    '## History, drift and exceptions',
    '',
    '- Every change of a finding (status, observed value or evidence) is kept: `parapet posture history <check>`.',
    '- **Drift** raises an alert (`posture.drift`, the check\'s severity) when a passing check fails (`regressed`) or a',
    '  failing numeric setting gets worse (`worsened`), at the sync that sees it. After error findings the new value is',
    '  compared with the last one read, so a setting weakened while its endpoint failed still alerts.',
    '- **Exceptions** (`parapet posture exception add --connector --check --owner --reason --expires`) accept the risk of',
    '  one check on one connection until a date (at most a year). The accepted value is still watched: a worse value',
    '  raises `posture.drift` (`beyond-exception`); when the exception expires while the check still fails,',
    '  `posture.exception-expired` is raised once.',
    '',
    '## Exports',
    '',
    '`parapet posture --format sarif` (SARIF 2.1.0, for CI), `--format ocsf` (OCSF 1.1 Compliance Finding, class 2003),',
    '`--format html` (a one-page printable report); `--output <file>` writes it to a file.',
    '',
  ];
  for (const connector of connectors) {
    const checks = connector.postureChecks ?? [];
    if (checks.length === 0) continue;
    lines.push(`## ${connector.displayName} (${checks.length} checks)`, '');
    lines.push('| Check | Severity | Passes when | Baseline |', '|---|---|---|---|');
    for (const c of checks) lines.push(`| [${c.id}](#${c.id.toLowerCase()}) ${cell(c.title)} | ${c.severity} | ${cell(c.expected ?? '—')}${c.notEvaluable ? ' (not evaluated)' : ''} | ${cell(c.reference ?? '—')} |`);
    lines.push('');
    for (const c of checks) {
      lines.push(`### ${c.id}`, '', `**${c.title}** — ${c.severity}${c.requires?.length ? `; needs ${c.requires.map((s) => `\`${s}\``).join(', ')}` : ''}`, '');
      lines.push(`*Why:* ${c.rationale}`, '', `*Fix:* ${c.remediation}`, '', `*Baseline:* ${c.reference ?? '—'}`, '');
      if (c.notEvaluable) lines.push(`*Not evaluated:* ${c.notEvaluable.replace(/\.$/, '')}. Every run reports it as not applicable with this reason; it is not scored.`, '');
    }
  }
  return lines.join('\n');
}
