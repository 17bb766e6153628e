import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, describeDialects, type TestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Alert } from '../core/alert.js';
import { HOUR, MINUTE, manualClock } from '../core/clock.js';
import type { GovernanceAction } from '../core/governance-action.js';
import docusign from '../connectors/docusign/index.js';
import { docusignSimulator, type RunningDocusignSimulator } from '../connectors/docusign/simulator/index.js';
import microsoft365 from '../connectors/microsoft365/index.js';
import { microsoft365Simulator, type RunningM365Simulator } from '../connectors/microsoft365/simulator/index.js';
import type { AnyConnector } from '../connectors/sdk/define-connector.js';
import { CONFORMANCE_NOW } from '../connectors/sdk/conformance/conformance.js';
import { RateLimitGovernor } from '../connectors/sdk/rate-limit-governor.js';
import { openStore, type Store } from '../store/db.js';
import { createInstance, setInstanceEnabled } from '../store/repos/connector-instances.js';
import { addProtected, removeProtected, saveGovernanceRule } from '../store/repos/governance.js';
import { SyncService } from '../sync/sync-service.js';
import { GovernanceService, isTransient, type Actor } from './governance-service.js';
import { AuthError, NetworkError, ProviderError, RateLimitedError } from '../core/errors.js';
import { GovernanceSweep } from './governance-sweep.js';
import { createNotifier, webhookSignature } from './notify/notifier.js';
import { registryOf } from '../connectors/sdk/registry-of.js';

const connectors: AnyConnector[] = [microsoft365, docusign];
const registry = registryOf(connectors);
const analyst: Actor = { name: 'ana', role: 'analyst' };
const admin: Actor = { name: 'ada', role: 'admin' };

