import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY } from '../../../core/clock.js';
import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import { rsaKeyPair } from '../../sdk/simulator/rsa-key-pair.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { CONTENT_RETENTION_MS, RETENTION_MARGIN_MS } from '../activity-window.js';
import { Microsoft365ConfigSchema, type Microsoft365Config } from '../config.js';
import { CONTENT_TYPES } from './feed.js';
import type { ContentType } from './records.js';
import { M365_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { DEFAULT_RECORDS_PER_BLOB, SimulatorState, type M365SimulatorOptions, type Subscription } from './state.js';
import type { SimMessageRule } from './message-rules.js';
import type { Persona } from './tenant.js';

export type { M365SimulatorOptions } from './state.js';
export { CONNECTOR_GRAPH_ROLES } from './state.js';
export { M365_SCENARIOS, M365_SCENARIO_IDS, EXTERNAL_FORWARD_ADDRESS, MALICIOUS_APP_NAME } from './scenarios.js';
export type { ContentType } from './records.js';
export type { SimMessageRule } from './message-rules.js';

/** Facts about the seeded tenant that tests and the demo refer to. */
export interface M365TenantInfo {
  tenantId: string;
  displayName: string;
  domain: string;
  initialDomain: string;
  /** The connector app registration (its secret is only in `config`). */
  clientId: string;
  servicePrincipalId: string;
  /** A real tenant the app is not registered in (the "wrong tenant" mistake). */
  otherTenantId: string;
  /** Members first, in workforce order (`workforceIndex` i is the demo organisation's person i), then Microsoft 365's own accounts. */
  users: { id: string; workforceIndex: number | null; userPrincipalName: string; mail: string | null; displayName: string; jobTitle: string | null; accountEnabled: boolean; userType: string; onPremisesSyncEnabled: boolean | null; personas: Persona[] }[];
  groupIds: string[];
}

export interface RunningM365Simulator extends RunningSimulator<Microsoft365Config> {
  /** The tenant's "now" (frozen, or the wall clock, plus `advance`). */
  now(): number;
  /** Moves the tenant's clock forward, e.g. so an action's audit record reaches the feed. */
  advance(ms: number): Promise<void>;
  tenant(): M365TenantInfo;
  /** The same app, asking a tenant it is not registered in (AADSTS700016). */
  wrongTenantConfig: Microsoft365Config;
  /** A tenant id that does not exist (AADSTS90002). */
  unknownTenantConfig: Microsoft365Config;
  /** The app authenticating with its certificate instead of its secret. */
  certificateConfig: Microsoft365Config;
  /** Changes the options that make the simulator hard (gateways, gzip, short pages, throttling, strict OData) while it runs. */
  setHardships(options: Pick<M365SimulatorOptions, 'gatewayErrorEvery' | 'gatewayRetryAfterSeconds' | 'gzip' | 'shortPages' | 'directoryThrottleEvery' | 'strictOData'>): void;
  /** What those options did so far. */
  hardships(): SimulatorState['hardships'] & { directoryThrottled: number; directoryThrottledWithoutRetryAfter: number };
  /** Turns unified audit logging on or off, as an admin in Purview would. */
  setUnifiedAuditLogging(enabled: boolean): void;
  setEntraLicense(license: 'free' | 'P1' | 'P2'): void;
  /** Merges fields into a policy document (`authorizationPolicy`, `adminConsentRequestPolicy`, ...) while it runs. */
  updatePolicy(key: string, patch: Record<string, unknown>): void;
  /**
   * The posture-drift scenario: guests get member-like directory access (M365-12) and the admin consent
   * workflow is switched off (M365-09): two passing checks turn into failures.
   */
  weakenPosture(): { policy: string; field: string; from: unknown; to: unknown }[];
  subscriptions(): Subscription[];
  /** Management API requests that came without PublisherIdentifier. */
  requestsWithoutPublisherIdentifier(): number;
  /** Content blobs served. */
  blobFetches(): number;
  /** Requests the simulator's rate limits refused (injected faults not counted). */
  throttledRequests(): { manage: number; auditLogs: number };
  /** Every record id currently in any published, unexpired blob (including those outside a 7-day read). */
  feedRecordIds(): string[];
  /** A mailbox's inbox rules as they stand (a copy): what remove-forwarding-rules left. */
  messageRules(userId: string): SimMessageRule[];
  /**
   * What a first sync with the default 7-day backfill has to read at the least, in the window `truth()`
   * covers: the content blobs its listings show per content type (each needs one GET), and the sign-ins.
   */
  backfillVolume(): BackfillVolume;
}

/** See {@link RunningM365Simulator.backfillVolume}. */
export interface BackfillVolume {
  /** The Management API window (epoch ms): 7 days back from now, less the connector's safety margin. */
  contentStart: number;
  end: number;
  blobs: Record<ContentType, number>;
  /** Interactive and non-interactive sign-ins created in [end - 7 days, end). */
  signIns: number;
  nonInteractiveSignIns: number;
}

/** Where a first sync's Management API reading starts: 7 days back, less the margin the connector keeps. */
function backfillContentStart(now: number): number {
  return now - CONTENT_RETENTION_MS + RETENTION_MARGIN_MS;
}

/** The sign-ins a sync at `now` reads: [now - 7 days, now); one exactly at `now` belongs to the next sync. */
function backfillSignIns(signIns: readonly Record<string, unknown>[], now: number): Record<string, unknown>[] {
  return signIns.filter((s) => {
    const created = Date.parse(String(s.createdDateTime));
    return created >= now - 7 * DAY && created < now;
  });
}

export interface M365SimulatorFactory extends SimulatorFactory<Microsoft365Config> {
  start(options?: M365SimulatorOptions): Promise<RunningM365Simulator>;
}

/**
 * A local Microsoft 365: Entra token endpoints (v1/v2, secret and certificate), the Office 365 Management
 * Activity API and Microsoft Graph on one port, over a seeded tenant with 30 days of history and attack
 * scenarios in the last four days.
 */
export const microsoft365Simulator: M365SimulatorFactory = {
  scenarios: M365_SCENARIO_IDS,
  maxPageSize: DEFAULT_RECORDS_PER_BLOB,
  async start(options: M365SimulatorOptions = {}): Promise<RunningM365Simulator> {
    const state = new SimulatorState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    state.baseUrl = baseUrl;
    const { tenant } = state;

    const certificate = rsaKeyPair('pkcs8');
    const thumbprint = state.registerCertificate(certificate.publicKey);

    const config = Microsoft365ConfigSchema.parse({
      environment: 'simulator',
      tenantId: tenant.id,
      clientId: tenant.connectorApp.clientId,
      clientSecret: tenant.connectorApp.clientSecret,
      simulatorUrl: baseUrl,
    });
    const badCredentialConfig: Microsoft365Config = { ...config, clientSecret: `${tenant.connectorApp.clientSecret.slice(0, -4)}XXXX` };
    const wrongTenantConfig: Microsoft365Config = { ...config, tenantId: tenant.otherTenantId };
    const unknownTenantConfig: Microsoft365Config = { ...config, tenantId: randomUUID() };
    const { clientSecret: _secret, ...withoutSecret } = config;
    const certificateConfig: Microsoft365Config = Microsoft365ConfigSchema.parse({ ...withoutSecret, certificate: certificate.privateKey, thumbprint: thumbprint });

    // Files for `parapet connect microsoft365 ...` (throwaway credentials, removed on close).
    const configDir = mkdtempSync(join(tmpdir(), 'parapet-m365-sim-'));
    const secretFile = join(configDir, 'client-secret.txt');
    writeFileSync(secretFile, tenant.connectorApp.clientSecret, { mode: 0o600 });
    const configFile = join(configDir, 'microsoft365-simulator.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });

    const pump = () => void state.pumpNotifications().catch(() => undefined);
    const timer = state.frozen ? null : setInterval(pump, 1000);
    timer?.unref();

    server.onClose(() => {
      if (timer) clearInterval(timer);
      rmSync(configDir, { recursive: true, force: true });
    });
    return {
      urls: {
        login: `${baseUrl}/${tenant.id}/oauth2/v2.0/token`,
        manage: `${baseUrl}/api/v1.0/${tenant.id}/activity/feed`,
        graph: `${baseUrl}/v1.0`,
      },
      config,
      badCredentialConfig,
      wrongTenantConfig,
      unknownTenantConfig,
      certificateConfig,
      describe() {
        return [
          `Tenant "${tenant.displayName}" (${tenant.id}, ${tenant.domain}) with ${tenant.users.length} users, ${tenant.groups.length} groups, ${tenant.servicePrincipals.length} enterprise apps and 30 days of audit history (${clockMode(state)}).`,
          `App registration "${tenant.connectorApp.displayName}", client id ${tenant.connectorApp.clientId}; its client secret is in ${secretFile}.`,
          `Connect to it with: parapet connect microsoft365 --name m365-sim --environment simulator --simulator-url ${baseUrl} --tenant-id ${tenant.id} --client-id ${tenant.connectorApp.clientId} --client-secret-file ${secretFile}`,
          `  (or: parapet connect microsoft365 --name m365-sim --config ${configFile})`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        state.ensureGenerated();
        const now = state.now();
        const ids = new Set<string>();
        const providerRepeats: string[] = [];
        // What a first sync with the default 7-day backfill reads, on the tenant's clock (which the
        // connector reads from Microsoft's Date header).
        const start = backfillContentStart(now);
        for (const ct of CONTENT_TYPES) {
          for (const blob of state.listable(ct, start, now)) {
            if (state.feed.isExpired(blob, now)) continue;
            for (const record of blob.records) {
              const id = String(record.Id);
              if (ids.has(id)) providerRepeats.push(id);
              else ids.add(id);
            }
          }
        }
        for (const signIn of backfillSignIns(state.signIns(true), now)) ids.add(String(signIn.id));
        return { activityIds: [...ids], accountIds: tenant.users.map((u) => u.id), providerRepeats };
      },
      backfillVolume(): BackfillVolume {
        state.ensureGenerated();
        const now = state.now();
        const contentStart = backfillContentStart(now);
        const blobs = Object.fromEntries(CONTENT_TYPES.map((ct) => [ct, state.listable(ct, contentStart, now).length])) as Record<ContentType, number>;
        return { contentStart, end: now, blobs, signIns: backfillSignIns(state.signIns(true), now).length, nonInteractiveSignIns: backfillSignIns(state.signIns(false), now).length };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats(): SimulatorStats {
        return routeStats(state.byRoute);
      },
      now: () => state.now(),
      async advance(ms: number) {
        state.advance(ms);
        await state.pumpNotifications();
      },
      tenant: () => ({
        tenantId: tenant.id,
        displayName: tenant.displayName,
        domain: tenant.domain,
        initialDomain: tenant.initialDomain,
        clientId: tenant.connectorApp.clientId,
        servicePrincipalId: tenant.connectorApp.servicePrincipalId,
        otherTenantId: tenant.otherTenantId,
        users: tenant.users.map((u) => ({ id: u.id, workforceIndex: u.workforceIndex, userPrincipalName: u.userPrincipalName, mail: u.mail, displayName: u.displayName, jobTitle: u.jobTitle, accountEnabled: u.accountEnabled, userType: u.userType, onPremisesSyncEnabled: u.onPremisesSyncEnabled, personas: [...u.personas] })),
        groupIds: tenant.groups.map((g) => g.id),
      }),
      setHardships(changes) {
        Object.assign(state.options, changes);
      },
      hardships: () => ({ ...state.hardships, directoryThrottled: state.throttled.directory, directoryThrottledWithoutRetryAfter: state.throttled.directoryWithoutRetryAfter }),
      setUnifiedAuditLogging(enabled: boolean) {
        state.unifiedAuditLogging = enabled;
      },
      setEntraLicense(license) {
        state.entraLicense = license;
      },
      updatePolicy(key, patch) {
        state.tenant.policies[key] = { ...(state.tenant.policies[key] ?? {}), ...patch };
      },
      weakenPosture() {
        const changes = [
          { policy: 'authorizationPolicy', field: 'guestUserRoleId', from: state.tenant.policies.authorizationPolicy?.guestUserRoleId, to: 'a0b1b346-4d3e-4e8b-98f8-753987be4970' },
          { policy: 'adminConsentRequestPolicy', field: 'isEnabled', from: state.tenant.policies.adminConsentRequestPolicy?.isEnabled, to: false },
        ];
        for (const c of changes) state.tenant.policies[c.policy] = { ...(state.tenant.policies[c.policy] ?? {}), [c.field]: c.to };
        return changes;
      },
      subscriptions: () => [...state.subscriptions.values()].map((s) => ({ ...s, hidden: [...s.hidden] })),
      requestsWithoutPublisherIdentifier: () => state.missingPublisherIdentifier,
      blobFetches: () => state.blobFetches,
      throttledRequests: () => ({ ...state.throttled }),
      feedRecordIds() {
        const now = state.now();
        const ids = new Set<string>();
        for (const ct of CONTENT_TYPES as readonly ContentType[]) for (const blob of state.listable(ct, 0, now + 1)) for (const r of blob.records) ids.add(String(r.Id));
        return [...ids];
      },
      messageRules(userId) {
        const user = state.user(userId);
        return user ? structuredClone(state.messageRules.list(user)) : [];
      },
      close: server.close,
    };
  },
};
