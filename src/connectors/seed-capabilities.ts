import { CAPABILITIES, type Capability } from './sdk/define-connector.js';

/**
 * The seed's capability table: Microsoft Defender for Cloud Apps' app-connector documentation, transcribed for
 * the apps Parapet connects (issues #13, #14: "at least the capabilities the seed's table gives each — and more").
 * Each cell is MDCA's text verbatim (whitespace collapsed; '' for an empty cell) from the tables "Users and
 * activities" and "User, app governance, and security configuration visibility". The "Information protection"
 * table (DLP scans, sharing control, file governance, labels) has no column in our vocabulary and is left out.
 * The version read is the newest stored one (commit below); the older version of 11/09/2021 (commit 0049558) has
 * no SSPM column and no DocuSign, Atlassian or Zoom rows, and marks Dropbox's governance cells "Coming soon".
 */
export const SEED_SOURCE = {
  title: 'Connect apps to get visibility and control with Microsoft Defender for Cloud Apps',
  repository: 'MicrosoftDocs/CloudAppSecurityDocs',
  path: 'CloudAppSecurityDocs/enable-instant-visibility-protection-and-governance-actions-for-your-apps.md',
  commit: '3a5e01ca8558dcc7db70544396e689a560e49a48',
  /** The page's own `ms.date` (MM/DD/YYYY 04/24/2023). */
  date: '2023-04-24',
} as const;

/** How a seed cell counts: `yes` ✔; `partial` ✔ with a condition (a licence, "Partial"); `preview`; `no` (empty, not supported, not applicable). */
export type SeedMark = 'yes' | 'partial' | 'preview' | 'no';

export interface SeedRow {
  /** The app's name in MDCA's table, or null when MDCA does not list the app (then every cell is ''). */
  mdcaName: string | null;
  /** MDCA's cell text per capability, verbatim. */
  cells: Record<Capability, string>;
  /** Why a row reads as it does (short or missing cells in MDCA's markdown). */
  note?: string;
}

const row = (mdcaName: string | null, values: readonly string[], note?: string): SeedRow => {
  if (values.length !== CAPABILITIES.length) throw new Error(`seed row ${mdcaName}: ${values.length} cells, expected ${CAPABILITIES.length}`);
  const cells = Object.fromEntries(CAPABILITIES.map((c, i) => [c, values[i] ?? ''])) as Record<Capability, string>;
  return note === undefined ? { mdcaName, cells } : { mdcaName, cells, note };
};

const Y = '✔';
const NSP = 'Not supported by provider';
const NA = 'Not applicable';

// Column order: accounts, groups, privileges, logOnActivity, userActivity, adminActivity | userGovernance,
// viewAppPermissions, revokeAppPermissions, sspm (CAPABILITIES in src/connectors/sdk/define-connector.ts).
export const SEED_CAPABILITIES: Readonly<Record<string, SeedRow>> = {
  docusign: row('DocuSign', [Y, '', '', Y, Y, Y, '', '', '', 'Preview']),
  microsoft365: row('Microsoft 365', [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y]),
  okta: row('Okta', [Y, '', NSP, Y, Y, Y, '', NA, NA, 'Preview']),
  'google-workspace': row('Google Workspace', [Y, Y, Y, Y, '✔ - requires Google Business or Enterprise', Y, Y, Y, Y, 'Preview']),
  github: row('GitHub', [Y, '', Y, '', Y, Y, '', Y, '', 'Preview']),
  slack: row('Slack', [Y, '', Y, Y, Y, Y, '', '', '', '']),
  salesforce: row('Salesforce', [Y, Y, Y, Y, 'Supported with Salesforce Shield', Y, Y, Y, Y, Y]),
  box: row('Box', [Y, Y, Y, Y, Y, Y, Y, NSP, '', '']),
  dropbox: row('Dropbox', [Y, Y, Y, Y, Y, Y, '', '', '', '']),
  zoom: row('Zoom', ['', '', '', '', '', '', '', '', '', 'Preview'], 'MDCA lists Zoom, but its "Users and activities" row has only empty cells'),
  atlassian: row('Atlassian', [Y, '', '', Y, Y, Y, '', '', '', '']),
  servicenow: row('Service Now', [Y, Y, Y, Y, 'Partial', 'Partial', '', '', '', Y]),
};

/**
 * Where we knowingly offer less than the seed: connector id → capability → why. Printed in the matrix; the
 * registry test fails for any other seed capability a connector does not declare.
 */
export const SEED_EXCEPTIONS: Readonly<Record<string, Partial<Record<Capability, string>>>> = {
  atlassian: {
    userActivity:
      "the organisation admin API's audit log (/admin/v1/orgs/{orgId}/events, digest §7) records admin and sign-in events only; what users do inside Jira or Confluence is in each product's own audit log, which this connector does not read",
  },
};

/** How MDCA's cell counts (see SeedMark). */
export function seedMark(text: string): SeedMark {
  const t = text.trim();
  if (t === Y) return 'yes';
  if (t === 'Preview') return 'preview';
  if (t === 'Partial' || t.startsWith(`${Y} -`) || t.startsWith('Supported with')) return 'partial';
  return 'no';
}

/** Whether the seed gives the app the capability (✔, ✔ with a condition, Partial, Preview). */
export function seedGives(text: string): boolean {
  return seedMark(text) !== 'no';
}

/** The seed's row for a connector: an all-empty row when MDCA does not list the app. */
export function seedRowFor(connectorId: string): SeedRow {
  return SEED_CAPABILITIES[connectorId] ?? row(null, CAPABILITIES.map(() => ''), 'MDCA does not list this app');
}

/** The capabilities the seed gives the app. */
export function seedCapabilities(connectorId: string): Capability[] {
  const seed = seedRowFor(connectorId);
  return CAPABILITIES.filter((c) => seedGives(seed.cells[c]));
}

/** One mark per seed cell, for tables: ✓ yes, ◐ partial (with a condition), P preview, · no. */
export function seedSymbol(text: string): string {
  return { yes: '✓', partial: '◐', preview: 'P', no: '·' }[seedMark(text)];
}

/** The seed's non-plain cells of a row, as `capability: MDCA text` (conditions, Partial, Preview, not supported). */
export function seedCellNotes(connectorId: string): string[] {
  const seed = seedRowFor(connectorId);
  return CAPABILITIES.filter((c) => seed.cells[c] !== '' && seed.cells[c] !== Y).map((c) => `${c}: ${seed.cells[c]}`);
}
