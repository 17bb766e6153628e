import type { PostureScore } from '../score.js';
import type { PostureReport } from '../posture-report.js';

function esc(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pct = (s: PostureScore) => (s.score === null ? '—' : `${s.score}`);

function scoreRow(name: string, s: PostureScore): string {
  return `<tr><td>${esc(name)}</td><td class="num"><b>${pct(s)}</b></td><td class="num">${s.passed}</td><td class="num">${s.failed}</td><td class="num">${s.excepted}</td><td class="num">${s.errors}</td><td class="num">${s.notApplicable}</td></tr>`;
}

/** A self-contained, one-page printable HTML report: scores, the failing checks by gain with their fix, exceptions. */
export function toHtml(report: PostureReport): string {
  const failing = report.findings.filter((f) => f.status === 'fail' && !f.exception);
  // Errors, and baseline items the connector cannot read (reported not applicable with the reason): both are gaps to show.
  const errors = report.findings.filter((f) => f.status === 'error' || (f.status === 'not_applicable' && f.notEvaluable !== null));
  const excepted = report.findings.filter((f) => f.status === 'fail' && f.exception);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parapet posture report ${day(report.generatedAt)}</title>
<style>
@page { size: A4; margin: 12mm; }
body { font: 10pt/1.35 system-ui, sans-serif; color: #111; max-width: 190mm; margin: auto; }
h1 { font-size: 16pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 5mm 0 1mm; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 1mm 1.5mm; border-bottom: 1px solid #ddd; vertical-align: top; }
.num { text-align: right; } .sev { text-transform: uppercase; font-size: 8pt; } .muted { color: #555; font-size: 8.5pt; }
.big { font-size: 28pt; font-weight: 700; } tr { break-inside: avoid; }
</style></head><body>
<h1>Security posture</h1>
<p class="muted">Generated ${esc(new Date(report.generatedAt).toISOString().replace('T', ' ').slice(0, 16))} UTC by Parapet. Score = 100 × weight of passing checks ÷ weight of judged checks (low 1, medium 3, high 7, critical 10); accepted risks are counted apart.</p>
<p><span class="big">${pct(report.overall)}</span> / 100 overall${report.overall.scoreWithoutExceptions !== report.overall.score ? ` <span class="muted">(${report.overall.scoreWithoutExceptions ?? '—'} counting accepted risks as failures)</span>` : ''}</p>
<table><thead><tr><th>App / connection</th><th class="num">Score</th><th class="num">Pass</th><th class="num">Fail</th><th class="num">Accepted</th><th class="num">Error</th><th class="num">N/A</th></tr></thead><tbody>
${report.apps.map((a) => scoreRow(a.appName, a.score)).join('\n')}
${report.instances.length > report.apps.length ? report.instances.map((i) => scoreRow(`  ${i.appName} · ${i.name}`, i.score)).join('\n') : ''}
</tbody></table>
<h2>Fix first (${failing.length} failing, by score gain)</h2>
<table><thead><tr><th>Check</th><th>Finding</th><th>Remediation</th><th class="num">+pts</th></tr></thead><tbody>
${failing.map((f) => `<tr><td><b>${esc(f.checkId)}</b> <span class="sev">${esc(f.severity)}</span><br>${esc(f.title)}<br><span class="muted">${esc(f.instanceName)}${f.reference ? ` · ${esc(f.reference)}` : ''}</span></td><td>${esc(f.evidence)}${f.expected ? `<br><span class="muted">Expected: ${esc(f.expected)}</span>` : ''}</td><td>${esc(f.remediation)}</td><td class="num">${f.gain}</td></tr>`).join('\n') || '<tr><td colspan="4">Nothing fails.</td></tr>'}
</tbody></table>
${errors.length ? `<h2>Not evaluated (${errors.length})</h2><table><tbody>${errors.map((f) => `<tr><td><b>${esc(f.checkId)}</b> ${esc(f.title)}<br><span class="muted">${esc(f.instanceName)}</span></td><td>${esc(f.evidence)}</td></tr>`).join('\n')}</tbody></table>` : ''}
<h2>Accepted risks (${excepted.length})</h2>
<table><tbody>${excepted.map((f) => `<tr><td><b>${esc(f.checkId)}</b> ${esc(f.title)}<br><span class="muted">${esc(f.instanceName)}</span></td><td>${esc(f.exception?.reason)}<br><span class="muted">Owner ${esc(f.exception?.owner)}, until ${day(f.exception?.expiresAt ?? 0)}</span></td></tr>`).join('\n') || '<tr><td>None.</td></tr>'}</tbody></table>
</body></html>
`;
}
