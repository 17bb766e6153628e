import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../src/connectors/registry.js';
import { DEMO_PROVIDERS } from '../src/demo/demo-config.js';
import { runParapet, type Run } from './helpers/run-parapet.js';
import { tempDir } from './helpers/temp-dir.js';

/** The connectors the demo workspace connects. */
const registered = connectors.filter((c) => DEMO_PROVIDERS.includes(c.id));


const parapet = (args: string[], options: { dataDir: string; stdin?: string }): Promise<Run> => runParapet(args, options);

describe('parapet CLI (end to end, real processes)', () => {
  const dir = tempDir('parapet-cli-');
  let demo: Run;
  beforeAll(async () => {
    demo = await parapet(['demo', '--once', '--json'], { dataDir: dir.path });
  }, 180_000);
  afterAll(() => dir.cleanup());

  it('demo --once --json connects every demo app with its accounts and activities', () => {
    expect(demo.stderr).not.toMatch(/PRIVATE KEY|client_secret/);
    expect(demo.code).toBe(0);
    const summary = JSON.parse(demo.stdout) as { connectors: { name: string; provider: string; status: string; accounts: number; activities: number }[] };
    expect(summary.connectors.map((c) => c.provider).sort()).toEqual(registered.map((c) => c.id).sort());
    for (const provider of registered.map((c) => c.id)) {
      const connector = summary.connectors.find((c) => c.provider === provider);
      expect(connector).toMatchObject({ name: `demo-${provider}`, status: 'connected' });
      expect(connector?.accounts).toBeGreaterThan(10);
      expect(connector?.activities).toBeGreaterThan(100);
    }
  });

  it('demo --once shows a posture score per app with passing and failing checks, and the drift alerts of its scenario', () => {
    const { posture } = JSON.parse(demo.stdout) as { posture: { apps: { provider: string; score: number; passed: number; failed: number }[]; driftAlerts: { check: string }[] } };
    expect(posture.apps.map((a) => a.provider).sort()).toEqual(registered.filter((c) => (c.postureChecks ?? []).length > 0).map((c) => c.id).sort());
    // The two apps whose demo tenants ship weak settings show both sides; every app has a score.
    for (const app of posture.apps.filter((a) => ['docusign', 'microsoft365'].includes(a.provider))) expect(app.passed > 0 && app.failed > 0 && app.score > 0 && app.score < 100, JSON.stringify(app)).toBe(true);
    for (const app of posture.apps) expect(app.passed + app.failed, JSON.stringify(app)).toBeGreaterThan(0);
    expect(posture.driftAlerts.map((d) => d.check).sort()).toEqual(['DS-ADM-2', 'DS-SESS-1', 'DS-SESS-2', 'M365-09', 'M365-12']);
  });

  it('links the same people across the demo apps into one identity, held by an identity provider', async () => {
    const run = await parapet(['identities', '--json'], { dataDir: dir.path });
    expect(run.code).toBe(0);
    const identities = JSON.parse(run.stdout) as { primaryEmail: string; idpInstanceId: string | null; accounts: { connectorInstanceId: string }[] }[];
    const linked = identities.filter((i) => new Set(i.accounts.map((a) => a.connectorInstanceId)).size >= 2);
    expect(linked.length).toBeGreaterThanOrEqual(30);
    expect(linked.every((i) => i.idpInstanceId !== null)).toBe(true);
  });

  it('every other command sees the synced data', async () => {
    const connectors = await parapet(['connectors', '--json'], { dataDir: dir.path });
    expect(connectors.code).toBe(0);
    expect(connectors.stdout).not.toMatch(/PRIVATE KEY|privateKey/);
    expect(JSON.parse(connectors.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'demo-docusign', status: 'connected' }), expect.objectContaining({ name: 'demo-microsoft365', status: 'connected' })]),
    );
    // Completeness per stream (issue 9 item 9): every stream of every connection, with the activity stream's numbers.
    const rows = JSON.parse(connectors.stdout) as { provider: string; streams: { stream: string; kind: string; newestEventAt: number | null; usualEventsPerDay: number | null; lateArrivals: number; duplicatesAbsorbed: number; pagesRetried: number; alerts: { kind: string }[] }[] }[];
    for (const row of rows) {
      const connector = registered.find((c) => c.id === row.provider)!;
      expect(row.streams.map((s) => s.stream).sort(), row.provider).toEqual(Object.keys(connector.streams).sort());
      for (const stream of row.streams.filter((s) => s.kind === 'incremental')) {
        expect(stream.newestEventAt, `${row.provider} ${stream.stream}`).not.toBeNull();
        expect(stream.usualEventsPerDay ?? 0, `${row.provider} ${stream.stream}`).toBeGreaterThan(0);
        expect([stream.lateArrivals, stream.duplicatesAbsorbed, stream.pagesRetried].every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
        // Just synced: nothing is behind.
        expect(stream.alerts.filter((a) => a.kind === 'behind'), `${row.provider} ${stream.stream}`).toEqual([]);
      }
    }
    const table = await parapet(['connectors'], { dataDir: dir.path });
    expect(table.stdout).toMatch(/Streams \(completeness\):\n.*newestEvent.*lag.*lastDay.*usualPerDay.*late.*duplicates.*retried.*alerts/i);

    const activities = await parapet(['activities', '--jsonl', '--limit', '5', '--since', '30d'], { dataDir: dir.path });
    expect(activities.code).toBe(0);
    const lines = activities.stdout.trim().split('\n').map((l) => JSON.parse(l) as { provider: string; action: string; time: number });
    expect(lines).toHaveLength(5);
    expect(lines.every((l) => registered.some((c) => c.id === l.provider))).toBe(true);
    expect(lines.map((l) => l.time)).toEqual([...lines.map((l) => l.time)].sort((a, b) => b - a));

    const failed = await parapet(['activities', '--jsonl', '--action', 'user.login_failed', '--since', '30d', '--limit', '1000'], { dataDir: dir.path });
    const failedLines = failed.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { action: string; actor: { email: string | null } });
    expect(failedLines.length).toBeGreaterThan(0);
    expect(failedLines.every((a) => a.action === 'user.login_failed')).toBe(true);
    expect(failedLines.some((a) => a.actor.email?.includes('@'))).toBe(true);

    const accounts = await parapet(['accounts', '--json'], { dataDir: dir.path });
    const accountList = JSON.parse(accounts.stdout) as { connector: string; email: string; status: string; identityId: string | null }[];
    expect(accountList.length).toBeGreaterThan(10);
    // DocuSign users all have verified e-mails; some Microsoft 365 principals (pending guests) do not link.
    expect(accountList.filter((a) => a.connector === 'demo-docusign').every((a) => a.identityId)).toBe(true);
  });

  it('normalize turns raw Monitor records into activities and reports bad lines with their number', async () => {
    const good = {
      timestamp: '2023-03-03T09:10:06.0512813Z',
      eventId: 'a8010d32-b9f5-4948-9195-50c867d7c3a5',
      accountId: '8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7',
      organizationId: '7f46f1ee-828e-41d4-9d85-755fa1814fd4',
      userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
      ipAddress: '162.248.186.11',
      ipAddressLocation: { latitude: 47.6, longitude: -122.33, country: 'united states', state: 'washington', city: 'seattle' },
      object: 'Account',
      action: 'UserAdded',
      result: '',
      referencedUserId: '2020ac66-26b5-4367-aff3-f33bd9a007b7',
      data: { PermissionProfileId: '14414475' },
    };
    const input = [JSON.stringify(good), '{"eventId": "x", truncated', '', '[1,2]', JSON.stringify({ ...good, eventId: 'second' })].join('\n');
    const run = await parapet(['normalize', '--provider', 'docusign'], { dataDir: dir.path, stdin: input });
    expect(run.code).toBe(3); // partial: two bad lines skipped
    const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { sourceId: string; action: string; time: number; geo: { country: string } });
    expect(out.map((a) => a.sourceId)).toEqual(['a8010d32-b9f5-4948-9195-50c867d7c3a5', 'second']);
    expect(out[0]).toMatchObject({ action: 'user.created', time: 1677834606051, geo: { country: 'US' } });
    expect(run.stderr).toMatch(/line 2: not valid JSON/);
    expect(run.stderr).toMatch(/line 4: expected one JSON object per line/);
    expect(run.stderr).toMatch(/normalized 2 record\(s\), skipped 2 bad line\(s\)/);
  });

  it('wrong input gets a message that says what to fix', async () => {
    const keyFile = join(dir.path, 'key.pem');
    writeFileSync(keyFile, '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n');
    const notDocusign = await parapet(
      ['connect', 'docusign', '--name', 'x', '--user-id', '4799e5e9-1559-4915-9862-cf4713bbcacc', '--integration-key', '4799e5e9-1559-4915-9862-cf4713bbcacc', '--private-key-file', keyFile, '--account-base-uri', 'https://evil.example.com'],
      { dataDir: dir.path },
    );
    expect(notDocusign.code).toBe(2);
    expect(notDocusign.stderr).toMatch(/--account-base-uri: evil\.example\.com is not a DocuSign host/);
    expect(notDocusign.stderr).not.toContain('MIIB');

    const unknownFlag = await parapet(['connect', 'docusign', '--user', 'x'], { dataDir: dir.path });
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/has no setting --user\. Its settings: .*--user-id/);

    const badSince = await parapet(['activities', '--since', 'yesterday-ish'], { dataDir: dir.path });
    expect(badSince.code).toBe(2);
    expect(badSince.stderr).toMatch(/--since "yesterday-ish" is not a duration/);

    const unknownConnector = await parapet(['sync', 'nope'], { dataDir: dir.path });
    expect(unknownConnector.code).toBe(2);
    expect(unknownConnector.stderr).toMatch(/No connector named "nope"\. Connected: demo-docusign, demo-github, demo-google-workspace, demo-microsoft365, demo-okta, demo-slack\./);
  });
});
