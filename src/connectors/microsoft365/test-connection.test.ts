import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult } from '../sdk/define-connector.js';
import microsoft365 from './index.js';
import type { Microsoft365Config } from './config.js';
import { microsoft365Simulator, type M365SimulatorOptions, type RunningM365Simulator } from './simulator/index.js';
import { sessionFor, testRuntime } from './test-support.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');

async function withSim<T>(options: M365SimulatorOptions, run: (sim: RunningM365Simulator) => Promise<T>): Promise<T> {
  const sim = await microsoft365Simulator.start({ frozenAt: FROZEN, auditLogsRequestsPer10Seconds: 10_000, ...options });
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

async function test(sim: RunningM365Simulator, config: Microsoft365Config = sim.config): Promise<TestResult> {
  const runtime = testRuntime(config, sim.now());
  return microsoft365.testConnection(sessionFor(config, runtime), runtime);
}

function named(result: TestResult, name: string) {
  const check = result.checks.find((c) => c.name === name);
  if (!check) throw new Error(`no check ${name} in ${result.checks.map((c) => c.name).join(', ')}`);
  return check;
}

describe('testConnection', () => {
  let sim: RunningM365Simulator;
  beforeAll(async () => {
    sim = await microsoft365Simulator.start({ frozenAt: FROZEN, auditLogsRequestsPer10Seconds: 10_000 });
  });
  afterAll(() => sim.close());

  it('passes every named check on a correctly set-up tenant, and starts the subscriptions', async () => {
    const result = await test(sim);
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual([
      'token',
      'permission:ActivityFeed.Read',
      'permission:User.Read.All',
      'permission:Group.Read.All',
      'permission:Directory.Read.All',
      'permission:RoleManagement.Read.Directory',
      'permission:Application.Read.All',
      'permission:AuditLog.Read.All',
      'permission:Policy.Read.All',
      'permission:Domain.Read.All',
      'permissions-for-actions',
      'unified-audit-log',
      'subscription:Audit.AzureActiveDirectory',
      'subscription:Audit.Exchange',
      'subscription:Audit.SharePoint',
      'subscription:Audit.General',
      'sign-in-logs',
    ]);
    expect(sim.subscriptions().map((s) => s.contentType).sort()).toEqual(['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.General', 'Audit.SharePoint']);
    // A second test finds them already enabled.
    expect((await test(sim)).ok).toBe(true);
  });

  it('works with a certificate instead of a secret', async () => {
    expect((await test(sim, sim.certificateConfig)).ok).toBe(true);
  });

  it('names the tenant id when the app is not registered in that tenant', async () => {
    const result = await test(sim, sim.wrongTenantConfig);
    expect(result.ok).toBe(false);
    expect(result.checks).toHaveLength(1);
    expect(named(result, 'token').detail).toMatch(/AADSTS700016.*Directory \(tenant\) ID and the Application \(client\) ID/);
  });

  it('names the tenant id when the tenant does not exist', async () => {
    expect(named(await test(sim, sim.unknownTenantConfig), 'token').detail).toMatch(/AADSTS90002.*Directory \(tenant\) ID/);
  });

  it('says to paste the secret value when the secret is wrong, without echoing it', async () => {
    const result = await test(sim, sim.badCredentialConfig);
    const detail = named(result, 'token').detail;
    expect(detail).toMatch(/AADSTS7000215.*secret's Value — not its Secret ID.*Certificates & secrets/);
    expect(detail).not.toContain(sim.badCredentialConfig.clientSecret ?? '???');
  });
});

describe('testConnection failure modes', () => {
  it('explains missing admin consent and which permission each check needs', () =>
    withSim({ adminConsent: false }, async (sim) => {
      const result = await test(sim);
      expect(result.ok).toBe(false);
      expect(named(result, 'admin-consent').detail).toMatch(/admin consent has not been granted.*Grant admin consent for/);
      expect(named(result, 'permission:User.Read.All')).toMatchObject({ ok: false });
      expect(named(result, 'permission:ActivityFeed.Read').detail).toMatch(/Office 365 Management APIs.*Application permissions → ActivityFeed\.Read/);
      expect(named(result, 'unified-audit-log').detail).toMatch(/Not checked: .*ActivityFeed\.Read is missing/);
      expect(named(result, 'permissions-for-actions')).toMatchObject({ ok: true, detail: expect.stringMatching(/^Optional/) });
    }));

  it('flags one missing Graph permission by name', () =>
    withSim({ adminConsent: { graph: ['User.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Application.Read.All', 'AuditLog.Read.All', 'Domain.Read.All'], manage: ['ActivityFeed.Read'] } }, async (sim) => {
      const result = await test(sim);
      expect(result.ok).toBe(false);
      const failed = result.checks.filter((c) => !c.ok).map((c) => c.name);
      expect(failed).toEqual(['permission:Policy.Read.All']);
      expect(named(result, 'permission:Policy.Read.All').detail).toMatch(/Microsoft Graph → Application permissions → Policy\.Read\.All/);
      // RoleManagement.Read.Directory is satisfied by Directory.Read.All.
      expect(named(result, 'permission:RoleManagement.Read.Directory').ok).toBe(true);
    }));

  it('explains how to turn on unified audit logging', () =>
    withSim({ unifiedAuditLogging: false }, async (sim) => {
      const result = await test(sim);
      expect(result.ok).toBe(false);
      expect(named(result, 'unified-audit-log').detail).toMatch(/unified audit logging is not turned on.*Purview portal → Audit → "Start recording user and admin activity".*Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled \$true/);
      expect(named(result, 'subscription:Audit.Exchange').ok).toBe(false);
      expect(named(result, 'sign-in-logs').ok).toBe(true);
    }));

  it('says sign-in logs need Entra ID P1 or P2', () =>
    withSim({ entraLicense: 'free' }, async (sim) => {
      const result = await test(sim);
      expect(named(result, 'sign-in-logs')).toMatchObject({ ok: false, detail: expect.stringMatching(/P1 or P2 licence/) });
      expect(result.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['sign-in-logs']);
      const withoutSignIns = await test(sim, { ...sim.config, includeSignIns: false });
      expect(withoutSignIns.ok).toBe(true);
    }));
});
