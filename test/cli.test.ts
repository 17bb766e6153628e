import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../src/connectors/registry.js';
import { DEMO_PROVIDERS } from '../src/demo/demo-config.js';
import { openStore } from '../src/store/db.js';
import { findCursor, getCursor } from '../src/store/repos/detection-cursor.js';
import { runParapet, type Run } from './helpers/run-parapet.js';
import { tempDir } from './helpers/temp-dir.js';

/** The connectors the demo workspace connects. */
const registered = connectors.filter((c) => DEMO_PROVIDERS.includes(c.id));


const parapet = (args: string[], options: { dataDir: string; stdin?: string; env?: Record<string, string> }): Promise<Run> => runParapet(args, options);

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

  it('demo --once stores the policy state detection held in memory before it exits: the next start has nothing to rebuild', async () => {
    const store = await openStore({ dataDir: dir.path });
    try {
      const cursor = await getCursor(store.db, 'detection');
      expect(cursor).toBeGreaterThan(1000);
      expect(await findCursor(store.db, 'detection:state')).toBe(cursor);
    } finally {
      await store.close();
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

  it('the demo shows both governance paths in `parapet actions`: an automatic notify and suspensions awaiting approval; the CLI rejects, cancels, dry-runs and exports the log as JSON lines', async () => {
    type Row = { id: string; kind: string; status: string; requestedBy: string; decidedBy: string | null; approverRoles: string[]; targetLabel: string; result: string | null };
    const list = async (...args: string[]) => {
      const run = await parapet(['actions', ...args, '--json'], { dataDir: dir.path });
      expect([run.code, run.stderr]).toEqual([0, '']);
      return JSON.parse(run.stdout) as Row[];
    };
    const all = await list();
    const notified = all.filter((a) => a.kind === 'notify-user');
    expect(notified.length).toBeGreaterThan(0);
    for (const a of notified) expect(a).toMatchObject({ status: 'succeeded', requestedBy: 'policy:detection.impossible-travel', decidedBy: 'automatic (detection.impossible-travel rule)', result: expect.stringMatching(/^Delivered to the outbox for /) });
    const pending = await list('--status', 'pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((a) => a.status === 'pending' && a.requestedBy === 'policy:detection.mail-forwarding' && a.decidedBy === null && a.approverRoles.join() === 'admin')).toBe(true);
    expect(pending.map((a) => a.kind)).toContain('suspend-user');
    expect(pending.map((a) => a.id).sort()).toEqual(all.filter((a) => a.status === 'pending').map((a) => a.id).sort());

    const badStatus = await parapet(['actions', '--status', 'done'], { dataDir: dir.path });
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/--status done is not one of pending, approved/);

    const person = notified[0]!.targetLabel;
    const dryRun = await parapet(['action', 'request', 'notify-user', '--person', person, '--dry-run', '--json'], { dataDir: dir.path, env: { PARAPET_MAIL_OUTBOX: '1' } });
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({ kind: 'notify-user', target: person, blocked: null, steps: [{ kind: 'notify-user', calls: [], note: `Would e-mail ${person}.` }] });
    expect((await list()).length, 'a dry run records nothing').toBe(all.length);

    const [first, second] = pending;
    const rejected = await parapet(['action', 'reject', first!.id, '--as', 'ada', '--note', 'a known archive address', '--json'], { dataDir: dir.path });
    expect(JSON.parse(rejected.stdout)).toMatchObject({ id: first!.id, status: 'rejected', decidedBy: 'ada', result: 'a known archive address' });
    const again = await parapet(['action', 'approve', first!.id, '--as', 'bo'], { dataDir: dir.path });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(`Action ${first!.id} is rejected, not waiting for approval.`);
    const cancelled = await parapet(['action', 'cancel', second!.id, '--json'], { dataDir: dir.path });
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ id: second!.id, status: 'cancelled' });

    const shown = JSON.parse((await parapet(['action', 'show', first!.id, '--json'], { dataDir: dir.path })).stdout) as { log: { event: string; actor: string }[] };
    expect(shown.log.map((e) => [e.event, e.actor])).toEqual([['requested', 'policy:detection.mail-forwarding'], ['rejected', 'ada']]);
    const log = await parapet(['actions', '--log', '--jsonl'], { dataDir: dir.path });
    const entries = log.stdout.trim().split('\n').map((line) => JSON.parse(line) as { actionId: string; event: string });
    expect(entries.filter((e) => e.actionId === second!.id).map((e) => e.event)).toEqual(['requested', 'cancelled']);
    expect(entries.filter((e) => e.actionId === notified[0]!.id).map((e) => e.event)).toEqual(['requested', 'approved', 'attempt', 'succeeded']);
  });

  it('`parapet action protect` and `action rule set` change what governance does: a protected person is refused, a rule makes notify wait for an analyst', async () => {
    const run = (args: string[]) => parapet(args, { dataDir: dir.path, env: { PARAPET_MAIL_OUTBOX: '1' } });
    const people = JSON.parse((await run(['identities', '--json'])).stdout) as { primaryEmail: string | null; accounts: { isAdmin: boolean | null; status: string }[] }[];
    const person = people.find((p) => p.primaryEmail && p.accounts.length >= 2 && p.accounts.every((a) => a.isAdmin === false && a.status === 'active'))!.primaryEmail!;

    expect((await run(['action', 'protect', person.toUpperCase(), '--reason', 'break-glass account', '--as', 'ada'])).stdout).toBe(`${person} is protected: no governance action will touch it.\n`);
    expect(JSON.parse((await run(['action', 'protected', '--json'])).stdout)).toEqual([{ match: person, reason: 'break-glass account', addedBy: 'ada', addedAt: expect.any(Number) }]);
    const refused = JSON.parse((await run(['action', 'request', 'suspend-user', '--person', person, '--json'])).stdout) as { status: string; result: string };
    expect(refused).toMatchObject({ status: 'blocked', result: expect.stringContaining(`is protected (${person}: break-glass account); no action may touch it`) });
    expect((await run(['action', 'unprotect', person])).code).toBe(0);
    expect((await run(['action', 'unprotect', person])).stderr).toContain(`"${person}" is not on the protected list`);
    expect(JSON.parse((await run(['action', 'request', 'suspend-user', '--person', person, '--json'])).stdout)).toMatchObject({ status: 'pending', approverRoles: ['admin'] });

    const set = await run(['action', 'rule', 'set', 'manual', 'notify-user', '--mode', 'approval', '--approvers', 'analyst', '--expires-hours', '2', '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ policy: 'manual', kind: 'notify-user', stored: { mode: 'approval', approverRoles: ['analyst'], expiresHours: 2 }, effective: { mode: 'approval', approverRoles: ['analyst'], expiresHours: 2, allowSelfApproval: false, maxPerHour: 50 } });
    const waits = JSON.parse((await run(['action', 'request', 'notify-user', '--person', person, '--json'])).stdout) as { status: string; approverRoles: string[]; createdAt: number; expiresAt: number };
    expect([waits.status, waits.approverRoles, Math.round((waits.expiresAt - waits.createdAt) / 60_000)]).toEqual(['pending', ['analyst'], 120]);
    expect(JSON.parse((await run(['action', 'rule', 'list', '--json'])).stdout)).toContainEqual({ policyId: 'manual', kind: 'notify-user', settings: { mode: 'approval', approverRoles: ['analyst'], expiresHours: 2 } });

    const unknownPolicy = await run(['action', 'rule', 'set', 'detection.nope', 'suspend-user', '--mode', 'automatic']);
    expect([unknownPolicy.code === 0, unknownPolicy.stderr]).toEqual([false, expect.stringContaining('No policy "detection.nope"')]);
    const badLimit = await run(['action', 'rule', 'set', 'detection.mail-forwarding', 'suspend-user', '--max-per-hour', '-1']);
    expect([badLimit.code === 0, badLimit.stderr]).toEqual([false, expect.stringMatching(/rule for detection\.mail-forwarding \/ suspend-user is not valid: maxPerHour: /)]);
    const nothing = await run(['action', 'rule', 'set', 'manual', 'suspend-user']);
    expect([nothing.code, nothing.stderr]).toEqual([2, expect.stringContaining('set at least one field')]);
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
