import { afterAll, describe, expect, it } from 'vitest';
import { corpus as docusignCorpus } from '../src/connectors/docusign/fidelity/corpus.js';
import { corpus } from '../src/connectors/microsoft365/fidelity/corpus.js';
import { runParapet } from './helpers/run-parapet.js';
import { tempDir } from './helpers/temp-dir.js';

const record = (shape: string): unknown => {
  const found = corpus.find((c) => c.shape === shape);
  if (!found) throw new Error(`no corpus case "${shape}"`);
  return found.record;
};

describe('parapet normalize --report (issue #11 item 5)', () => {
  const dir = tempDir('parapet-normalize-report-');
  afterAll(() => dir.cleanup());

  it('prints, after the activities, per field how many records carried it and how many activities got it', async () => {
    const input = [
      record('Graph signIn'), // user, ip, time, errorCode; no targets
      record('UAL RecordType 6 OneDrive FileDeleted (no ResultStatus)'), // no ResultStatus: outcome derived
      record('UAL RecordType 8 directory change (Add User.)'), // no client IP
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const run = await runParapet(['normalize', '--provider', 'microsoft365', '--report'], { dataDir: dir.path, stdin: input });
    expect(run.code).toBe(0);
    // stdout stays JSON lines: three activities, nothing else.
    const activities = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string });
    expect(activities.map((a) => a.action)).toEqual(['user.login_failed', 'file.deleted', 'user.created']);
    const table = run.stderr.slice(run.stderr.indexOf('fields per record'));
    const rows = Object.fromEntries(
      table
        .split('\n')
        .map((l) => /^(\w+)\s+(\d+)\s+(\d+)$/.exec(l.trim()))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], [Number(m[2]), Number(m[3])]]),
    );
    expect(rows).toEqual({
      user: [3, 3],
      ip: [2, 2],
      time: [3, 3],
      action: [3, 3],
      outcome: [2, 3],
      targets: [2, 2],
    });
    expect(table).toMatch(/of 3 record\(s\)/);
  });

  it('reads an API response page saved whole (`curl … > page.json`, pretty-printed) as its records, one activity each', async () => {
    const entries = [
      { id: 'a1', date_create: 1764547200, action: 'user_login', actor: { type: 'user', user: { id: 'W1', name: 'ann', email: 'ann@acme.example' } }, entity: { type: 'user', user: { id: 'W1', name: 'ann', email: 'ann@acme.example' } }, context: { location: { type: 'enterprise', id: 'E1' }, ua: 'Mozilla/5.0', ip_address: '198.51.100.7' } },
      { id: 'a2', date_create: 1764547260, action: 'user_login_failed', actor: { type: 'user', user: { id: 'W2', name: 'bo', email: 'bo@acme.example' } }, entity: { type: 'user', user: { id: 'W2', name: 'bo', email: 'bo@acme.example' } }, context: { location: { type: 'enterprise', id: 'E1' }, ua: 'Mozilla/5.0', ip_address: '198.51.100.8' } },
    ];
    const page = { entries, response_metadata: { next_cursor: 'dXNlcjpVMEc5V0ZYTlo=' } };
    const run = await runParapet(['normalize', '--provider', 'slack'], { dataDir: dir.path, stdin: JSON.stringify(page, null, 2) });
    expect(run.code).toBe(0);
    const activities = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; sourceId: string; actor: { email: string | null } });
    expect(activities.map((a) => [a.sourceId, a.action, a.actor.email])).toEqual([
      ['a1', 'user.login', 'ann@acme.example'],
      ['a2', 'user.login_failed', 'bo@acme.example'],
    ]);
  });

  it('reads an export as one JSON array (a Log Analytics query result) as well as JSON lines', async () => {
    const rows = corpus.filter((c) => c.shape.startsWith('Log Analytics')).map((c) => c.record);
    expect(rows.length).toBe(4);
    const run = await runParapet(['normalize', '--provider', 'microsoft365', '--report'], { dataDir: dir.path, stdin: JSON.stringify(rows, null, 2) });
    expect(run.code).toBe(0);
    const activities = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: { email: string | null }; srcIp: string | null });
    expect(activities.map((a) => [a.action, a.actor.email, a.srcIp])).toEqual([
      ['user.login_failed', 'testaccount1@contoso.com', '131.107.159.37'],
      ['user.login', 'timothy.perkins@contoso.com', '198.51.100.23'],
      ['user.login', 'testaccount1@contoso.com', '2001:db8:77::9'],
      ['admin.role_assigned', 'admin@contoso.com', '203.0.113.7'],
    ]);
    expect(run.stderr).toMatch(/^ip\s+4\s+4$/m);
  });

  it('reads DocuSign Connect legacy XML messages, several concatenated, and names a document it cannot read', async () => {
    const xml = docusignCorpus.filter((c) => typeof c.record === 'string').map((c) => c.record as string);
    expect(xml.length).toBe(4);
    const run = await runParapet(['normalize', '--provider', 'docusign', '--report'], { dataDir: dir.path, stdin: [...xml, '<?xml version="1.0"?><DocuSignEnvelopeInformation><EnvelopeStatus>'].join('\n') });
    expect(run.code).toBe(3); // partial: the truncated document was skipped
    expect(run.stderr).toMatch(/document 5: not well-formed XML; skipped/);
    const activities = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { eventType: string; actor: { email: string | null }; srcIp: string | null; time: number });
    expect(activities.map((a) => [a.eventType, a.actor.email, a.srcIp, new Date(a.time).toISOString()])).toEqual([
      ['connect/envelope-sent', 'max.admin@example.net', '203.0.113.41', '2024-01-15T17:12:31.465Z'],
      ['connect/recipient-completed', 'bo@example.org', '192.0.2.88', '2024-06-10T07:34:41.210Z'],
      ['connect/recipient-declined', 'ada@example.org', '2001:db8::5', '2024-01-15T18:01:12.000Z'],
      ['connect/envelope-voided', 'max.admin@example.net', '203.0.113.41', '2024-01-16T16:00:01.500Z'],
    ]);
    // The report reads the XML too: every document carried a user, an IP and a time.
    expect(run.stderr).toMatch(/^user\s+4\s+4$/m);
    expect(run.stderr).toMatch(/^ip\s+4\s+4$/m);
    expect(run.stderr).toMatch(/^time\s+4\s+4$/m);
  });

  it('without --report prints no table', async () => {
    const run = await runParapet(['normalize', '--provider', 'docusign'], { dataDir: dir.path, stdin: JSON.stringify(record('Graph signIn')) });
    expect(run.stderr).not.toMatch(/fields per record/);
  });
});
