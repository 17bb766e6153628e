import { CAPABILITIES, type AnyConnector, type Capability } from './sdk/define-connector.js';
import { FIDELITY_FIELDS } from './sdk/fidelity.js';

/**
 * The parts of docs/ that come from the registry, rendered from the connectors themselves so they cannot
 * drift: the capability table (docs/connectors/README.md) and the per-provider field mapping
 * (docs/activity-schema.md §6). `node bin/run-ts.js src/connectors/write-docs.ts` writes them; a test
 * checks they are current.
 */

const CAPABILITY_TITLES: Record<Capability, string> = {
  accounts: 'Accounts',
  groups: 'Groups',
  privileges: 'Privileges',
  logOnActivity: 'Log-on activity',
  userActivity: 'User activity',
  adminActivity: 'Admin activity',
  userGovernance: 'User governance',
  viewAppPermissions: 'View app permissions',
  revokeAppPermissions: 'Revoke app permissions',
  sspm: 'Posture (SSPM)',
};

export function renderCapabilityTable(connectors: readonly AnyConnector[]): string {
  const header = ['Connector', 'id', ...CAPABILITIES.map((c) => CAPABILITY_TITLES[c]), 'Identity provider'];
  const rows = connectors.map((c) => [
    c.displayName,
    `\`${c.id}\``,
    ...CAPABILITIES.map((cap) => (c.capabilities.includes(cap) ? '✓' : '')),
    c.identityProvider ? '✓' : '',
  ]);
  return table(header, rows);
}

export function renderFieldMapping(connectors: readonly AnyConnector[]): string {
  const parts: string[] = [];
  for (const c of connectors) {
    parts.push(`### ${c.displayName} (\`${c.id}\`)`, '');
    if (!c.fieldSources?.length) {
      parts.push(`Not declared: add \`fieldSources\` to src/connectors/${c.id}/index.ts.`, '');
      continue;
    }
    const rows = c.fieldSources.map((s) => [s.shape, ...FIDELITY_FIELDS.map((f) => (s.fields[f].length ? s.fields[f].map((p) => `\`${p}\``).join(', ') : '—'))]);
    parts.push(table(['Record shape', 'user (`actor`)', 'ip (`srcIp`)', 'time', 'action', 'outcome', 'targets'], rows).trimEnd(), '');
    for (const s of c.fieldSources) if (s.notes) parts.push(`- *${s.shape}*: ${s.notes}`);
    if (c.fieldSources.some((s) => s.notes)) parts.push('');
  }
  return parts.join('\n').trimEnd() + '\n';
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n') + '\n';
}

const begin = (name: string) => `<!-- generated:${name} (src/connectors/docs.ts; node bin/run-ts.js src/connectors/write-docs.ts) -->`;
const end = (name: string) => `<!-- /generated:${name} -->`;

/** The generated block named `name` in a document, or null when the document has none. */
export function generatedBlock(text: string, name: string): string | null {
  const from = text.indexOf(begin(name));
  const to = text.indexOf(end(name));
  if (from < 0 || to < from) return null;
  return text.slice(from + begin(name).length, to).replace(/^\n/, '');
}

/** The document with its generated block `name` replaced by `body` (appended when it has none). */
export function withGeneratedBlock(text: string, name: string, body: string): string {
  const block = `${begin(name)}\n${body}${end(name)}`;
  const from = text.indexOf(begin(name));
  const to = text.indexOf(end(name));
  if (from < 0 || to < from) return `${text.trimEnd()}\n\n${block}\n`;
  return text.slice(0, from) + block + text.slice(to + end(name).length);
}

/** Each generated document: its path from the repository root, block name, and what the block must say. */
export function generatedDocs(connectors: readonly AnyConnector[]): { path: string; block: string; body: string }[] {
  return [
    { path: 'docs/connectors/README.md', block: 'capabilities', body: renderCapabilityTable(connectors) },
    { path: 'docs/activity-schema.md', block: 'field-sources', body: renderFieldMapping(connectors) },
  ];
}
