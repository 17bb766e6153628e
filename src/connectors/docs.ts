import { CAPABILITIES, type AnyConnector, type Capability } from './sdk/define-connector.js';
import { FIDELITY_FIELDS } from './sdk/fidelity.js';
import { SEED_EXCEPTIONS, SEED_SOURCE, seedCellNotes, seedRowFor, seedSymbol } from './seed-capabilities.js';

/**
 * The parts of docs/ that come from the registry, rendered from the connectors themselves so they cannot
 * drift: the capability table (docs/connectors/README.md) and the per-provider field mapping
 * (docs/activity-schema.md §6). `node bin/run-ts.js src/connectors/write-docs.ts` writes them; a test
 * checks they are current.
 */

export const CAPABILITY_TITLES: Record<Capability, string> = {
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

/** Ours and the seed's (MDCA's) mark for one capability of one connector: `✓ / ◐`. */
export function capabilityCell(c: Pick<AnyConnector, 'id' | 'capabilities'>, cap: Capability): string {
  return `${c.capabilities.includes(cap) ? '✓' : '·'} / ${seedSymbol(seedRowFor(c.id).cells[cap])}`;
}

export const CAPABILITY_LEGEND =
  'Each cell: ours / the seed\'s (Microsoft Defender for Cloud Apps). ✓ supported; ◐ MDCA supports it with a condition (a licence, "Partial"); P MDCA preview; `·` not offered.';

export function renderCapabilityTable(connectors: readonly AnyConnector[]): string {
  const header = ['Connector', 'id', ...CAPABILITIES.map((c) => CAPABILITY_TITLES[c]), 'Identity provider'];
  const rows = connectors.map((c) => [c.displayName, `\`${c.id}\``, ...CAPABILITIES.map((cap) => capabilityCell(c, cap)), c.identityProvider ? '✓' : '']);
  const parts = [
    CAPABILITY_LEGEND,
    '',
    `The seed's table: [${SEED_SOURCE.path}](https://github.com/${SEED_SOURCE.repository}/blob/${SEED_SOURCE.commit}/${SEED_SOURCE.path}) (${SEED_SOURCE.repository}, ms.date ${SEED_SOURCE.date}), transcribed in src/connectors/seed-capabilities.ts.`,
    '',
    table(header, rows).trimEnd(),
    '',
    "MDCA's conditions and notes:",
    '',
  ];
  for (const c of connectors) {
    const seed = seedRowFor(c.id);
    const notes = [...seedCellNotes(c.id), ...(seed.note ? [seed.note] : [])];
    if (seed.mdcaName === null) notes.unshift('not listed by MDCA');
    if (notes.length) parts.push(`- ${c.displayName}: ${notes.join('; ')}`);
  }
  parts.push('', "Where we offer less than the seed (each reason is in src/connectors/seed-capabilities.ts SEED_EXCEPTIONS):", '');
  const exceptions = connectors.flatMap((c) => Object.entries(SEED_EXCEPTIONS[c.id] ?? {}).map(([cap, why]) => `- ${c.displayName}, ${CAPABILITY_TITLES[cap as Capability]}: ${why}`));
  parts.push(...(exceptions.length ? exceptions : ['- none']));
  return parts.join('\n') + '\n';
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
