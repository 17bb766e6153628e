import { afterAll, describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/registry.js';
import { SEED_EXCEPTIONS } from '../../connectors/seed-capabilities.js';
import { runParapet } from '../../../test/helpers/run-parapet.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';

/** `parapet connectors --available` (real process): ours and the seed's capabilities per provider. */
describe('parapet connectors --available', () => {
  const dir = tempDir('parapet-available-');
  afterAll(() => dir.cleanup());

  it('prints one row per provider with ours / MDCA per capability, the legend, the source and every exception', async () => {
    const run = await runParapet(['connectors', '--available'], { dataDir: dir.path });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]?.split(/\s{2,}/)).toEqual(['PROVIDER', 'NAME', 'ACCOUNTS', 'GROUPS', 'PRIVS', 'LOGON', 'USERACT', 'ADMINACT', 'USERGOV', 'VIEWAPPS', 'REVOKEAPPS', 'SSPM']);
    expect(lines.slice(1, 1 + connectors.length).map((l) => l.split(/\s+/)[0])).toEqual(connectors.map((c) => c.id));
    // Okta: privileges "Not supported by provider" and app permissions "Not applicable" in MDCA, ours all; SSPM a preview there.
    expect(lines.find((l) => l.startsWith('okta '))?.split(/\s{2,}/).slice(2)).toEqual(['✓ / ✓', '✓ / ·', '✓ / ·', '✓ / ✓', '✓ / ✓', '✓ / ✓', '✓ / ·', '✓ / ·', '✓ / ·', '✓ / P']);
    // ServiceNow: MDCA's "Partial" user and admin activity.
    expect(lines.find((l) => l.startsWith('servicenow '))?.split(/\s{2,}/).slice(6, 8)).toEqual(['✓ / ◐', '✓ / ◐']);
    expect(run.stdout).toContain('Each cell: ours / the seed');
    expect(run.stdout).toContain('MicrosoftDocs/CloudAppSecurityDocs');
    for (const [id, caps] of Object.entries(SEED_EXCEPTIONS)) for (const [cap, why] of Object.entries(caps)) expect(run.stdout).toContain(`${id} ${cap}: ${why}`);
  }, 60_000);

  it('--json gives ours, MDCA\'s capabilities and cells verbatim, and the exceptions', async () => {
    const run = await runParapet(['connectors', '--available', '--json'], { dataDir: dir.path });
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as { provider: string; capabilities: string[]; mdca: { listedAs: string | null; capabilities: string[]; cells: Record<string, string> }; exceptions: Record<string, string> }[];
    expect(rows.map((r) => r.provider)).toEqual(connectors.map((c) => c.id));
    const sf = rows.find((r) => r.provider === 'salesforce');
    expect(sf?.mdca.cells.userActivity).toBe('Supported with Salesforce Shield');
    expect(sf?.mdca.listedAs).toBe('Salesforce');
    const atlassian = rows.find((r) => r.provider === 'atlassian');
    expect(atlassian?.mdca.capabilities).toEqual(['accounts', 'logOnActivity', 'userActivity', 'adminActivity']);
    expect(Object.keys(atlassian?.exceptions ?? {})).toEqual(['userActivity']);
    expect(atlassian?.capabilities).not.toContain('userActivity');
  }, 60_000);
});
