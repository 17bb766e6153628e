import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices, type AppServices } from '../src/app/services.js';
import { MINUTE, manualClock } from '../src/core/clock.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { RateLimitGovernor } from '../src/connectors/sdk/rate-limit-governor.js';
import { EXTERNAL_FORWARD_ADDRESS, microsoft365Simulator, type RunningM365Simulator } from '../src/connectors/microsoft365/simulator/index.js';
import { seedDemoGovernance } from '../src/demo/governance-policies.js';
import { mailOutboxDir } from '../src/app/services.js';
import { listOutbox } from '../src/governance/notify/outbox.js';
import { listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { createTestDatabase, describeDialects, type TestDatabase } from './helpers/dialects.js';
import { tempDir } from './helpers/temp-dir.js';

/**
 * End to end over the Microsoft 365 simulator, through the composition root the CLI and server share: an
 * injected forwarding-rule attack raises an alert, the demo's policy asks to suspend the person, an admin
 * approves, the simulator's user is disabled, the log holds every step, and undo enables the user again.
 */
describeDialects('governance end to end', (dialect) => {
  const dir = tempDir('parapet-governance-e2e-');
  let database: TestDatabase;
  let services: AppServices;
  let sim: RunningM365Simulator;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const env = { PARAPET_DATA_DIR: dir.path, PARAPET_MAIL_OUTBOX: '1', ...(database.databaseUrl ? { PARAPET_DATABASE_URL: database.databaseUrl } : {}) };
    const clock = manualClock(CONFORMANCE_NOW + MINUTE);
    services = createServices({ env, logger: pino({ level: 'silent' }), clock });
    // The sync paces its requests by this clock: a wait moves it on instead of sleeping while it stands still.
    services.useGovernors((_instanceId, policy) => new RateLimitGovernor(policy, clock, async (ms) => clock.advance(ms)));
    sim = await microsoft365Simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios: ['inbox-forwarding-rule'] });
    const store = await services.store();
    await seedDemoGovernance(store.db, services.clock.now());
    await createInstance(store.db, store.secrets, { name: 'm365', provider: 'microsoft365', config: sim.config, now: services.clock.now() });
  }, 60_000);

  afterAll(async () => {
    await sim.close();
    await services.close();
    await database.drop();
    dir.cleanup();
  });

  it('alert -> policy requests suspension -> approved -> user disabled -> logged -> undone', async () => {
    const summary = await (await services.sync()).syncInstance('m365');
    expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
    const store = await services.store();
    const attacked = sim.scenarios().find((f) => f.id === 'inbox-forwarding-rule')?.user;
    expect(attacked).toBeTruthy();
    const alerts = await listAlerts(store.db, { policyId: 'detection.mail-forwarding' });
    expect(alerts.map((a) => a.subject.email)).toEqual([attacked]);
    expect(alerts[0]?.requestedActions).toEqual(['suspend-user', 'remove-forwarding-rules']);

    const governance = await services.governance();
    const requested = await governance.list({ kind: 'suspend-user' });
    expect(requested).toHaveLength(1);
    const [request] = requested;
    expect(request).toMatchObject({ status: 'pending', policyId: 'detection.mail-forwarding', alertId: alerts[0]?.id, requestedBy: 'policy:detection.mail-forwarding', route: 'idp', approverRoles: ['admin'] });
    const user = sim.tenant().users.find((u) => u.id === request!.providerTargetId)!;
    expect(user.userPrincipalName.toLowerCase()).toBe(attacked);
    expect(user.accountEnabled).toBe(true);

    await expect(governance.approve(request!.id, { name: 'ana', role: 'analyst' })).rejects.toThrow(/only admin may approve/);
    const done = await governance.approve(request!.id, { name: 'ada', role: 'admin' });
    expect(done).toMatchObject({ status: 'succeeded', verified: true, decidedBy: 'ada' });
    expect(sim.tenant().users.find((u) => u.id === user.id)?.accountEnabled).toBe(false);

    const undo = await governance.undo(request!.id, { name: 'ada', role: 'admin' });
    expect(undo.status).toBe('succeeded');
    expect(sim.tenant().users.find((u) => u.id === user.id)?.accountEnabled).toBe(true);

    const log = await governance.log_({});
    expect(log.filter((e) => e.actionId === request!.id).map((e) => [e.event, e.actor])).toEqual([
      ['requested', 'policy:detection.mail-forwarding'],
      ['approval-refused', 'ana'],
      ['approved', 'ada'],
      ['attempt', 'parapet'],
      ['succeeded', 'parapet'],
      ['verified', 'parapet'],
      ['undo-requested', 'ada'],
      ['undone', 'ada'],
    ]);
    expect(log.filter((e) => e.actionId === undo.id).map((e) => e.event)).toEqual(['requested', 'attempt', 'succeeded', 'verified']);
  }, 240_000);

  it('the same alert asks to remove the forwarding rule: approved, the rule is gone from the mailbox, the log keeps it, undo says why not', async () => {
    const governance = await services.governance();
    const [request] = await governance.list({ kind: 'remove-forwarding-rules' });
    expect(request).toMatchObject({ status: 'pending', policyId: 'detection.mail-forwarding', approverRoles: ['admin'] });
    const mailbox = request!.providerTargetId!;
    expect(sim.messageRules(mailbox).filter((r) => r.actions.forwardTo?.length).map((r) => r.actions.forwardTo?.[0]?.emailAddress.address)).toEqual([EXTERNAL_FORWARD_ADDRESS]);

    const done = await governance.approve(request!.id, { name: 'ada', role: 'admin' });
    expect(done).toMatchObject({ status: 'succeeded', verified: true });
    expect(sim.messageRules(mailbox).filter((r) => r.actions.forwardTo?.length || r.actions.redirectTo?.length || r.actions.forwardAsAttachmentTo?.length)).toEqual([]);
    const succeeded = (await governance.log_({})).find((e) => e.actionId === request!.id && e.event === 'succeeded');
    expect((succeeded?.data.evidence as { removedRules: { displayName: string }[] }).removedRules.map((r) => r.displayName)).toEqual(['.']);
    await expect(governance.undo(request!.id, { name: 'ada', role: 'admin' })).rejects.toThrow(/cannot be undone.*evidence/);
  }, 60_000);

  it('contain-person revokes sessions, suspends, revokes the app consents and removes forwarding rules, one log entry per step', async () => {
    const governance = await services.governance();
    const attacked = sim.scenarios().find((f) => f.id === 'inbox-forwarding-rule')!.user!;
    const contained = await governance.request({ kind: 'contain-person', target: { ref: attacked }, via: 'cli', reason: 'mailbox taken over' }, { name: 'sam', role: 'analyst' });
    expect(contained.status).toBe('pending');
    const done = await governance.approve(contained.id, { name: 'ada', role: 'admin' });
    const steps = await governance.list({ parentId: contained.id });
    expect(steps.map((s) => [s.step, s.kind, s.status]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 'revoke-sessions', 'succeeded'],
      [2, 'suspend-user', 'succeeded'],
      [3, 'revoke-oauth-grants', 'succeeded'],
      [4, 'remove-forwarding-rules', 'succeeded'],
    ]);
    expect(done.status).toBe('succeeded');
    const user = sim.tenant().users.find((u) => u.userPrincipalName.toLowerCase() === attacked)!;
    expect(user.accountEnabled).toBe(false);
    // One undo reverses the suspension only; the rest says plainly it stays.
    const undone = await governance.undo(contained.id, { name: 'ada', role: 'admin' });
    expect(undone.status).toBe('undone');
    expect(sim.tenant().users.find((u) => u.id === user.id)?.accountEnabled).toBe(true);
    expect((await governance.log_({})).filter((e) => e.actionId === contained.id && e.event === 'undo-requested').map((e) => e.detail)).toEqual([expect.stringMatching(/revoked app consents and removed inbox rules stay as they are/)]);
  }, 120_000);

  it('notify-user without a mail server: the outbox (as in the demo) receives the e-mail and the log says where it went', async () => {
    const governance = await services.governance();
    const attacked = sim.scenarios().find((f) => f.id === 'inbox-forwarding-rule')!.user!;
    const alert = (await listAlerts((await services.store()).db, { policyId: 'detection.mail-forwarding' }))[0]!;
    const notified = await governance.request({ kind: 'notify-user', target: { ref: attacked }, alertId: alert.id, via: 'api', reason: 'tell them' }, { name: 'sam', role: 'analyst' });
    expect(notified, String(notified.result)).toMatchObject({ status: 'succeeded', route: 'notify' });
    expect(notified.result).toMatch(new RegExp(`^Delivered to the outbox for ${attacked.replace(/\./g, '\\.')}`));
    const outbox = await listOutbox(mailOutboxDir(services.config()));
    expect(outbox.map((m) => [m.to, m.subject])).toEqual([[attacked, `Security notice: ${alert.policyName}`]]);
    // The template carries the alert's explanation (the body is quoted-printable: undo its soft breaks and escapes).
    const body = Buffer.from(readFileSync(outbox[0]!.file, 'latin1').split(/\r?\n\r?\n/).slice(1).join('\n').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
    expect(body.replace(/\s+/g, ' ')).toContain(alert.explanation.replace(/\s+/g, ' '));
    expect(body).toContain(`Reference: alert ${alert.id} (${alert.severity})`);
    expect((await governance.log_({ actionId: notified.id })).map((e) => e.event)).toEqual(['requested', 'approved', 'attempt', 'succeeded']);
  }, 60_000);
});