describeDialects('governance over the Microsoft 365 and DocuSign simulators', (dialect) => {
  let database: TestDatabase;
  const dir = tempDir('parapet-governance-');
  let store: Store;
  let m365: RunningM365Simulator;
  let ds: RunningDocusignSimulator;
  let governance: GovernanceService;
  let smtp: SMTPServer;
  let hook: Server;
  const mails: string[] = [];
  const hooks: { body: string; signature: string | undefined; timestamp: string | undefined }[] = [];
  // Time moves only when a test moves it, so expiry and rate-limit windows can be tested at their edges.
  const clock = manualClock(CONFORMANCE_NOW + MINUTE);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    m365 = await microsoft365Simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
    ds = await docusignSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
    const logger = pino({ level: 'silent' });
    // The sync paces its requests by the clock: a wait moves it on instead of sleeping while it stands still.
    const sync = new SyncService({ store, registry, logger, clock, backfillDays: 1, governorFor: (_id, policy) => new RateLimitGovernor(policy, clock, async (ms) => clock.advance(ms)) });
    await createInstance(store.db, store.secrets, { name: 'm365', provider: 'microsoft365', config: m365.config, now: clock.now() });
    await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: ds.config, now: clock.now() });
    for (const name of ['m365', 'ds']) expect((await sync.syncInstance(name, { kinds: ['snapshot'] })).streams.filter((s) => !s.ok)).toEqual([]);
    for (const a of await store.db.selectFrom('accounts').select('provider_id').where('is_admin', '=', 1).execute()) admins.add(a.provider_id);

    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString()));
        stream.on('end', () => {
          mails.push(text);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hooks.push({ body, signature: req.headers['x-parapet-signature'] as string | undefined, timestamp: req.headers['x-parapet-timestamp'] as string | undefined });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const hookPort = (hook.address() as AddressInfo).port;
    const notifier = createNotifier({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'security@northwind.example', webhookUrl: `http://127.0.0.1:${hookPort}/hook`, webhookSecret: 'hook-secret', clock });
    governance = new GovernanceService({ store, registry, logger, clock, notifier, sleep: async () => {} });
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([m365.close(), ds.close(), store.close(), new Promise<void>((r) => smtp.close(() => r())), new Promise<void>((r) => hook.close(() => r()))]);
    await database.drop();
    dir.cleanup();
  });

  const admins = new Set<string>();
  const plainM365User = (skip = 0) => {
    const users = m365.tenant().users.filter((u) => u.userType === 'Member' && u.onPremisesSyncEnabled === null && u.personas.length === 0 && u.accountEnabled && u.workforceIndex !== null && !admins.has(u.id));
    const user = users[skip];
    if (!user) throw new Error('no plain user');
    return user;
  };
  /** DocuSign accounts (by e-mail) of people who are also plain, enabled Microsoft 365 users. */
  const plainPeopleInBoth = async () => {
    const dsInstance = store.db.selectFrom('connector_instances').select('id').where('name', '=', 'ds');
    const candidates = await store.db.selectFrom('accounts').select(['email', 'provider_id']).where('connector_instance_id', 'in', dsInstance).where('identity_id', 'is not', null).where('is_admin', '=', 0).orderBy('email').execute();
    return candidates.filter((c) => c.email && m365.tenant().users.some((u) => u.userPrincipalName.toLowerCase() === c.email && u.personas.length === 0 && u.onPremisesSyncEnabled === null && u.accountEnabled && !admins.has(u.id)));
  };
  const enabled = (id: string) => m365.tenant().users.find((u) => u.id === id)?.accountEnabled;
  const events = async (id: string) => (await governance.log_({ actionId: id })).map((e) => e.event);
  const hookEvents = () => hooks.map((h) => (JSON.parse(h.body) as { event: string }).event);
  const hookText = (index: number) => (JSON.parse(hooks[index]?.body ?? '{}') as { text?: string }).text ?? '';

  it('suspends through Entra only after an allowed, different approver; reads it back; undo re-enables', async () => {
    const user = plainM365User(0);
    const request = await governance.request({ kind: 'suspend-user', target: { ref: user.userPrincipalName, instance: 'm365' }, via: 'cli', reason: 'phished' }, analyst);
    expect(request, String(request.result)).toMatchObject({ status: 'pending', route: 'app', providerTargetId: user.id, approverRoles: ['admin'], approvalRequired: true });

    await expect(governance.approve(request.id, analyst)).rejects.toThrow(/ana is analyst; only admin may approve/);
    const own = await governance.request({ kind: 'suspend-user', target: { ref: plainM365User(1).userPrincipalName, instance: 'm365' }, via: 'cli' }, admin);
    await expect(governance.approve(own.id, admin)).rejects.toThrow(/may not approve it too/);
    expect(enabled(user.id)).toBe(true);

    const done = await governance.approve(request.id, admin);
    expect(done).toMatchObject({ status: 'succeeded', verified: true, attempts: 1, decidedBy: 'ada' });
    expect(enabled(user.id)).toBe(false);
    expect(await events(request.id)).toEqual(['requested', 'notified', 'approval-refused', 'approved', 'attempt', 'succeeded', 'verified', 'notified']);

    // Undo is a change too: only the rule's approvers may make it.
    await expect(governance.undo(request.id, analyst)).rejects.toThrow(/needs the role admin; ana is analyst/);
    expect(enabled(user.id)).toBe(false);
    expect(await governance.get(request.id)).toMatchObject({ status: 'succeeded', undoneBy: null });
    const undo = await governance.undo(request.id, admin);
    expect(undo).toMatchObject({ kind: 'unsuspend-user', status: 'succeeded', undoOf: request.id, verified: true });
    expect(enabled(user.id)).toBe(true);
    expect(await governance.get(request.id)).toMatchObject({ status: 'undone', undoneBy: undo.id });
    await expect(governance.undo(request.id, admin)).rejects.toThrow(/already undone/);
  });

  it('dry run lists exactly the change it would send, and sends nothing', async () => {
    const user = plainM365User(2);
    const plan = await governance.dryRun({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, admin);
    expect(plan.blocked).toBeNull();
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]?.calls).toEqual([{ operation: 'microsoft365.graph.suspend-user', method: 'PATCH', url: expect.stringMatching(new RegExp(`/v1\\.0/users/${user.id}$`)), body: { accountEnabled: false } }]);
    expect(enabled(user.id)).toBe(true);
  });

  it('suspends a DocuSign user in DocuSign itself or through the identity provider, as asked', async () => {
    const person = (await store.db.selectFrom('accounts').select(['email', 'connector_instance_id', 'identity_id']).where('connector_instance_id', 'in', store.db.selectFrom('connector_instances').select('id').where('name', '=', 'ds')).where('identity_id', 'is not', null).where('is_admin', '=', 0).execute())
      .map((a) => a.email)
      .find((e) => e && m365.tenant().users.some((u) => u.userPrincipalName.toLowerCase() === e && u.personas.length === 0 && u.onPremisesSyncEnabled === null));
    if (!person) throw new Error('no person with DocuSign and Entra accounts');
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { allowSelfApproval: true }, clock.now());
    try {
      const inApp = await governance.request({ kind: 'suspend-user', target: { ref: person, instance: 'ds' }, via: 'cli', prefer: 'app' }, admin);
      expect(inApp.route).toBe('app');
      const done = await governance.approve(inApp.id, admin);
      expect(done).toMatchObject({ status: 'succeeded', verified: true });
      expect(done.result).toMatch(/Closed \d+ membership/);
      expect((await governance.undo(inApp.id, admin)).status).toBe('succeeded');

      const viaIdp = await governance.request({ kind: 'suspend-user', target: { ref: person, instance: 'ds' }, via: 'cli', prefer: 'idp' }, admin);
      expect(viaIdp.route).toBe('idp');
      const m365User = m365.tenant().users.find((u) => u.userPrincipalName.toLowerCase() === person)!;
      expect((await governance.approve(viaIdp.id, admin)).status).toBe('succeeded');
      expect(enabled(m365User.id)).toBe(false);
      await governance.undo(viaIdp.id, admin);
      expect(enabled(m365User.id)).toBe(true);
    } finally {
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  });

  it('refuses protected targets, administrators and Parapet\'s own account with a logged reason', async () => {
    const breakGlass = m365.tenant().users.find((u) => u.personas.includes('breakGlass'))!;
    const adminResult = await governance.request({ kind: 'suspend-user', target: { ref: breakGlass.id, instance: 'm365' }, via: 'cli' }, analyst);
    expect(adminResult).toMatchObject({ status: 'blocked', result: expect.stringMatching(/is an administrator/) });

    const user = plainM365User(3);
    await addProtected(store.db, { match: user.userPrincipalName, reason: 'CEO', addedBy: 'ada', now: clock.now() });
    const protectedResult = await governance.request({ kind: 'revoke-sessions', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
    expect(protectedResult).toMatchObject({ status: 'blocked', result: expect.stringMatching(/is protected .*CEO/) });
    expect(await events(protectedResult.id)).toEqual(['requested', 'blocked']);

    await store.db.updateTable('accounts').set({ is_admin: 0 }).where('provider_id', '=', ds.config.userId).execute();
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { mode: 'automatic' }, clock.now());
    hooks.length = 0;
    try {
      const self = await governance.request({ kind: 'suspend-user', target: { ref: ds.config.userId, instance: 'ds' }, via: 'cli', prefer: 'app' }, admin);
      expect(self).toMatchObject({ status: 'blocked', result: expect.stringMatching(/identity Parapet itself uses/) });
      // The automatic action ran and was stopped: the channel hears it was blocked, as its status says, not that it failed.
      expect(hookEvents()).toEqual(['blocked']);
    } finally {
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  });

  it('the protected list also matches an account by an alias and by *@domain', async () => {
    const m365Accounts = store.db.selectFrom('accounts').select(['id', 'provider_id', 'aliases']).where('connector_instance_id', 'in', store.db.selectFrom('connector_instances').select('id').where('name', '=', 'm365')).where('is_admin', '=', 0);
    const aliased = (await m365Accounts.where('aliases', '!=', '[]').orderBy('provider_id').execute()).find((a) => m365.tenant().users.some((u) => u.id === a.provider_id && u.accountEnabled));
    if (!aliased) throw new Error('no Microsoft 365 account with an alias');
    const alias = (JSON.parse(aliased.aliases) as string[])[0]!;
    await addProtected(store.db, { match: alias, reason: 'shared mailbox', addedBy: 'ada', now: clock.now() });
    try {
      const byAlias = await governance.request({ kind: 'revoke-sessions', target: { ref: aliased.id }, via: 'cli' }, analyst);
      expect(byAlias).toMatchObject({ status: 'blocked', result: expect.stringContaining(`is protected (${alias.toLowerCase()}: shared mailbox)`) });
    } finally {
      await removeProtected(store.db, alias);
    }

    const user = plainM365User(16);
    const domain = `*@${user.userPrincipalName.split('@')[1]!.toLowerCase()}`;
    await addProtected(store.db, { match: domain, reason: 'whole tenant frozen', addedBy: 'ada', now: clock.now() });
    try {
      const byDomain = await governance.request({ kind: 'revoke-sessions', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(byDomain).toMatchObject({ status: 'blocked', result: expect.stringContaining(`is protected (${domain}: whole tenant frozen)`) });
      expect(await events(byDomain.id)).toEqual(['requested', 'blocked']);
    } finally {
      await removeProtected(store.db, domain);
    }
  });

  it('a target put on the protected list while its request waited for approval is not touched when approved; the channel hears it was blocked', async () => {
    const user = plainM365User(17);
    hooks.length = 0;
    const request = await governance.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
    expect(request.status).toBe('pending');
    await addProtected(store.db, { match: user.userPrincipalName, reason: 'CFO', addedBy: 'ada', now: clock.now() });
    try {
      const approved = await governance.approve(request.id, admin);
      expect(approved).toMatchObject({ status: 'blocked', result: expect.stringMatching(/is protected .*CFO/) });
      expect(enabled(user.id)).toBe(true);
      expect(await events(request.id)).toEqual(['requested', 'notified', 'approved', 'blocked', 'notified']);
      // The approvers were asked on the channel; it hears how the request ended, and why.
      expect(hookEvents()).toEqual(['awaits approval', 'blocked']);
      expect(hookText(1)).toMatch(/suspend-user .* blocked\. .*is protected .*CFO/);
    } finally {
      await removeProtected(store.db, user.userPrincipalName);
    }
  });

  it('says plainly when nothing connected can do it, and when the identity provider is disconnected', async () => {
    const dsAccount = await store.db.selectFrom('accounts').select(['email']).where('connector_instance_id', 'in', store.db.selectFrom('connector_instances').select('id').where('name', '=', 'ds')).where('is_admin', '=', 0).executeTakeFirstOrThrow();
    const none = await governance.request({ kind: 'reset-mfa', target: { ref: String(dsAccount.email), instance: 'ds' }, via: 'cli' }, analyst);
    expect(none.result).toMatch(/^Nothing connected can reset mfa factors for .*DocuSign \(ds\) cannot reset mfa factors.*Microsoft 365 \(m365\) cannot/);

    const m365Id = (await store.db.selectFrom('connector_instances').select('id').where('name', '=', 'm365').executeTakeFirstOrThrow()).id;
    await setInstanceEnabled(store.db, m365Id, false, clock.now());
    try {
      const blocked = await governance.request({ kind: 'suspend-user', target: { ref: String(dsAccount.email), instance: 'ds' }, via: 'cli', prefer: 'idp' }, analyst);
      expect(blocked).toMatchObject({ status: 'blocked', result: expect.stringMatching(/ \(asked for: through the identity provider\): the identity provider connection Microsoft 365 \(m365\) is disabled .*parapet enable m365/) });
    } finally {
      await setInstanceEnabled(store.db, m365Id, true, clock.now());
    }
  });

  it('a person with accounts in two apps that can suspend is not suspended in whichever comes first: the request says to name the app', async () => {
    const dsInstance = store.db.selectFrom('connector_instances').select('id').where('name', '=', 'ds');
    const candidates = await store.db.selectFrom('accounts').select(['email', 'provider_id']).where('connector_instance_id', 'in', dsInstance).where('identity_id', 'is not', null).where('is_admin', '=', 0).orderBy('email').execute();
    const person = candidates.find((c) => c.email && m365.tenant().users.some((u) => u.userPrincipalName.toLowerCase() === c.email && u.accountEnabled && !admins.has(u.id)));
    if (!person?.email) throw new Error('no person in both apps');
    const m365User = m365.tenant().users.find((u) => u.userPrincipalName.toLowerCase() === person.email)!;
    const dsActive = () => ds.tenant().users.find((u) => u.id.toLowerCase() === person.provider_id.toLowerCase())?.activeAccountIds;
    const dsBefore = dsActive();
    const request = await governance.request({ kind: 'suspend-user', target: { type: 'identity', ref: person.email }, via: 'cli', prefer: 'app' }, admin);
    expect(request).toMatchObject({ status: 'blocked', route: null, providerTargetId: null, result: expect.stringContaining(`${person.email} has accounts in 2 apps that can suspend the user: name one (--app) or use the contain-person playbook`) });
    expect(enabled(m365User.id)).toBe(true);
    expect(dsActive()).toEqual(dsBefore);
  });

  it('a deleted target fails once with the provider\'s reason (a 404 is not retried); a 503 is retried', async () => {
    const user = plainM365User(4);
    const gone = '0f0f0f0f-0000-4000-8000-000000000001';
    await store.db.updateTable('accounts').set({ provider_id: gone }).where('provider_id', '=', user.id).execute();
    await saveGovernanceRule(store.db, 'manual', 'require-reauth', { mode: 'automatic' }, clock.now());
    try {
      const failed = await governance.request({ kind: 'require-reauth', target: { ref: gone, instance: 'm365' }, via: 'cli' }, analyst);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, result: expect.stringMatching(/no such user in the tenant \(deleted\?\)/) });

      // DocuSign's gateway fails five times in a row: the client's own retries give up, governance tries again.
      const dsUser = (await store.db.selectFrom('accounts').select('provider_id').where('connector_instance_id', 'in', store.db.selectFrom('connector_instances').select('id').where('name', '=', 'ds')).where('is_admin', '=', 0).where('provider_id', '!=', ds.config.userId).executeTakeFirstOrThrow()).provider_id;
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', { mode: 'automatic', prefer: 'app' }, clock.now());
      ds.faults.add({ kind: 'server-error', path: `/users/${dsUser}/dsprofile`, times: 5 });
      const retried = await governance.request({ kind: 'suspend-user', target: { ref: dsUser, instance: 'ds' }, via: 'cli' }, analyst);
      expect(ds.faults.injected['server-error']).toBe(5);
      expect(retried).toMatchObject({ status: 'succeeded', attempts: 2, verified: true, approvalRequired: false });
      expect(await events(retried.id)).toEqual(['requested', 'approved', 'attempt', 'failed', 'attempt', 'succeeded', 'verified', 'notified']);
      expect((await governance.undo(retried.id, admin)).status).toBe('succeeded');
    } finally {
      await saveGovernanceRule(store.db, 'manual', 'require-reauth', {}, clock.now());
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  }, 60_000);

  it('a transient failure that never clears is tried maxAttempts (3) times, then recorded as failed, once', async () => {
    const dsUsers = await store.db.selectFrom('accounts').select('provider_id').where('connector_instance_id', 'in', store.db.selectFrom('connector_instances').select('id').where('name', '=', 'ds')).where('is_admin', '=', 0).where('provider_id', '!=', ds.config.userId).orderBy('provider_id').execute();
    const dsUser = dsUsers[1]!.provider_id;
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { mode: 'automatic', prefer: 'app' }, clock.now());
    const injectedBefore = ds.faults.injected['server-error'];
    ds.faults.add({ kind: 'server-error', path: `/users/${dsUser}/dsprofile` });
    try {
      const failed = await governance.request({ kind: 'suspend-user', target: { ref: dsUser, instance: 'ds' }, via: 'cli' }, analyst);
      expect(ds.faults.injected['server-error']).toBeGreaterThan(injectedBefore);
      expect(failed).toMatchObject({ status: 'failed', attempts: 3, result: expect.stringMatching(/50\d/) });
      const log = await governance.log_({ actionId: failed.id });
      expect(log.map((e) => e.event)).toEqual(['requested', 'approved', 'attempt', 'failed', 'attempt', 'failed', 'attempt', 'failed', 'notified']);
      expect(log.filter((e) => e.event === 'failed').map((e) => e.data.final)).toEqual([false, false, true]);
    } finally {
      ds.faults.clear();
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  }, 60_000);

  it('a suspension the provider accepts but does not apply (a lost write) is recorded as not verified, with what the read-back saw', async () => {
    const user = plainM365User(24);
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { mode: 'automatic' }, clock.now());
    m365.faults.add({ kind: 'lost-write', path: `/users/${user.id}`, times: 1 });
    hooks.length = 0;
    try {
      const done = await governance.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(m365.faults.injected['lost-write']).toBe(1);
      expect(enabled(user.id)).toBe(true);
      // docs/governance.md: the action succeeded as far as the provider said; the read-back records that it did not take.
      expect(done).toMatchObject({ status: 'succeeded', verified: false, attempts: 1 });
      const log = await governance.log_({ actionId: done.id });
      expect(log.map((e) => e.event)).toEqual(['requested', 'approved', 'attempt', 'succeeded', 'not-verified', 'notified']);
      expect(log.find((e) => e.event === 'not-verified')?.detail).toMatch(/accountEnabled = true \(expected false\)/);
      // The chat channel is told it did not take, not that it succeeded: someone must look.
      expect(hooks.map((h) => (JSON.parse(h.body) as { event: string }).event)).toEqual(['not-verified']);
      expect((JSON.parse(hooks[0]?.body ?? '{}') as { text: string }).text).toMatch(/not-verified.*accountEnabled = true \(expected false\)/);
      // Undone, it is no longer read again (the re-read tests below count only their own).
      expect((await governance.undo(done.id, admin)).status).toBe('succeeded');
    } finally {
      m365.faults.clear();
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  });

  it('a read-back that cannot be made is recorded as not verified, with why, never as verified', async () => {
    const user = plainM365User(8);
    const suspend = microsoft365.actions['suspend-user']!;
    const blind = { ...microsoft365, actions: { ...microsoft365.actions, 'suspend-user': { ...suspend, verify: async () => { throw new Error('Graph did not answer the read'); } } } } as AnyConnector;
    const unsure = new GovernanceService({ store, registry: registryOf([blind, docusign]), logger: pino({ level: 'silent' }), clock, sleep: async () => {}, notifier: createNotifier({ clock }) });
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { mode: 'automatic' }, clock.now());
    try {
      const done = await unsure.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(enabled(user.id)).toBe(false);
      expect(done).toMatchObject({ status: 'succeeded', verified: false });
      expect((await governance.log_({ actionId: done.id })).filter((e) => e.event === 'not-verified' || e.event === 'verified').map((e) => [e.event, e.detail])).toEqual([['not-verified', 'Could not read the effect back: Graph did not answer the read']]);
      expect((await governance.undo(done.id, admin)).status).toBe('succeeded');
      expect(enabled(user.id)).toBe(true);
    } finally {
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  });

  it('a suspension the provider shows only later is read again a minute after, recorded verified, and the channel hears it', async () => {
    const user = plainM365User(21);
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { mode: 'automatic' }, clock.now());
    m365.faults.add({ kind: 'late-write', path: `/users/${user.id}`, times: 1, delayMs: 200 });
    hooks.length = 0;
    try {
      const done = await governance.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(m365.faults.injected['late-write']).toBe(1);
      expect(done).toMatchObject({ status: 'succeeded', verified: false });
      await m365.faults.settled();
      expect(enabled(user.id)).toBe(false);
      // Not before a minute has passed since the first read-back.
      clock.advance(MINUTE - 1);
      expect(await governance.recheckUnverified()).toEqual({ reread: 0, verified: 0 });
      clock.advance(1);
      expect(await governance.recheckUnverified()).toEqual({ reread: 1, verified: 1 });
      expect(await governance.get(done.id)).toMatchObject({ status: 'succeeded', verified: true });
      const log = await governance.log_({ actionId: done.id });
      expect(log.map((e) => e.event)).toEqual(['requested', 'approved', 'attempt', 'succeeded', 'not-verified', 'notified', 'verified', 'notified']);
      expect(log.find((e) => e.event === 'verified')).toMatchObject({ detail: expect.stringMatching(/^Read again 1 min after the action: .*accountEnabled = false/), data: { recheck: 1 } });
      expect(hookEvents()).toEqual(['not-verified', 'verified']);
      expect(hookText(1)).toMatch(/verified\. The provider shows it now, 1 min after the action/);
      // Verified, it is not read again.
      clock.advance(HOUR);
      expect(await governance.recheckUnverified()).toEqual({ reread: 0, verified: 0 });
      expect((await governance.undo(done.id, admin)).status).toBe('succeeded');
    } finally {
      m365.faults.clear();
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  });

  it('a suspension never shown is read again 1, 5 and 30 minutes after, announced again once at the last, then left to a person', async () => {
    const user = plainM365User(22);
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { mode: 'automatic' }, clock.now());
    m365.faults.add({ kind: 'lost-write', path: `/users/${user.id}`, times: 1 });
    hooks.length = 0;
    try {
      const done = await governance.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(m365.faults.injected['lost-write']).toBeGreaterThanOrEqual(1);
      expect(done).toMatchObject({ status: 'succeeded', verified: false });
      const rereads: number[] = [];
      // 1 min, 5 min (one due), 29 min (none), 30 min (the last), a day later (none).
      for (const step of [MINUTE, 4 * MINUTE, 24 * MINUTE, MINUTE, 23 * HOUR]) {
        clock.advance(step);
        rereads.push((await governance.recheckUnverified()).reread);
      }
      expect(rereads).toEqual([1, 1, 0, 1, 0]);
      expect(enabled(user.id)).toBe(true);
      expect(await governance.get(done.id)).toMatchObject({ status: 'succeeded', verified: false });
      const log = await governance.log_({ actionId: done.id });
      expect(log.map((e) => e.event)).toEqual(['requested', 'approved', 'attempt', 'succeeded', 'not-verified', 'notified', 'not-verified', 'not-verified', 'not-verified', 'notified']);
      expect(log.filter((e) => e.event === 'not-verified').map((e) => [e.data.recheck ?? null, e.detail.match(/^Read again (\d+) min/)?.[1] ?? null])).toEqual([
        [null, null],
        [1, '1'],
        [2, '5'],
        [3, '30'],
      ]);
      expect(hookEvents()).toEqual(['not-verified', 'not-verified']);
      expect(hookText(1)).toMatch(/Still not shown 30 min after the action: .*accountEnabled = true \(expected false\).* Check it in the app/);
      expect((await governance.undo(done.id, admin)).status).toBe('succeeded');
    } finally {
      m365.faults.clear();
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  });

  it('notifies the user by e-mail with the alert\'s explanation and posts a signed webhook', async () => {
    const user = plainM365User(6);
    mails.length = 0;
    hooks.length = 0;
    const done = await governance.request({ kind: 'notify-user', target: { ref: user.userPrincipalName }, via: 'cli', reason: 'Sign-in from an unusual country' }, analyst);
    expect(done.status).toBe('succeeded');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain(`To: ${user.userPrincipalName.toLowerCase()}`);
    expect(mails[0]).toContain('Sign-in from an unusual country');
    expect(hooks).toHaveLength(1);
    const [posted] = hooks;
    expect(posted?.signature).toBe(webhookSignature('hook-secret', String(posted?.timestamp), String(posted?.body)));
    expect(JSON.parse(String(posted?.body))).toMatchObject({ event: 'notified', action: { id: done.id, kind: 'notify-user' } });
  });

  it('a viewer may not ask; only the requester or an admin may cancel; a rejected request never runs; the channel hears each ending', async () => {
    const user = plainM365User(15);
    hooks.length = 0;
    const viewer: Actor = { name: 'val', role: 'viewer' };
    const otherAnalyst: Actor = { name: 'bob', role: 'analyst' };
    const of = async () => (await governance.list({ kind: 'suspend-user' })).filter((r) => r.providerTargetId === user.id);
    await expect(governance.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, viewer)).rejects.toThrow(/val is a viewer/);
    expect(await of()).toEqual([]);

    const request = await governance.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
    await expect(governance.cancel(request.id, otherAnalyst)).rejects.toThrow(/Only ana \(who asked\) or an admin may cancel/);
    expect((await governance.get(request.id)).status).toBe('pending');

    expect(await governance.reject(request.id, admin, 'not enough evidence')).toMatchObject({ status: 'rejected', decidedBy: 'ada', result: 'not enough evidence' });
    await expect(governance.approve(request.id, admin)).rejects.toThrow(/is rejected, not waiting for approval/);
    expect((await governance.get(request.id)).status).toBe('rejected');
    expect(enabled(user.id)).toBe(true);
    expect(await events(request.id)).toEqual(['requested', 'notified', 'approval-refused', 'rejected', 'notified']);
    expect(hookEvents()).toEqual(['awaits approval', 'rejected']);
    expect(hookText(1)).toMatch(/rejected\. Rejected by ada: not enough evidence/);

    const again = await governance.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
    expect((await governance.cancel(again.id, analyst)).status).toBe('cancelled');
    await expect(governance.approve(again.id, admin)).rejects.toThrow(/is cancelled/);
    expect(enabled(user.id)).toBe(true);
    expect(await events(again.id)).toEqual(['requested', 'notified', 'cancelled', 'notified']);
    expect(hookEvents()).toEqual(['awaits approval', 'rejected', 'awaits approval', 'cancelled']);
    expect(hookText(3)).toMatch(/cancelled\. Cancelled by ana\./);
    // Only what has not run yet can be cancelled.
    await expect(governance.cancel(again.id, admin)).rejects.toThrow(/is cancelled: only a pending or queued action can be cancelled/);
    await expect(governance.cancel(request.id, admin)).rejects.toThrow(/is rejected: only a pending or queued action can be cancelled/);
  });

  it('a pending request expires; deciding it afterwards says so', async () => {
    const request = await governance.request({ kind: 'revoke-sessions', target: { ref: plainM365User(7).id, instance: 'm365' }, via: 'cli' }, analyst);
    clock.advance(25 * HOUR);
    await expect(governance.approve(request.id, admin)).rejects.toThrow(/expired at .* request it again/);
    expect((await governance.get(request.id)).status).toBe('expired');
  });

  it('a pending request can be decided until the millisecond before it expires, not at its expiry', async () => {
    const before = await governance.request({ kind: 'revoke-sessions', target: { ref: plainM365User(18).id, instance: 'm365' }, via: 'cli' }, analyst);
    expect(before.expiresAt).toBe(clock.now() + 24 * HOUR);
    clock.set(before.expiresAt! - 1);
    expect(await governance.approve(before.id, admin)).toMatchObject({ status: 'succeeded' });

    hooks.length = 0;
    const at = await governance.request({ kind: 'revoke-sessions', target: { ref: plainM365User(19).id, instance: 'm365' }, via: 'cli' }, analyst);
    clock.set(at.expiresAt!);
    await expect(governance.approve(at.id, admin)).rejects.toThrow(/expired at .* request it again/);
    expect(await governance.get(at.id)).toMatchObject({ status: 'expired', decidedBy: null });
    expect(await events(at.id)).toEqual(['requested', 'notified', 'expired', 'notified']);
    expect(hookEvents()).toEqual(['awaits approval', 'expired']);
    expect(hookText(1)).toMatch(/revoke-sessions .* expired\. Nobody decided within the approval window/);
  });

  it('the expiry sweep leaves a request pending until its expiry and expires it at that millisecond', async () => {
    const request = await governance.request({ kind: 'revoke-sessions', target: { ref: plainM365User(20).id, instance: 'm365' }, via: 'cli' }, analyst);
    clock.set(request.expiresAt! - 1);
    await governance.expirePending();
    expect((await governance.get(request.id)).status).toBe('pending');
    clock.set(request.expiresAt!);
    // Requests of earlier tests expired at the sweep before (their expiry is earlier): this one alone now.
    expect(await governance.expirePending()).toBe(1);
    expect((await governance.get(request.id)).status).toBe('expired');
  });

  it('the schedulers\' sweep expires a request nobody decided at its expiry, and the channel hears it then; it runs at most every 30 s', async () => {
    const sweep = new GovernanceSweep({ governance: async () => governance, logger: pino({ level: 'silent' }) });
    const request = await governance.request({ kind: 'revoke-sessions', target: { ref: plainM365User(8).id, instance: 'm365' }, via: 'cli' }, analyst);
    hooks.length = 0;
    clock.set(request.expiresAt! - 1);
    await sweep.tick(clock.now());
    expect((await governance.get(request.id)).status).toBe('pending');
    // Due now, but the sweep ran a millisecond ago: it waits its 30 s.
    clock.set(request.expiresAt!);
    await sweep.tick(clock.now());
    expect((await governance.get(request.id)).status).toBe('pending');
    clock.set(request.expiresAt! - 1 + MINUTE / 2);
    await sweep.tick(clock.now());
    expect((await governance.get(request.id)).status).toBe('expired');
    expect(hookEvents()).toEqual(['expired']);
  });

  it('contains a person across every app (sessions, suspension, app consents, forwarding rules) as one approved request with one entry per step, and undoes the suspensions', async () => {
    const dsInstance = store.db.selectFrom('connector_instances').select('id').where('name', '=', 'ds');
    const candidates = await store.db.selectFrom('accounts').select(['email', 'identity_id']).where('connector_instance_id', 'in', dsInstance).where('identity_id', 'is not', null).where('is_admin', '=', 0).execute();
    const person = candidates.map((c) => c.email).find((e) => e && m365.tenant().users.some((u) => u.userPrincipalName.toLowerCase() === e && u.personas.length === 0 && u.onPremisesSyncEnabled === null && u.accountEnabled && !admins.has(u.id)));
    if (!person) throw new Error('no person in both apps');
    const m365User = m365.tenant().users.find((u) => u.userPrincipalName.toLowerCase() === person)!;
    const request = await governance.request({ kind: 'contain-person', target: { ref: person }, via: 'api', reason: 'account takeover' }, analyst);
    expect(request.status).toBe('pending');
    const done = await governance.approve(request.id, admin);
    expect(done, String(done.result)).toMatchObject({ status: 'succeeded', result: '5 of 5 step(s) succeeded.' });
    const steps = await governance.list({ parentId: request.id });
    expect(steps.map((s) => [s.step, s.kind, s.status]).sort()).toEqual([
      [1, 'revoke-sessions', 'succeeded'],
      [2, 'suspend-user', 'succeeded'],
      [3, 'revoke-oauth-grants', 'succeeded'],
      [4, 'remove-forwarding-rules', 'succeeded'],
      [5, 'suspend-user', 'succeeded'],
    ]);
    expect(enabled(m365User.id)).toBe(false);
    const log = await governance.log_({ actionId: request.id });
    expect(log.filter((e) => e.event === 'dispatched')).toHaveLength(5);
    expect(log.filter((e) => e.actionId === request.id && (e.event === 'succeeded' || e.event === 'failed')).map((e) => [e.event, e.detail])).toEqual([['succeeded', '5 of 5 step(s) succeeded.']]);

    const undone = await governance.undo(request.id, admin);
    expect(undone.status).toBe('undone');
    expect(enabled(m365User.id)).toBe(true);
    expect((await governance.list({ parentId: request.id })).map((s) => s.status).sort()).toEqual(['succeeded', 'succeeded', 'succeeded', 'undone', 'undone']);
  });

  it('contain-person skips a step whose account was protected while the request waited, runs the rest, and ends partial', async () => {
    const inBoth = await plainPeopleInBoth();
    const person = inBoth.at(-1);
    if (!person?.email) throw new Error('no person in both apps');
    const dsUser = () => ds.tenant().users.find((u) => u.id.toLowerCase() === person.provider_id.toLowerCase())!;
    const dsActiveBefore = dsUser().activeAccountIds;
    expect(dsActiveBefore.length).toBeGreaterThan(0);
    const m365User = m365.tenant().users.find((u) => u.userPrincipalName.toLowerCase() === person.email)!;

    const request = await governance.request({ kind: 'contain-person', target: { ref: person.email }, via: 'api', reason: 'account takeover' }, analyst);
    expect(request.status).toBe('pending');
    await addProtected(store.db, { match: person.provider_id, reason: 'signs for the board', addedBy: 'ada', now: clock.now() });
    try {
      const done = await governance.approve(request.id, admin);
      expect(done, String(done.result)).toMatchObject({ status: 'partial', result: expect.stringMatching(/^4 of 5 step\(s\) succeeded \(.*\d: blocked.*\)/) });
      const steps = await governance.list({ parentId: request.id });
      expect(steps.filter((s) => s.status !== 'succeeded').map((s) => [s.kind, s.status, s.connectorInstanceId])).toEqual([['suspend-user', 'blocked', null]]);
      expect(steps.find((s) => s.status === 'blocked')?.result).toMatch(/is protected .*signs for the board/);
      // A partial containment is not logged as a success.
      expect((await governance.log_({ actionId: request.id })).filter((e) => e.actionId === request.id && (e.event === 'succeeded' || e.event === 'failed')).map((e) => e.event)).toEqual(['failed']);
      expect(dsUser().activeAccountIds).toEqual(dsActiveBefore);
      expect(enabled(m365User.id)).toBe(false);
      expect((await governance.undo(request.id, admin)).status).toBe('undone');
      expect(enabled(m365User.id)).toBe(true);
    } finally {
      await removeProtected(store.db, person.provider_id);
    }
  });

  /** An alert of `policyId` on the i-th plain Microsoft 365 user, asking for `kind`. */
  const policyAlert = (i: number, policyId: string, kind: GovernanceAction): Alert => {
    const user = plainM365User(i);
    return {
      id: `al-${policyId}-${i}`, fingerprint: `f${policyId}${i}`, policyId, policyName: policyId, variant: null, severity: 'high', status: 'open', resolution: null, resolutionNote: null,
      subject: { type: 'user', key: user.userPrincipalName.toLowerCase(), email: user.userPrincipalName.toLowerCase(), userId: user.id, identityId: null },
      connectorInstanceId: null, provider: 'microsoft365', app: 'Microsoft 365', explanation: 'everyone looks suspicious', baseline: null, details: {}, activityIds: [], requestedActions: [kind],
      firstActivityAt: 0, lastActivityAt: 0, createdAt: 0, updatedAt: 0, previousAlertId: null,
    };
  };

  it('a runaway policy is stopped by the rate limit', async () => {
    await saveGovernanceRule(store.db, 'detection.test-runaway', 'revoke-sessions', { mode: 'automatic', maxPerHour: 2 }, clock.now());
    const alerts = [8, 9, 10, 11].map((i) => policyAlert(i, 'detection.test-runaway', 'revoke-sessions'));
    const made = await governance.onAlerts(alerts);
    expect(made.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'blocked', 'blocked']);
    expect(made[2]?.result).toMatch(/Rate limit: policy detection.test-runaway already asked .* 2 time\(s\) in the last hour \(at most 2\)/);
    expect(await events(made[3]!.id)).toEqual(['requested', 'rate-limited']);
    // The same alert asks once, however often detection hands it over.
    expect((await governance.onAlerts(alerts.slice(0, 1)))[0]?.id).toBe(made[0]?.id);
  });

  it('several policies, each within its own limit, are stopped together by the overall limit', async () => {
    const overall = new GovernanceService({ store, registry, logger: pino({ level: 'silent' }), clock, notifier: createNotifier({ clock }), sleep: async () => {}, overallPerHour: 2 });
    for (const policy of ['detection.test-a', 'detection.test-b']) await saveGovernanceRule(store.db, policy, 'require-reauth', { mode: 'automatic', maxPerHour: 5 }, clock.now());
    const made = await overall.onAlerts([policyAlert(12, 'detection.test-a', 'require-reauth'), policyAlert(13, 'detection.test-b', 'require-reauth'), policyAlert(14, 'detection.test-b', 'require-reauth')]);
    expect(made.map((r) => [r.policyId, r.status])).toEqual([
      ['detection.test-a', 'succeeded'],
      ['detection.test-b', 'succeeded'],
      ['detection.test-b', 'blocked'],
    ]);
    expect(made[2]?.result).toMatch(/^Rate limit: policies together already asked .* 2 time\(s\) in the last hour \(at most 2, PARAPET_GOVERNANCE_MAX_PER_HOUR\)/);
    expect(await events(made[2]!.id)).toEqual(['requested', 'rate-limited']);
  });

  it('a policy\'s rate-limit window is the last hour inclusive: a request made exactly an hour ago still counts, one a millisecond older does not', async () => {
    // Everything requested by earlier tests falls out of the window.
    clock.advance(2 * HOUR);
    await saveGovernanceRule(store.db, 'detection.test-window', 'revoke-sessions', { mode: 'automatic', maxPerHour: 1 }, clock.now());
    const first = (await governance.onAlerts([policyAlert(21, 'detection.test-window', 'revoke-sessions')]))[0]!;
    expect(first.status).toBe('succeeded');
    clock.set(first.createdAt + HOUR);
    const within = (await governance.onAlerts([policyAlert(22, 'detection.test-window', 'revoke-sessions')]))[0]!;
    expect(within).toMatchObject({ status: 'blocked', result: expect.stringMatching(/^Rate limit: policy detection.test-window already asked .* 1 time\(s\) in the last hour \(at most 1\)/) });
    clock.set(first.createdAt + HOUR + 1);
    const after = (await governance.onAlerts([policyAlert(23, 'detection.test-window', 'revoke-sessions')]))[0]!;
    expect(after.status).toBe('succeeded');
  });

  it('a target id of the wrong shape is refused before anything is sent (Graph ids are GUIDs)', async () => {
    const user = plainM365User(5);
    const hostile = `${user.id}' or 1 eq 1`;
    await store.db.updateTable('accounts').set({ provider_id: hostile }).where('provider_id', '=', user.id).execute();
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { mode: 'automatic' }, clock.now());
    try {
      const plan = await governance.dryRun({ kind: 'suspend-user', target: { ref: hostile, instance: 'm365' }, via: 'cli' }, admin);
      expect(plan.steps.map((s) => [s.calls, s.note])).toEqual([[[], expect.stringMatching(/^Would fail: Microsoft 365: ".*" is not a valid target id for suspend-user .*nothing was sent\.$/)]]);
      const refused = await governance.request({ kind: 'suspend-user', target: { ref: hostile, instance: 'm365' }, via: 'cli' }, admin);
      expect(refused).toMatchObject({ status: 'failed', attempts: 1, result: expect.stringMatching(/is not a valid target id for suspend-user \(expected .*\); nothing was sent\.$/) });
      expect(await events(refused.id)).toEqual(['requested', 'approved', 'attempt', 'failed', 'notified']);
      expect(enabled(user.id)).toBe(true);
    } finally {
      await store.db.updateTable('accounts').set({ provider_id: user.id }).where('provider_id', '=', hostile).execute();
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  });

  it('a rule that lets analysts approve lets them undo too; an action with no reverse says so, and where what it removed is kept', async () => {
    const user = plainM365User(8);
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { approverRoles: ['analyst'], allowSelfApproval: true }, clock.now());
    await saveGovernanceRule(store.db, 'manual', 'revoke-sessions', { mode: 'automatic' }, clock.now());
    await saveGovernanceRule(store.db, 'manual', 'remove-forwarding-rules', { mode: 'automatic' }, clock.now());
    try {
      const request = await governance.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli', reason: 'phished' }, analyst);
      expect(request).toMatchObject({ status: 'pending', approverRoles: ['analyst'], approvalRequired: true });
      expect(await governance.approve(request.id, analyst)).toMatchObject({ status: 'succeeded', decidedBy: 'ana' });
      expect(enabled(user.id)).toBe(false);
      // The undo records the channel it came through, not the original's.
      expect(await governance.undo(request.id, analyst, 'api')).toMatchObject({ kind: 'unsuspend-user', status: 'succeeded', requestedVia: 'api', requestedBy: 'ana' });
      expect(enabled(user.id)).toBe(true);

      const revoked = await governance.request({ kind: 'revoke-sessions', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(revoked.status).toBe('succeeded');
      const noReverse = governance.undo(revoked.id, admin);
      await expect(noReverse).rejects.toThrow(/^revoke-sessions cannot be undone: the provider offers no reverse action \(only suspend and unsuspend have one\)\.$/);
      const rules = await governance.request({ kind: 'remove-forwarding-rules', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(rules.status, String(rules.result)).toBe('succeeded');
      await expect(governance.undo(rules.id, admin)).rejects.toThrow(`What it removed is kept in its log entry's evidence (\`parapet action show ${rules.id}\`) to restore by hand.`);
    } finally {
      for (const kind of ['suspend-user', 'revoke-sessions', 'remove-forwarding-rules']) await saveGovernanceRule(store.db, 'manual', kind, {}, clock.now());
    }
  });

  it('an undo restores what Parapet did even when the account was protected since', async () => {
    const user = plainM365User(9);
    await saveGovernanceRule(store.db, 'manual', 'suspend-user', { mode: 'automatic' }, clock.now());
    try {
      const request = await governance.request({ kind: 'suspend-user', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(request.status).toBe('succeeded');
      await addProtected(store.db, { match: user.userPrincipalName, reason: 'now a VIP', addedBy: 'ada', now: clock.now() });
      expect(await governance.undo(request.id, admin)).toMatchObject({ kind: 'unsuspend-user', status: 'succeeded' });
      expect(enabled(user.id)).toBe(true);
    } finally {
      await removeProtected(store.db, user.userPrincipalName);
      await saveGovernanceRule(store.db, 'manual', 'suspend-user', {}, clock.now());
    }
  });

  it('only policies are held to the rate limits, and a policy never gets past the protected list', async () => {
    clock.advance(2 * HOUR);
    const overall = new GovernanceService({ store, registry, logger: pino({ level: 'silent' }), clock, notifier: createNotifier({ clock }), sleep: async () => {}, overallPerHour: 1 });
    await saveGovernanceRule(store.db, 'detection.test-limited', 'revoke-sessions', { mode: 'automatic', maxPerHour: 1 }, clock.now());
    await saveGovernanceRule(store.db, 'manual', 'revoke-sessions', { mode: 'automatic' }, clock.now());
    const protectedUser = plainM365User(12);
    await addProtected(store.db, { match: protectedUser.userPrincipalName, reason: 'board member', addedBy: 'ada', now: clock.now() });
    try {
      const [first, limited] = await overall.onAlerts([policyAlert(10, 'detection.test-limited', 'revoke-sessions'), policyAlert(11, 'detection.test-limited', 'revoke-sessions')]);
      expect([first?.status, limited?.status]).toEqual(['succeeded', 'blocked']);
      // A person asking is not a runaway policy: the same action by hand still runs.
      const byHand = await overall.request({ kind: 'revoke-sessions', target: { ref: plainM365User(11).id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(byHand.status, String(byHand.result)).toBe('succeeded');
      // Within its limits or not, a policy's request on a protected account is blocked as protected.
      await saveGovernanceRule(store.db, 'detection.test-protected', 'revoke-sessions', { mode: 'automatic', maxPerHour: 10 }, clock.now());
      const [onProtected] = await governance.onAlerts([policyAlert(12, 'detection.test-protected', 'revoke-sessions')]);
      expect(onProtected).toMatchObject({ status: 'blocked', result: expect.stringMatching(/is protected .*board member/) });
      expect(await events(onProtected!.id)).toEqual(['requested', 'blocked']);
    } finally {
      await removeProtected(store.db, protectedUser.userPrincipalName);
      await saveGovernanceRule(store.db, 'manual', 'revoke-sessions', {}, clock.now());
    }
  });

  it('by default a policy may ask 5 times an hour, and policies together 20', async () => {
    clock.advance(2 * HOUR);
    const own = policyAlert(13, 'detection.test-own-default', 'revoke-sessions');
    const asked = await governance.onAlerts(Array.from({ length: 6 }, (_, i) => ({ ...own, id: `al-own-default-${i}` })));
    expect(asked.map((r) => r.status)).toEqual([...Array<string>(5).fill('pending'), 'blocked']);
    expect(asked[5]?.result).toMatch(/^Rate limit: policy detection.test-own-default already asked .* 5 time\(s\) in the last hour \(at most 5\)/);
    for (const request of asked.slice(0, 5)) await governance.cancel(request.id, admin);

    clock.advance(2 * HOUR);
    await saveGovernanceRule(store.db, 'detection.test-default', 'revoke-sessions', { maxPerHour: 100 }, clock.now());
    const base = policyAlert(13, 'detection.test-default', 'revoke-sessions');
    // Waiting for approval, so nothing is sent: the limits count requests, not changes made.
    const made = await governance.onAlerts(Array.from({ length: 21 }, (_, i) => ({ ...base, id: `al-default-${i}` })));
    expect(made.map((r) => r.status)).toEqual([...Array<string>(20).fill('pending'), 'blocked']);
    expect(made[20]?.result).toMatch(/^Rate limit: policies together already asked .* 20 time\(s\) in the last hour \(at most 20, PARAPET_GOVERNANCE_MAX_PER_HOUR\)/);
    for (const request of made.slice(0, 20)) await governance.cancel(request.id, admin);
  });

  it('asks once per alert and action for a policy, but a person may ask again about the same alert', async () => {
    clock.advance(2 * HOUR);
    const alert = policyAlert(14, 'detection.test-once', 'revoke-sessions');
    const [byPolicy] = await governance.onAlerts([alert]);
    expect(byPolicy?.status).toBe('pending');
    expect((await governance.onAlerts([alert]))[0]?.id).toBe(byPolicy?.id);
    const ask = () => governance.request({ kind: 'revoke-sessions', target: { ref: plainM365User(14).id, instance: 'm365' }, via: 'cli', alertId: alert.id }, analyst);
    const [first, second] = [await ask(), await ask()];
    expect(new Set([byPolicy?.id, first.id, second.id]).size).toBe(3);
    expect([first.status, second.status]).toEqual(['pending', 'pending']);
    for (const request of [byPolicy!, first, second]) await governance.cancel(request.id, admin);
  });

  it('a person already e-mailed is not e-mailed again because the chat webhook is down: the notice succeeds and says the channel was not told', async () => {
    const user = plainM365User(6);
    const down = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const downPort = (down.address() as AddressInfo).port;
    const notifier = createNotifier({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, webhookUrl: `http://127.0.0.1:${downPort}/hook`, clock });
    const service = new GovernanceService({ store, registry, logger: pino({ level: 'silent' }), clock, sleep: async () => {}, notifier });
    mails.length = 0;
    try {
      const done = await service.request({ kind: 'notify-user', target: { ref: user.userPrincipalName }, via: 'cli', reason: 'Sign-in from an unusual country' }, analyst);
      expect(mails).toHaveLength(1);
      expect(done.status, String(done.result)).toBe('succeeded');
      expect(String(done.result)).toContain(`The chat webhook was not told: The webhook http://127.0.0.1:${downPort} answered HTTP 503.`);
    } finally {
      await new Promise<void>((resolve) => down.close(() => resolve()));
    }
  });

  it('notifies through the webhook alone when no e-mail server is set; a webhook that is down never fails the action', async () => {
    const user = plainM365User(6);
    const hookPort = (hook.address() as AddressInfo).port;
    const webhookOnly = new GovernanceService({ store, registry, logger: pino({ level: 'silent' }), clock, sleep: async () => {}, notifier: createNotifier({ webhookUrl: `http://127.0.0.1:${hookPort}/hook`, webhookSecret: 'hook-secret', clock }) });
    hooks.length = 0;
    const notified = await webhookOnly.request({ kind: 'notify-user', target: { ref: user.userPrincipalName }, via: 'cli', reason: 'Sign-in from a new country' }, analyst);
    expect(notified, String(notified.result)).toMatchObject({ status: 'succeeded', route: 'notify' });
    expect(hookEvents()).toEqual(['notified']);
    const silent = new GovernanceService({ store, registry, logger: pino({ level: 'silent' }), clock, sleep: async () => {}, notifier: createNotifier({ clock }) });
    expect(await silent.request({ kind: 'notify-user', target: { ref: user.userPrincipalName }, via: 'cli' }, analyst)).toMatchObject({
      status: 'blocked',
      result: `Nothing connected can notify ${user.userPrincipalName.toLowerCase()}: no e-mail server (PARAPET_SMTP_URL), outbox (PARAPET_MAIL_OUTBOX=1) or webhook (PARAPET_WEBHOOK_URL) is configured.`,
    });

    const down = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const downPort = (down.address() as AddressInfo).port;
    const unheard = new GovernanceService({ store, registry, logger: pino({ level: 'silent' }), clock, sleep: async () => {}, notifier: createNotifier({ webhookUrl: `http://127.0.0.1:${downPort}/hook`, webhookSecret: 'hook-secret', clock }) });
    await saveGovernanceRule(store.db, 'manual', 'revoke-sessions', { mode: 'automatic' }, clock.now());
    try {
      const done = await unheard.request({ kind: 'revoke-sessions', target: { ref: user.id, instance: 'm365' }, via: 'cli' }, analyst);
      expect(done.status).toBe('succeeded');
      const notices = (await governance.log_({ actionId: done.id })).filter((e) => e.event === 'notified');
      expect(notices.map((e) => [e.detail, e.data.ok])).toEqual([[`Could not post to the webhook: The webhook http://127.0.0.1:${downPort} answered HTTP 503.`, false]]);
    } finally {
      await saveGovernanceRule(store.db, 'manual', 'revoke-sessions', {}, clock.now());
      await new Promise<void>((resolve) => down.close(() => resolve()));
    }
  });

  it('undoing a containment reverses only the steps that succeeded, never one that failed', async () => {
    const inBoth = await plainPeopleInBoth();
    const person = inBoth.at(-2);
    if (!person?.email) throw new Error('no second person in both apps');
    const m365User = m365.tenant().users.find((u) => u.userPrincipalName.toLowerCase() === person.email)!;
    const request = await governance.request({ kind: 'contain-person', target: { ref: person.email }, via: 'api', reason: 'account takeover' }, analyst);
    ds.faults.add({ kind: 'server-error', path: `/users/${person.provider_id}/dsprofile` });
    let steps: Awaited<ReturnType<typeof governance.list>>;
    try {
      const done = await governance.approve(request.id, admin);
      expect(done, String(done.result)).toMatchObject({ status: 'partial' });
      steps = await governance.list({ parentId: request.id });
      expect(steps.filter((s) => s.status === 'failed').map((s) => s.kind)).toEqual(['suspend-user']);
    } finally {
      ds.faults.clear();
    }
    expect(enabled(m365User.id)).toBe(false);
    expect(await governance.undo(request.id, admin)).toMatchObject({ status: 'undone' });
    expect(enabled(m365User.id)).toBe(true);
    const after = await governance.list({ parentId: request.id });
    expect(after.filter((s) => s.kind === 'suspend-user').map((s) => [s.status, s.undoneBy === null]).sort()).toEqual([['failed', true], ['undone', false]]);
    const undos = (await governance.list({ kind: 'unsuspend-user' })).filter((r) => steps.some((s) => s.id === r.undoOf));
    expect(undos.map((r) => [r.status, r.connectorInstanceId, r.requestedVia, r.requestedBy])).toEqual([['succeeded', steps.find((s) => s.kind === 'suspend-user' && s.status === 'succeeded')?.connectorInstanceId, 'cli', 'ada']]);
  });

  it('a person known to one app only is acted on through that account; an unknown person is named back', async () => {
    const dsId = (await store.db.selectFrom('connector_instances').select('id').where('name', '=', 'ds').executeTakeFirstOrThrow()).id;
    const account = await store.db.selectFrom('accounts').select(['id', 'provider_id', 'email', 'identity_id']).where('connector_instance_id', '=', dsId).where('is_admin', '=', 0).where('status', '=', 'active').where('provider_id', '!=', ds.config.userId).orderBy('provider_id', 'desc').executeTakeFirstOrThrow();
    await store.db.updateTable('accounts').set({ identity_id: null, email: 'solo@contractor.example' }).where('id', '=', account.id).execute();
    try {
      const request = await governance.request({ kind: 'suspend-user', target: { type: 'identity', ref: 'Solo@Contractor.example' }, via: 'cli' }, analyst);
      expect(request, String(request.result)).toMatchObject({ status: 'pending', targetType: 'identity', route: 'app', connectorInstanceId: dsId, providerTargetId: account.provider_id });
      await governance.cancel(request.id, admin);
      // Gone from the app: the refusal says so, not only that no identity provider holds them.
      await store.db.updateTable('accounts').set({ status: 'deleted' }).where('id', '=', account.id).execute();
      expect(await governance.request({ kind: 'suspend-user', target: { type: 'identity', ref: 'solo@contractor.example' }, via: 'cli' }, analyst)).toMatchObject({
        status: 'blocked',
        result: 'Nothing connected can suspend the user for solo@contractor.example: no connected identity provider holds solo@contractor.example; solo@contractor.example is deleted in DocuSign (ds).',
      });
      await expect(governance.request({ kind: 'suspend-user', target: { type: 'identity', ref: 'nobody@contractor.example' }, via: 'cli' }, analyst)).rejects.toThrow('No person "nobody@contractor.example" in the inventory. Sync the apps first, or check the e-mail.');
    } finally {
      await store.db.updateTable('accounts').set({ identity_id: account.identity_id, email: account.email, status: 'active' }).where('id', '=', account.id).execute();
    }
  });

  it('a policy\'s action lands where its alert is: the alert\'s app for an account, the app it names for an OAuth app', async () => {
    clock.advance(2 * HOUR);
    const dsId = (await store.db.selectFrom('connector_instances').select('id').where('name', '=', 'ds').executeTakeFirstOrThrow()).id;
    const m365Id = (await store.db.selectFrom('connector_instances').select('id').where('name', '=', 'm365').executeTakeFirstOrThrow()).id;
    const candidates = await store.db.selectFrom('accounts').select(['email', 'provider_id']).where('connector_instance_id', '=', dsId).where('identity_id', 'is not', null).where('is_admin', '=', 0).orderBy('email').execute();
    const person = candidates.find((c) => c.email && m365.tenant().users.some((u) => u.userPrincipalName.toLowerCase() === c.email && u.accountEnabled && !admins.has(u.id)));
    if (!person?.email) throw new Error('no person in both apps');
    const app = await store.db.selectFrom('oauth_apps').select(['id', 'provider_id']).where('connector_instance_id', '=', m365Id).where('deleted', '=', 0).orderBy('id').executeTakeFirstOrThrow();
    const base = policyAlert(0, 'detection.test-landing', 'suspend-user');
    const [account, oauthApp] = await governance.onAlerts([
      // The person has accounts in both apps: an alert from DocuSign suspends in DocuSign, no need to name the app.
      { ...base, id: 'al-landing-account', connectorInstanceId: dsId, provider: 'docusign', subject: { type: 'user', key: person.email, email: person.email, userId: person.provider_id, identityId: null } },
      { ...base, id: 'al-landing-app', connectorInstanceId: m365Id, subject: { type: 'app', key: app.provider_id, email: null, userId: null, identityId: null }, requestedActions: ['revoke-oauth-app'] },
    ]);
    expect(account, String(account?.result)).toMatchObject({ kind: 'suspend-user', status: 'pending', route: 'app', connectorInstanceId: dsId, providerTargetId: person.provider_id });
    expect(oauthApp, String(oauthApp?.result)).toMatchObject({ kind: 'revoke-oauth-app', status: 'pending', targetType: 'oauth-app', targetId: app.id, connectorInstanceId: m365Id });
    for (const request of [account!, oauthApp!]) await governance.cancel(request.id, admin);

    await setInstanceEnabled(store.db, m365Id, false, clock.now());
    try {
      const refused = await governance.request({ kind: 'revoke-oauth-app', target: { type: 'oauth-app', ref: app.id }, via: 'cli' }, analyst);
      expect(refused).toMatchObject({ status: 'blocked', result: expect.stringMatching(/^Nothing connected can revoke an oauth app ".*": the app connection Microsoft 365 \(m365\) is disabled \(re-enable it with `parapet enable m365`\)\.$/) });
    } finally {
      await setInstanceEnabled(store.db, m365Id, true, clock.now());
    }
    // An app on the protected list (by its id in the provider) is not revoked either.
    await addProtected(store.db, { match: app.provider_id, reason: 'the payroll integration', addedBy: 'ada', now: clock.now() });
    try {
      const kept = await governance.request({ kind: 'revoke-oauth-app', target: { type: 'oauth-app', ref: app.id }, via: 'cli' }, analyst);
      expect(kept).toMatchObject({ status: 'blocked', result: `${app.provider_id} is protected (${app.provider_id.toLowerCase()}: the payroll integration).` });
    } finally {
      await removeProtected(store.db, app.provider_id);
    }
  });
});

describe('which failures governance tries again', () => {
  it('throttling, the network and 5xx (or no status at all) are transient; refused credentials, other statuses and anything else are not', () => {
    const transient = [new RateLimitedError('429'), new NetworkError('reset'), new ProviderError('gateway'), new ProviderError('500', { status: 500 }), new ProviderError('503', { status: 503 })];
    const final = [new AuthError('expired'), new AuthError('401', { status: 401 }), new AuthError('odd', { status: 503 }), new ProviderError('499', { status: 499 }), new ProviderError('400', { status: 400 }), new Error('bug'), 'thrown text'];
    expect(transient.map(isTransient)).toEqual(transient.map(() => true));
    expect(final.map(isTransient)).toEqual(final.map(() => false));
  });
});
