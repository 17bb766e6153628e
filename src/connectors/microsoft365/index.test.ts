import { describe, expect, it } from 'vitest';
import { DAY, systemClock } from '../../core/clock.js';
import { HostNotAllowedError } from '../../core/errors.js';
import { CAPABILITIES } from '../sdk/define-connector.js';
import { HttpClient } from '../sdk/http-client.js';
import { RateLimitGovernor } from '../sdk/rate-limit-governor.js';
import { M365TokenProvider } from './auth.js';
import microsoft365 from './index.js';
import { Microsoft365ConfigSchema, m365Endpoints } from './config.js';
import { microsoft365Simulator } from './simulator/index.js';
import { readActivities, readSnapshot, sessionFor, testRuntime } from './test-support.js';

const base = { tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', clientId: 'ea07e43e-b56c-45d1-b080-95d1479b1333' };

describe('Microsoft 365 connector definition', () => {
  it('is a multi-instance identity provider with every capability, streams, actions and 25 posture checks', () => {
    expect(microsoft365).toMatchObject({ id: 'microsoft365', displayName: 'Microsoft 365', multiInstance: true, identityProvider: true });
    expect([...microsoft365.capabilities].sort()).toEqual([...CAPABILITIES].sort());
    expect(Object.entries(microsoft365.streams).map(([name, s]) => [name, s.kind === 'snapshot' ? s.entity : 'activities'])).toEqual([
      ['accounts', 'accounts'],
      ['groups', 'groups'],
      ['privileges', 'privileges'],
      ['oauthApps', 'oauthApps'],
      ['settings', 'settings'],
      ['activities', 'activities'],
    ]);
    expect(microsoft365.postureChecks).toHaveLength(25);
    expect(microsoft365.secretFields).toEqual(['clientSecret', 'certificate']);
  });

  it('validates its config: one credential, loopback-only simulator, thumbprints normalised, defaults filled', () => {
    const parsed = Microsoft365ConfigSchema.parse({ ...base, clientSecret: 's3cr3t-value' });
    expect(parsed).toMatchObject({ environment: 'commercial', components: ['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.SharePoint', 'Audit.General'], includeSignIns: true, includeNonInteractiveSignIns: false });
    expect(Microsoft365ConfigSchema.safeParse(base).success).toBe(false);
    expect(Microsoft365ConfigSchema.safeParse({ ...base, clientSecret: 'x', certificate: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----', thumbprint: 'a'.repeat(40) }).success).toBe(false);
    const cert = Microsoft365ConfigSchema.parse({ ...base, certificate: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----', thumbprint: 'ab:cd '.repeat(10).trim() + '' });
    expect(cert.thumbprint).toBe('ABCD'.repeat(10));
    expect(Microsoft365ConfigSchema.safeParse({ ...base, clientSecret: 'x', environment: 'simulator', simulatorUrl: 'https://example.com' }).success).toBe(false);
    expect(Microsoft365ConfigSchema.safeParse({ ...base, clientSecret: 'x', simulatorUrl: 'http://127.0.0.1:1234' }).success).toBe(false);
    expect(Microsoft365ConfigSchema.safeParse({ ...base, clientSecret: 'x', components: [] }).success).toBe(false);
    expect(Microsoft365ConfigSchema.safeParse({ ...base, tenantId: 'contoso.com', clientSecret: 'x' }).success).toBe(false);
  });

  it('sends credentials only to the cloud\'s own hosts', () => {
    const config = (environment: string) => Microsoft365ConfigSchema.parse({ ...base, clientSecret: 'x', environment });
    expect(microsoft365.allowedHosts(config('commercial'))).toEqual(['login.microsoftonline.com', 'manage.office.com', 'graph.microsoft.com']);
    expect(microsoft365.allowedHosts(config('gcc'))).toEqual(['login.microsoftonline.com', 'manage-gcc.office.com', 'graph.microsoft.com']);
    expect(microsoft365.allowedHosts(config('gcc-high'))).toEqual(['login.microsoftonline.us', 'manage.office365.us', 'graph.microsoft.us']);
    expect(microsoft365.allowedHosts(config('dod'))).toEqual(['login.microsoftonline.us', 'manage.protection.apps.mil', 'dod-graph.microsoft.us']);
    expect(m365Endpoints(config('dod')).manageResource).toBe('https://manage.protection.apps.mil');
  });

  it('pins each token to its audience: a Graph token never goes to the Management API, nor the reverse', async () => {
    const config = Microsoft365ConfigSchema.parse({ ...base, clientSecret: 'x' });
    const http = new HttpClient({ allowedHosts: microsoft365.allowedHosts(config), governor: new RateLimitGovernor({ requestsPerSecond: 100, burst: 100 }) });
    const tokens = new M365TokenProvider(http, config, m365Endpoints(config), systemClock);
    const graphToManage = await http.request({ operation: 'microsoft365.manage.list', url: 'https://manage.office.com/api/v1.0/x/activity/feed/subscriptions/list', auth: tokens.auth('graph') }).catch((e: unknown) => e);
    const manageToGraph = await http.request({ operation: 'microsoft365.graph.users', url: 'https://graph.microsoft.com/v1.0/users', auth: tokens.auth('manage') }).catch((e: unknown) => e);
    expect(graphToManage).toBeInstanceOf(HostNotAllowedError);
    expect(manageToGraph).toBeInstanceOf(HostNotAllowedError);
    expect(http.requestsSent).toBe(0);
  });

  it('refuses to follow a paging link to a foreign host with the token', async () => {
    const sim = await microsoft365Simulator.start({ frozenAt: Date.parse('2025-03-14T12:00:00Z') });
    try {
      const runtime = testRuntime(sim.config, sim.now());
      const session = sessionFor(sim.config, runtime);
      const pages = session.client.graphPages('microsoft365.graph.users', 'https://evil.example/v1.0/users', undefined);
      await expect(pages[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(HostNotAllowedError);
    } finally {
      await sim.close();
    }
  });

  it('keeps the secret, the certificate key and the tokens out of every log line', async () => {
    const sim = await microsoft365Simulator.start({ frozenAt: Date.parse('2025-03-14T12:00:00Z'), auditLogsRequestsPer10Seconds: 10_000 });
    try {
      for (const config of [sim.config, sim.certificateConfig, sim.badCredentialConfig]) {
        const runtime = testRuntime(config, sim.now());
        const session = sessionFor(config, runtime);
        const errors: string[] = [];
        const keep = (e: unknown) => void errors.push(e instanceof Error ? e.message : String(e));
        sim.faults.add({ kind: 'rate-limit', path: '/v1.0/users', times: 1 });
        sim.faults.add({ kind: 'rate-limit', path: '/activity/feed/audit/', times: 1 });
        errors.push(...(await microsoft365.testConnection(session, runtime)).checks.map((c) => c.detail));
        await readSnapshot('accounts', session, runtime).catch(keep);
        await readActivities(session, runtime, null, sim.now() - DAY).catch(keep);
        sim.faults.clear();
        const text = JSON.stringify([runtime.logs, errors]);
        if (config !== sim.badCredentialConfig) expect(runtime.logs.some((l) => l.msg === 'throttled by provider, waiting')).toBe(true);
        if (config.clientSecret) expect(text).not.toContain(config.clientSecret);
        if (config.certificate) for (const line of config.certificate.split('\n').filter((l) => l.length > 24 && !l.startsWith('-----'))) expect(text).not.toContain(line);
        expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
      }
    } finally {
      await sim.close();
    }
  });
});
