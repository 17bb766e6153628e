import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';
import { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import {
  addDirectoryChange,
  addSignIn,
  addToFeed,
  consentProperties,
  emptyBatch,
  fileName,
  localTime,
  siteFor,
  type Batch,
} from './history.js';
import { APP_IDS, ROLE_TEMPLATES, graphKeyId, mixSeed } from './ids.js';
import { FOREIGN_PLACE } from '../../sdk/simulator/places.js';
import { PHISHING_PLACE, SPRAY_PLACE, microsoftPlaceName } from './places.js';
import { directoryChange, exchangeAdmin, fileOperation, signIn, type AuditRecord, type GraphRecord, type RecordContext } from './records.js';
import type { Persona, SimServicePrincipal, SimUser, Tenant } from './tenant.js';

/** Every attack the simulator can inject, with the built-in policy meant to catch it. */
export const M365_SCENARIOS = {
  'impossible-travel': 'detection.impossible-travel',
  'password-spray': 'detection.failed-logons',
  'inbox-forwarding-rule': 'detection.mail-forwarding',
  'oauth-consent-mail-read': 'detection.oauth-high-privilege',
  'mass-download': 'detection.mass-download',
  'global-admin-added': 'detection.privilege-escalation',
  'disabled-user-signin': 'detection.terminated-user',
} as const;

export type M365ScenarioId = keyof typeof M365_SCENARIOS;
export const M365_SCENARIO_IDS = Object.keys(M365_SCENARIOS) as M365ScenarioId[];

/** The attacker's exfiltration mailbox. */
export const EXTERNAL_FORWARD_ADDRESS = 'archive.backup2291@protonmail.com';
/** The malicious app users are lured into consenting to. */
export const MALICIOUS_APP_NAME = 'PDF Converter Online';

const ATTACKER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36';

export interface ScenarioPlan {
  batch: Batch;
  facts: ScenarioFact[];
  /** Inventory changes the attacks leave behind (a new Global Administrator, a consented app). */
  applyToInventory(): void;
}

function ids(records: (AuditRecord | GraphRecord)[]): string[] {
  return records.map((r) => String(r.Id ?? r.id));
}

/** Builds the attacks, each at a fixed distance before `now`, so they sit inside a 7-day backfill. */
export function planScenarios(tenant: Tenant, enabled: readonly string[], now: number, seed: number): ScenarioPlan {
  const batch = emptyBatch();
  const facts: ScenarioFact[] = [];
  const inventory: (() => void)[] = [];
  const persona = (p: Persona): SimUser => {
    const user = tenant.users.find((u) => u.personas.includes(p));
    if (!user) throw new Error(`seeded tenant has no ${p}`);
    return user;
  };
  const dayOf = (daysAgo: number) => Math.floor((now - daysAgo * DAY) / DAY) * DAY;
  const on = (id: M365ScenarioId) => enabled.includes(id);
  const ctxFor = (salt: number): RecordContext => ({ tenant, random: new SeededRandom(mixSeed(seed, 0x5c0, salt)) });
  const graphApp = { app: { id: APP_IDS.officeHome, name: 'OfficeHome' }, resource: { id: APP_IDS.exchange, name: 'Office 365 Exchange Online' } };
  const fact = (id: M365ScenarioId, user: SimUser | null, records: (AuditRecord | GraphRecord)[], description: string) =>
    facts.push({ id, policy: M365_SCENARIOS[id], user: (user?.mail ?? user?.userPrincipalName ?? null)?.toLowerCase() ?? null, eventIds: ids(records), description });

  if (on('impossible-travel')) {
    const ctx = ctxFor(1);
    const user = persona('traveler');
    const t0 = localTime(dayOf(2), user.place, 10, 5);
    const d = user.device;
    const home = signIn(ctx, { user, time: t0, ip: user.homeIp, place: user.place, errorCode: 0, interactive: true, userAgent: d.userAgent, os: d.os, browser: d.browser, deviceId: d.deviceId, managed: d.managed, compliant: d.compliant, ...graphApp });
    addSignIn(batch, ctx.random, home, t0, true);
    const t1 = t0 + 50 * MINUTE;
    const lagos = FOREIGN_PLACE;
    const lagosIp = lagos.ips[1] ?? '197.210.216.14';
    const away = signIn(ctx, { user, time: t1, ip: lagosIp, place: lagos, errorCode: 0, interactive: true, userAgent: ATTACKER_UA, os: 'Windows10', browser: 'Chrome 122.0.0', riskEventTypes: ['unfamiliarFeatures'], riskLevel: 'medium', ...graphApp });
    addSignIn(batch, ctx.random, away, t1, true);
    const site = siteFor(tenant, user);
    for (let i = 0; i < 2; i++) {
      const at = t1 + (5 + i * 3) * MINUTE;
      addToFeed(batch, ctx.random, fileOperation(ctx, { user, time: at, ip: lagosIp, operation: 'FileAccessed', site, fileName: fileName(ctx.random, user.department), userAgent: ATTACKER_UA }), at, { lateProbability: 0, duplicateProbability: 0 });
    }
    fact('impossible-travel', user, [home.audit, home.graph, away.audit, away.graph], `${user.displayName} signed in from ${microsoftPlaceName(user.place.city)} and, 50 minutes later, from Lagos, Nigeria (about 12,000 km apart).`);
  }

  if (on('password-spray')) {
    const ctx = ctxFor(2);
    const spray = SPRAY_PLACE;
    const ip = spray.ips[0] ?? '31.14.252.70';
    const start = dayOf(3) + 2 * HOUR + 17 * MINUTE;
    const targets = tenant.users.filter((u) => u.userType === 'Member' && u.accountEnabled && !u.personas.includes('breakGlass')).filter((_, i) => i % 2 === 0).slice(0, 18);
    const records: (AuditRecord | GraphRecord)[] = [];
    let at = start;
    const sprayApp = { app: { id: APP_IDS.microsoftOffice, name: 'Microsoft Office' }, resource: { id: APP_IDS.exchange, name: 'Office 365 Exchange Online' } };
    const attempt = (user: SimUser, attemptedUpn?: string) => {
      const failure = attemptedUpn
        ? { errorCode: 50034, failureReason: 'The user account does not exist in the tenant directory.', logonError: 'UserAccountNotFound' }
        : { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.', logonError: 'InvalidUserNameOrPassword' };
      const pair = signIn(ctx, { user, ...(attemptedUpn ? { attemptedUpn } : {}), time: at, ip, place: spray, ...failure, interactive: true, clientAppUsed: 'Other clients', userAgent: 'python-requests/2.31.0', os: '', browser: 'Python Requests 2.31', ...sprayApp });
      addSignIn(batch, ctx.random, pair, at, true);
      records.push(pair.audit, pair.graph);
      at += ctx.random.int(40, 95) * 1000;
    };
    for (const user of targets) attempt(user);
    const anyUser = targets[0];
    if (anyUser) {
      attempt(anyUser, `admin@${tenant.domain}`);
      attempt(anyUser, `it.support@${tenant.domain}`);
    }
    fact('password-spray', null, records, `${records.length / 2} failed sign-ins against ${targets.length + 2} accounts from one address (${ip}, a hosting provider in ${microsoftPlaceName(spray.city)}) within ${Math.round((at - start) / MINUTE)} minutes.`);
  }

  if (on('inbox-forwarding-rule')) {
    const ctx = ctxFor(3);
    const user = persona('phished');
    const moscow = PHISHING_PLACE;
    const ip = moscow.ips[0] ?? '5.139.206.70';
    const t0 = dayOf(1) + 20 * HOUR + 12 * MINUTE;
    const login = signIn(ctx, { user, time: t0, ip, place: moscow, errorCode: 0, interactive: true, userAgent: ATTACKER_UA, os: 'Windows10', browser: 'Chrome 122.0.0', riskEventTypes: ['unfamiliarFeatures'], riskLevel: 'medium', ...graphApp });
    addSignIn(batch, ctx.random, login, t0, true);
    const rule = exchangeAdmin(ctx, {
      actor: user,
      time: t0 + 6 * MINUTE,
      ip,
      cmdlet: 'New-InboxRule',
      objectId: `${user.displayName}\\.`,
      parameters: [
        { Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' },
        { Name: 'Force', Value: 'False' },
        { Name: 'Name', Value: '.' },
        { Name: 'SubjectOrBodyContainsWords', Value: 'invoice;payment;wire;remittance' },
        { Name: 'ForwardTo', Value: EXTERNAL_FORWARD_ADDRESS },
        { Name: 'MoveToFolder', Value: 'RSS Subscriptions' },
        { Name: 'MarkAsRead', Value: 'True' },
        { Name: 'StopProcessingRules', Value: 'True' },
      ],
    });
    addToFeed(batch, ctx.random, rule, t0 + 6 * MINUTE, { lateProbability: 0, duplicateProbability: 0 });
    const forwarding = exchangeAdmin(ctx, {
      actor: user,
      time: t0 + 9 * MINUTE,
      ip,
      cmdlet: 'Set-Mailbox',
      objectId: user.displayName,
      parameters: [
        { Name: 'Identity', Value: user.userPrincipalName },
        { Name: 'ForwardingSmtpAddress', Value: `smtp:${EXTERNAL_FORWARD_ADDRESS}` },
        { Name: 'DeliverToMailboxAndForward', Value: 'True' },
      ],
    });
    addToFeed(batch, ctx.random, forwarding, t0 + 9 * MINUTE, { lateProbability: 0, duplicateProbability: 0 });
    fact('inbox-forwarding-rule', user, [login.audit, login.graph, rule, forwarding], `After a sign-in from Moscow, ${user.displayName}'s mailbox got an inbox rule forwarding payment mail to ${EXTERNAL_FORWARD_ADDRESS} and mailbox forwarding to the same address.`);
  }

  if (on('oauth-consent-mail-read')) {
    const ctx = ctxFor(4);
    const { random } = ctx;
    const user = persona('consenter');
    const graphSp = tenant.servicePrincipals.find((s) => s.appId === APP_IDS.graph);
    const at = localTime(dayOf(2), user.place, 14, 41);
    const app: SimServicePrincipal = {
      id: random.uuid(),
      appId: random.uuid(),
      displayName: MALICIOUS_APP_NAME,
      appOwnerOrganizationId: random.uuid(),
      servicePrincipalType: 'Application',
      accountEnabled: true,
      verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
      signInAudience: 'AzureADandPersonalMicrosoftAccount',
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      appRoleAssignmentRequired: false,
      homepage: 'https://pdf-converter-online.example',
      appRoles: [],
      oauth2PermissionScopes: [],
      createdAt: at,
      publisherName: 'PDF Tools',
    };
    const scope = 'User.Read Mail.Read offline_access';
    const grantId = graphKeyId(random);
    const actor = { kind: 'user' as const, user, ip: user.homeIp };
    const target = { kind: 'servicePrincipal' as const, id: app.id, name: app.displayName };
    const added = directoryChange(ctx, { time: at, operation: 'Add service principal.', category: 'ApplicationManagement', operationType: 'Add', actor, targets: [target], modified: [{ Name: 'AccountEnabled', OldValue: '[]', NewValue: '[\r\n  true\r\n]' }, { Name: 'AppPrincipalId', OldValue: '[]', NewValue: `[\r\n  "${app.appId}"\r\n]` }, { Name: 'DisplayName', OldValue: '[]', NewValue: `[\r\n  "${app.displayName}"\r\n]` }] });
    addDirectoryChange(batch, random, added, at);
    const grant = directoryChange(ctx, { time: at + 1000, operation: 'Add delegated permission grant.', category: 'ApplicationManagement', operationType: 'Assign', actor, targets: [{ kind: 'servicePrincipal', id: graphSp?.id ?? '', name: 'Microsoft Graph' }, target], modified: [{ Name: 'DelegatedPermissionGrant.Scope', OldValue: '', NewValue: ` ${scope}` }, { Name: 'DelegatedPermissionGrant.ConsentType', OldValue: '', NewValue: 'Principal' }, { Name: 'ServicePrincipal.ObjectID', OldValue: '', NewValue: graphSp?.id ?? '' }] });
    addDirectoryChange(batch, random, grant, at + 1000);
    const consent = directoryChange(ctx, { time: at + 2000, operation: 'Consent to application.', category: 'ApplicationManagement', operationType: 'Assign', actor, targets: [target], modified: consentProperties({ grantId, clientId: app.id, principalId: user.id, resourceId: graphSp?.id ?? '', scope, appId: app.appId, admin: false }) });
    addDirectoryChange(batch, random, consent, at + 2000);
    inventory.push(() => {
      tenant.servicePrincipals.push(app);
      tenant.grants.push({ id: grantId, clientId: app.id, consentType: 'Principal', principalId: user.id, resourceId: graphSp?.id ?? '', scope, createdAt: at });
    });
    fact('oauth-consent-mail-read', user, [consent.audit, grant.audit], `${user.displayName} consented to "${MALICIOUS_APP_NAME}" (unverified publisher) reading their mail with offline access (${scope}).`);
  }

  if (on('mass-download')) {
    const ctx = ctxFor(5);
    const user = persona('downloader');
    const site = siteFor(tenant, user);
    const start = localTime(dayOf(2), user.place, 18, 40);
    const records: AuditRecord[] = [];
    for (let i = 0; i < 150; i++) {
      const at = start + Math.floor((i * 12 * MINUTE) / 150) + ctx.random.int(0, 3000);
      const record = fileOperation(ctx, { user, time: at, ip: user.homeIp, operation: 'FileDownloaded', site, fileName: `${fileName(ctx.random, user.department).replace(/\.(\w+)$/, '')} ${i + 1}.xlsx`, userAgent: user.device.userAgent });
      addToFeed(batch, ctx.random, record, at, { lateProbability: 0.05, duplicateProbability: 0.05 });
      records.push(record);
    }
    fact('mass-download', user, records, `${user.displayName} downloaded 150 files from the Finance site in 12 minutes, after hours.`);
  }

  if (on('global-admin-added')) {
    const ctx = ctxFor(6);
    const actorUser = persona('syncedGlobalAdmin');
    const target = persona('promoted');
    const at = localTime(dayOf(4), actorUser.place, 3, 10);
    const role = tenant.roleDefinitions.find((r) => r.id === ROLE_TEMPLATES.globalAdministrator);
    const change = directoryChange(ctx, {
      time: at,
      operation: 'Add member to role.',
      category: 'RoleManagement',
      operationType: 'Assign',
      actor: { kind: 'user', user: actorUser, ip: actorUser.homeIp },
      targets: [{ kind: 'user', id: target.id, name: target.displayName, upn: target.userPrincipalName, puid: target.puid }],
      modified: [
        { Name: 'Role.ObjectID', OldValue: '', NewValue: role?.directoryRoleId ?? '' },
        { Name: 'Role.DisplayName', OldValue: '', NewValue: 'Global Administrator' },
        { Name: 'Role.TemplateId', OldValue: '', NewValue: ROLE_TEMPLATES.globalAdministrator },
        { Name: 'Role.WellKnownObjectName', OldValue: '', NewValue: 'TenantAdmins' },
      ],
    });
    addDirectoryChange(batch, ctx.random, change, at);
    inventory.push(() => tenant.roleAssignments.push({ id: graphKeyId(ctx.random, 44) + '-1', principalId: target.id, roleDefinitionId: ROLE_TEMPLATES.globalAdministrator, directoryScopeId: '/', createdAt: at }));
    fact('global-admin-added', target, [change.audit], `${actorUser.displayName} made ${target.displayName} (${target.jobTitle}) a Global Administrator at 03:10 local time.`);
  }

  if (on('disabled-user-signin')) {
    const ctx = ctxFor(7);
    const user = persona('leaver');
    const disabledAt = user.disabledAt ?? now - 2 * DAY;
    const site = siteFor(tenant, user);
    const records: (AuditRecord | GraphRecord)[] = [];
    // The session outlived the account: SharePoint still served the leaver after they were disabled.
    for (let i = 0; i < 5; i++) {
      const at = disabledAt + (25 + i * 4) * MINUTE;
      const record = fileOperation(ctx, { user, time: at, ip: user.homeIp, operation: i === 0 ? 'FileAccessed' : 'FileDownloaded', site, fileName: fileName(ctx.random, 'Sales').replace('Customer List', 'Customer List FULL'), userAgent: user.device.userAgent });
      addToFeed(batch, ctx.random, record, at, { lateProbability: 0, duplicateProbability: 0 });
      records.push(record);
    }
    const d = user.device;
    for (let i = 0; i < 2; i++) {
      const at = localTime(dayOf(1), user.place, 8, 2 + i * 3);
      const pair = signIn(ctx, { user, time: at, ip: user.homeIp, place: user.place, errorCode: 50057, failureReason: 'User account is disabled. The account has been disabled by an administrator.', logonError: 'UserAccountDisabled', interactive: true, userAgent: d.userAgent, os: d.os, browser: d.browser, deviceId: d.deviceId, managed: d.managed, compliant: d.compliant, ...graphApp });
      addSignIn(batch, ctx.random, pair, at, true);
      records.push(pair.audit, pair.graph);
    }
    fact('disabled-user-signin', user, records, `${user.displayName} kept downloading files after the account was disabled, then tried to sign in to the disabled account.`);
  }

  return {
    batch,
    facts,
    applyToInventory() {
      for (const change of inventory) change();
    },
  };
}
