import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import type { ExpectedAlert, ScenarioFact } from '../../sdk/simulator/simulator.js';
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
  leaverDisabledRecordId,
  uuidFrom,
  type Batch,
  type QuietWindow,
} from './history.js';
import { APP_IDS, ROLE_TEMPLATES, graphKeyId, mixSeed } from './ids.js';
import { FOREIGN_PLACE } from '../../sdk/simulator/places.js';
import { AITM_PLACE, PHISHING_PLACE, SPRAY_PLACE, microsoftPlaceName } from './places.js';
import { directoryChange, exchangeAdmin, fileOperation, signIn, ualValue, type AuditRecord, type DirectoryTarget, type GraphRecord, type RecordContext } from './records.js';
import type { Persona, SimServicePrincipal, SimUser, Tenant } from './tenant.js';

/** Every attack the simulator can inject, with the built-in policy meant to catch it. */
/** How far behind the tenant's "now" a scenario starts at least: its records are listed by then, the few hours-late ones (up to 6 h) too. */
const SCENARIO_MARGIN_MS = 8 * HOUR;

export const M365_SCENARIOS = {
  'impossible-travel': 'detection.impossible-travel',
  'password-spray': 'detection.failed-logons',
  'inbox-forwarding-rule': 'detection.mail-forwarding',
  'oauth-consent-mail-read': 'detection.oauth-high-privilege',
  'mass-download': 'detection.mass-download',
  'global-admin-added': 'detection.privilege-escalation',
  'disabled-user-signin': 'detection.terminated-user',
  'mfa-reset': 'detection.mfa-disabled',
  'temporary-access-pass': 'detection.mfa-method-added-for-other',
  'inbox-hiding-rule': 'detection.suspicious-inbox-rule',
  'app-credential-added': 'detection.app-credential-added',
  'federation-backdoor': 'detection.federation-changed',
  'conditional-access-weakened': 'detection.conditional-access-weakened',
  'mailbox-delegation': 'detection.mailbox-delegation',
  'pim-activation': 'detection.privileged-role-assigned',
  'consent-phishing': 'detection.consent-phishing-campaign',
  'session-hijack': 'detection.session-hijack',
  'mass-file-deletion': 'detection.mass-file-deletion',
  'admin-burst': 'detection.unusual-admin-activity',
  'contact-forwarding': 'detection.mail-forwarding',
} as const;

export type M365ScenarioId = keyof typeof M365_SCENARIOS;
export const M365_SCENARIO_IDS = Object.keys(M365_SCENARIOS) as M365ScenarioId[];

/** The attacker's exfiltration mailbox. */
export const EXTERNAL_FORWARD_ADDRESS = 'archive.backup2291@protonmail.com';
/** The mail contact an attacker creates to forward a mailbox to by name, and its outside address. */
export const ATTACKER_CONTACT = { displayName: 'Accounts Archive', mail: 'ap.archive7731@gmx.com', mailNickname: 'accountsarchive' } as const;
/** The malicious app users are lured into consenting to. */
export const MALICIOUS_APP_NAME = 'PDF Converter Online';

const ATTACKER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36';

export interface ScenarioPlan {
  batch: Batch;
  facts: ScenarioFact[];
  /** Where scenarios' people do nothing ordinary, so each attack's alerts hold only the attack. */
  quiet: QuietWindow[];
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
  const quiet: QuietWindow[] = [];
  const quietAround = (user: SimUser, at: number) => quiet.push({ userId: user.id, from: at - 12 * HOUR, to: at + 12 * HOUR });
  const inventory: (() => void)[] = [];
  const persona = (p: Persona): SimUser => {
    const user = tenant.users.find((u) => u.personas.includes(p));
    if (!user) throw new Error(`seeded tenant has no ${p}`);
    return user;
  };
  const dayOf = (daysAgo: number) => Math.floor((now - daysAgo * DAY) / DAY) * DAY;
  // Local `hour:minute` on the UTC day `daysAgo` back, a day earlier when that is not yet well past: "yesterday
  // evening" in a western city is still ahead of a tenant built just after midnight UTC, and an event in
  // the future would be listed by no feed while its fact still expected an alert.
  const scenarioTime = (daysAgo: number, place: SimUser['place'], hour: number, minute = 0): number => {
    const t = localTime(dayOf(daysAgo), place, hour, minute);
    return t > now - SCENARIO_MARGIN_MS ? t - DAY : t;
  };
  const on = (id: M365ScenarioId) => enabled.includes(id);
  const ctxFor = (salt: number): RecordContext => ({ tenant, random: new SeededRandom(mixSeed(seed, 0x5c0, salt)) });
  const graphApp = { app: { id: APP_IDS.officeHome, name: 'OfficeHome' }, resource: { id: APP_IDS.exchange, name: 'Office 365 Exchange Online' } };
  const fact = (id: M365ScenarioId, user: SimUser | null, records: (AuditRecord | GraphRecord)[], description: string) =>
    facts.push({ id, policy: M365_SCENARIOS[id], user: (user?.mail ?? user?.userPrincipalName ?? null)?.toLowerCase() ?? null, eventIds: ids(records), description });

  const byTitle = (title: string): SimUser => {
    const user = tenant.users.find((u) => u.jobTitle === title && u.userType === 'Member');
    if (!user) throw new Error(`seeded tenant has no ${title}`);
    return user;
  };
  const userTarget = (u: SimUser): DirectoryTarget => ({ kind: 'user', id: u.id, name: u.displayName, upn: u.userPrincipalName, puid: u.puid });
  const email = (u: SimUser) => (u.mail ?? u.userPrincipalName).toLowerCase();
  // The connector reads directory changes from the audit feed (UAL); Graph directoryAudits repeat them and are not synced.
  const pairIds = (pair: { audit: AuditRecord; graph: GraphRecord }) => ids([pair.audit]);
  const factWith = (id: M365ScenarioId, user: SimUser | null, records: (AuditRecord | GraphRecord)[], description: string, alerts: ExpectedAlert[]) => {
    fact(id, user, records, description);
    const last = facts[facts.length - 1];
    if (last) last.alerts = alerts;
  };

  if (on('impossible-travel')) {
    const ctx = ctxFor(1);
    const user = persona('traveler');
    const t0 = scenarioTime(2, user.place, 10, 5);
    const d = user.device;
    const home = signIn(ctx, { user, time: t0, ip: user.homeIp, place: user.place, errorCode: 0, interactive: true, userAgent: d.userAgent, os: d.os, browser: d.browser, deviceId: d.deviceId, managed: d.managed, compliant: d.compliant, ...graphApp });
    addSignIn(batch, ctx.random, home, t0, true);
    const t1 = t0 + 50 * MINUTE;
    const lagos = FOREIGN_PLACE;
    const lagosIp = lagos.ips[1] ?? '197.210.216.14';
    const away = signIn(ctx, { user, time: t1, ip: lagosIp, place: lagos, errorCode: 0, interactive: true, userAgent: ATTACKER_UA, os: 'Windows10', browser: 'Chrome 122.0.0', riskEventTypes: ['unfamiliarFeatures'], riskLevel: 'medium', ...graphApp });
    addSignIn(batch, ctx.random, away, t1, true);
    const site = siteFor(tenant, user);
    const opened: AuditRecord[] = [];
    for (let i = 0; i < 2; i++) {
      const at = t1 + (5 + i * 3) * MINUTE;
      const file = fileOperation(ctx, { user, time: at, ip: lagosIp, operation: 'FileAccessed', site, fileName: fileName(ctx.random, user.department), userAgent: ATTACKER_UA });
      opened.push(file);
      addToFeed(batch, ctx.random, file, at, { lateProbability: 0, duplicateProbability: 0 });
    }
    quietAround(user, t0);
    factWith('impossible-travel', user, [home.audit, home.graph, away.audit, away.graph], `${user.displayName} signed in from ${microsoftPlaceName(user.place.city)} and, 50 minutes later, from Lagos, Nigeria (about 12,000 km apart).`, [
      // One sign-in, two feeds: whichever record of the far sign-in arrives first is judged, and its twin from the
      // other feed joins the alert, so both records of each end are the evidence in any order of arrival.
      { policy: M365_SCENARIOS['impossible-travel'], subject: email(user), eventIds: ids([home.audit, home.graph, away.audit, away.graph]) },
      // Both records of the far sign-in (one sign-in, two feeds: one alert with all its evidence) and what was done
      // from there: the alert does not teach the baseline (issue 8 items 7 and 11).
      { policy: 'detection.infrequent-country', subject: email(user), eventIds: ids([away.audit, away.graph, ...opened]) },
    ]);
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
    const sprayWords = `${records.length / 2} failed sign-ins against ${targets.length + 2} accounts from one address (${ip}, a hosting provider in ${microsoftPlaceName(spray.city)}) within ${Math.round((at - start) / MINUTE)} minutes.`;
    const alerts: ExpectedAlert[] = [{ policy: M365_SCENARIOS['password-spray'], subject: ip, eventIds: ids(records) }];
    // One more account's password is right: Entra asks for MFA (AADSTS50076), which holds, but the password is known.
    const found = tenant.users.find((u) => u.userType === 'Member' && u.accountEnabled && u.personas.length === 0 && !targets.includes(u));
    let foundWords = '';
    if (found) {
      const prompt = signIn(ctx, { user: found, time: at, ip, place: spray, errorCode: 50076, failureReason: 'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.', logonError: 'UserStrongAuthClientAuthNRequired', interactive: true, clientAppUsed: 'Other clients', userAgent: 'python-requests/2.31.0', os: '', browser: 'Python Requests 2.31', ...sprayApp });
      addSignIn(batch, ctx.random, prompt, at, true);
      // The evidence: both records of the prompt, and of the last five other accounts the address failed on.
      alerts.push({ policy: M365_SCENARIOS['password-spray'], subject: email(found), eventIds: ids([prompt.audit, prompt.graph, ...records.slice(-10)]) });
      records.push(prompt.audit, prompt.graph);
      foundWords = ` Then ${found.displayName}'s password is accepted from the same address and Entra asks for MFA (AADSTS50076): MFA holds, but the password is known.`;
    }
    factWith('password-spray', null, records, `${sprayWords}${foundWords}`, alerts);
  }

  if (on('inbox-forwarding-rule')) {
    const ctx = ctxFor(3);
    const user = persona('phished');
    const moscow = PHISHING_PLACE;
    const ip = moscow.ips[0] ?? '5.139.206.70';
    const t0 = dayOf(1) + 20 * HOUR + 12 * MINUTE;
    // Earlier that day the owner signed in from home, as every day.
    const d = user.device;
    const tHome = t0 - 2 * HOUR - 28 * MINUTE;
    const home = signIn(ctx, { user, time: tHome, ip: user.homeIp, place: user.place, errorCode: 0, interactive: true, userAgent: d.userAgent, os: d.os, browser: d.browser, deviceId: d.deviceId, managed: d.managed, compliant: d.compliant, ...graphApp });
    addSignIn(batch, ctx.random, home, tHome, true);
    quietAround(user, t0);
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
    factWith('inbox-forwarding-rule', user, [login.audit, login.graph, rule, forwarding], `After a sign-in from Moscow, ${user.displayName}'s mailbox got an inbox rule forwarding payment mail to ${EXTERNAL_FORWARD_ADDRESS} and mailbox forwarding to the same address.`, [
      { policy: M365_SCENARIOS['inbox-forwarding-rule'], subject: email(user), eventIds: ids([rule, forwarding]) },
      { policy: 'detection.suspicious-inbox-rule', subject: email(user), eventIds: ids([rule]) },
      { policy: 'detection.impossible-travel', subject: email(user), eventIds: ids([home.audit, home.graph, login.audit, login.graph]) },
      // Both records of the Moscow sign-in and what was done from there (the alert does not teach the baseline).
      { policy: 'detection.infrequent-country', subject: email(user), eventIds: ids([login.audit, login.graph, rule, forwarding]) },
    ]);
  }

  if (on('oauth-consent-mail-read')) {
    const ctx = ctxFor(4);
    const { random } = ctx;
    const user = persona('consenter');
    const graphSp = tenant.servicePrincipals.find((s) => s.appId === APP_IDS.graph);
    const at = scenarioTime(2, user.place, 14, 41);
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
    factWith('oauth-consent-mail-read', user, [consent.audit, grant.audit], `${user.displayName} consented to "${MALICIOUS_APP_NAME}" (unverified publisher) reading their mail with offline access (${scope}).`, [
      // The grant beside it is this person's own (consent type Principal): no privilege escalation.
      { policy: M365_SCENARIOS['oauth-consent-mail-read'], subject: email(user), eventIds: ids([consent.audit]) },
    ]);
  }

  if (on('mass-download')) {
    const ctx = ctxFor(5);
    const user = persona('downloader');
    const site = siteFor(tenant, user);
    const start = scenarioTime(2, user.place, 18, 40);
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
    const at = scenarioTime(4, actorUser.place, 3, 10);
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
    factWith('global-admin-added', target, [change.audit], `${actorUser.displayName} made ${target.displayName} (${target.jobTitle}) a Global Administrator at 03:10 local time.`, [
      { policy: M365_SCENARIOS['global-admin-added'], subject: email(target), eventIds: ids([change.audit]) },
      { policy: 'detection.privileged-role-assigned', subject: email(target), eventIds: ids([change.audit]) },
    ]);
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
      const at = scenarioTime(1, user.place, 8, 2 + i * 3);
      const pair = signIn(ctx, { user, time: at, ip: user.homeIp, place: user.place, errorCode: 50057, failureReason: 'User account is disabled. The account has been disabled by an administrator.', logonError: 'UserAccountDisabled', interactive: true, userAgent: d.userAgent, os: d.os, browser: d.browser, deviceId: d.deviceId, managed: d.managed, compliant: d.compliant, ...graphApp });
      addSignIn(batch, ctx.random, pair, at, true);
      records.push(pair.audit, pair.graph);
    }
    // The alert shows the disabling record with the activity after it; the failed sign-ins to the disabled account add nothing.
    const activity = records.filter((r) => r.Operation !== 'UserLoginFailed' && (r as { status?: { errorCode?: number } }).status?.errorCode === undefined);
    factWith('disabled-user-signin', user, records, `${user.displayName} kept downloading files after the account was disabled, then tried to sign in to the disabled account.`, [
      { policy: M365_SCENARIOS['disabled-user-signin'], subject: email(user), eventIds: [leaverDisabledRecordId(tenant), ...ids(activity)] },
    ]);
  }

  if (on('mfa-reset')) {
    const ctx = ctxFor(8);
    const admin = persona('userAdmin');
    const ceo = byTitle('Chief Executive Officer');
    const at = scenarioTime(3, admin.place, 2, 10);
    const reset = directoryChange(ctx, {
      time: at,
      operation: 'Update user.',
      category: 'UserManagement',
      operationType: 'Update',
      actor: { kind: 'user', user: admin, ip: admin.homeIp },
      targets: [userTarget(ceo)],
      modified: [
        { Name: 'StrongAuthenticationMethod', OldValue: '[\r\n  {\r\n    "MethodType": 6,\r\n    "Default": true\r\n  },\r\n  {\r\n    "MethodType": 7,\r\n    "Default": false\r\n  }\r\n]', NewValue: '[]' },
        { Name: 'Included Updated Properties', OldValue: '', NewValue: 'StrongAuthenticationMethod' },
      ],
    });
    addDirectoryChange(batch, ctx.random, reset, at);
    factWith('mfa-reset', admin, [reset.audit], `${admin.displayName} cleared every MFA method (StrongAuthenticationMethod) of ${ceo.displayName} at 02:10.`, [{ policy: M365_SCENARIOS['mfa-reset'], subject: email(admin), eventIds: pairIds(reset) }]);
  }

  if (on('temporary-access-pass')) {
    const ctx = ctxFor(9);
    const admin = persona('userAdmin');
    const cfo = byTitle('Chief Financial Officer');
    const at = scenarioTime(3, admin.place, 2, 14);
    const tap = directoryChange(ctx, { time: at, operation: 'Admin registered security info', category: 'UserManagement', operationType: 'Add', actor: { kind: 'user', user: admin, ip: admin.homeIp }, targets: [userTarget(cfo)], modified: [] });
    tap.graph.loggedByService = 'Authentication Methods';
    tap.graph.resultReason = 'Admin registered temporary access pass method for user';
    addDirectoryChange(batch, ctx.random, tap, at);
    factWith('temporary-access-pass', cfo, [tap.audit], `${admin.displayName} issued a Temporary Access Pass for ${cfo.displayName}'s account at 02:14.`, [{ policy: M365_SCENARIOS['temporary-access-pass'], subject: email(cfo), eventIds: pairIds(tap) }]);
  }

  if (on('inbox-hiding-rule')) {
    const ctx = ctxFor(10);
    const user = byTitle('Accounts Payable Clerk');
    const at = scenarioTime(2, user.place, 19, 48);
    const rule = exchangeAdmin(ctx, {
      actor: user,
      time: at,
      ip: user.homeIp,
      cmdlet: 'New-InboxRule',
      objectId: `${user.displayName}\\..`,
      parameters: [
        { Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' },
        { Name: 'Force', Value: 'False' },
        { Name: 'Name', Value: '..' },
        { Name: 'SubjectOrBodyContainsWords', Value: 'bank details;remittance;payment confirmation' },
        { Name: 'MoveToFolder', Value: 'Conversation History' },
        { Name: 'MarkAsRead', Value: 'True' },
        { Name: 'StopProcessingRules', Value: 'True' },
      ],
    });
    addToFeed(batch, ctx.random, rule, at, { lateProbability: 0, duplicateProbability: 0 });
    factWith('inbox-hiding-rule', user, [rule], `${user.displayName}'s mailbox got an inbox rule named ".." that files mail about bank details in Conversation History and marks it read.`, [{ policy: M365_SCENARIOS['inbox-hiding-rule'], subject: email(user), eventIds: ids([rule]) }]);
  }

  if (on('app-credential-added')) {
    const ctx = ctxFor(11);
    const attacker = persona('syncedGlobalAdmin');
    const victim = persona('phished');
    const app = expensesApp(tenant);
    const at = scenarioTime(2, attacker.place, 3, 40);
    const secret = directoryChange(ctx, {
      time: at,
      operation: 'Update application – Certificates and secrets management ',
      category: 'ApplicationManagement',
      operationType: 'Update',
      actor: { kind: 'user', user: attacker, ip: attacker.homeIp },
      targets: [{ kind: 'application', id: app.objectId, name: app.displayName }],
      modified: [
        { Name: 'KeyDescription', OldValue: '[]', NewValue: ualValue(`[KeyIdentifier=${ctx.random.uuid()},KeyType=Password,KeyUsage=Verify,DisplayName=backup]`) },
        { Name: 'Included Updated Properties', OldValue: '', NewValue: 'KeyDescription' },
      ],
    });
    addDirectoryChange(batch, ctx.random, secret, at);
    const owner = directoryChange(ctx, {
      time: at + 3 * MINUTE,
      operation: 'Add owner to application.',
      category: 'ApplicationManagement',
      operationType: 'Assign',
      actor: { kind: 'user', user: attacker, ip: attacker.homeIp },
      targets: [{ kind: 'application', id: app.objectId, name: app.displayName }, userTarget(victim)],
      modified: [
        { Name: 'Application.ObjectID', OldValue: '', NewValue: app.objectId },
        { Name: 'Application.DisplayName', OldValue: '', NewValue: app.displayName },
        { Name: 'Application.AppId', OldValue: '', NewValue: app.appId },
      ],
    });
    addDirectoryChange(batch, ctx.random, owner, at + 3 * MINUTE);
    factWith('app-credential-added', attacker, [secret.audit, owner.audit], `${attacker.displayName}, who never maintained "${app.displayName}", added a client secret to it at 03:40 and made ${victim.displayName} an owner.`, [
      { policy: M365_SCENARIOS['app-credential-added'], subject: email(attacker), eventIds: [...pairIds(secret), ...pairIds(owner)] },
    ]);
  }

  if (on('federation-backdoor')) {
    const ctx = ctxFor(12);
    const attacker = persona('syncedGlobalAdmin');
    const at = scenarioTime(3, attacker.place, 1, 30);
    const domain: DirectoryTarget = { kind: 'domain', id: tenant.domain, name: tenant.domain };
    const actor = { kind: 'user' as const, user: attacker, ip: attacker.homeIp };
    const auth = directoryChange(ctx, { time: at, operation: 'Set domain authentication.', category: 'DirectoryManagement', operationType: 'Update', actor, targets: [domain], modified: [{ Name: 'LiveType', OldValue: ualValue('Managed'), NewValue: ualValue('Federated') }, { Name: 'Included Updated Properties', OldValue: '', NewValue: 'LiveType' }] });
    addDirectoryChange(batch, ctx.random, auth, at);
    const settings = directoryChange(ctx, {
      time: at + 2 * MINUTE,
      operation: 'Set federation settings on domain.',
      category: 'DirectoryManagement',
      operationType: 'Update',
      actor,
      targets: [domain],
      modified: [
        { Name: 'IssuerUri', OldValue: '[]', NewValue: ualValue('http://any.sts/16B45E4C') },
        { Name: 'PassiveLogOnUri', OldValue: '[]', NewValue: ualValue('https://login.sts-adfs.example/adfs/ls/') },
        { Name: 'SigningCertificate', OldValue: '[]', NewValue: ualValue('MIIC8DCCAdigAwIBAgIQ...') },
        { Name: 'Included Updated Properties', OldValue: '', NewValue: 'IssuerUri, PassiveLogOnUri, SigningCertificate' },
      ],
    });
    addDirectoryChange(batch, ctx.random, settings, at + 2 * MINUTE);
    factWith('federation-backdoor', attacker, [auth.audit, settings.audit], `${attacker.displayName} federated ${tenant.domain} to an outside token issuer at 01:30 (a golden-SAML backdoor).`, [
      { policy: M365_SCENARIOS['federation-backdoor'], subject: email(attacker), eventIds: [...pairIds(auth), ...pairIds(settings)] },
    ]);
  }

  if (on('conditional-access-weakened')) {
    const ctx = ctxFor(13);
    const attacker = persona('globalAdmin');
    const excluded = persona('syncedGlobalAdmin');
    const policies = (tenant.policies.conditionalAccessPolicies?.value ?? []) as Record<string, unknown>[];
    const policy = policies.find((p) => p.displayName === 'Require MFA for administrators') ?? {};
    const before = policy as { id?: string; displayName?: string; conditions?: { users?: { excludeUsers?: string[] } } };
    const after = { ...before, conditions: { ...before.conditions, users: { ...before.conditions?.users, excludeUsers: [...(before.conditions?.users?.excludeUsers ?? []), excluded.id] } } };
    const at = scenarioTime(2, attacker.place, 23, 50);
    const change = directoryChange(ctx, {
      time: at,
      operation: 'Update conditional access policy',
      category: 'Policy',
      operationType: 'Update',
      actor: { kind: 'user', user: attacker, ip: attacker.homeIp },
      targets: [{ kind: 'policy', id: String(before.id ?? ''), name: String(before.displayName ?? '') }],
      modified: [{ Name: 'ConditionalAccessPolicy', OldValue: JSON.stringify(before), NewValue: JSON.stringify(after) }],
    });
    addDirectoryChange(batch, ctx.random, change, at);
    factWith('conditional-access-weakened', attacker, [change.audit], `${attacker.displayName} excluded ${excluded.displayName} from "Require MFA for administrators" at 23:50.`, [
      { policy: M365_SCENARIOS['conditional-access-weakened'], subject: email(attacker), eventIds: pairIds(change) },
    ]);
  }

  if (on('mailbox-delegation')) {
    const ctx = ctxFor(14);
    const admin = persona('exchangeAdmin');
    const ceo = byTitle('Chief Executive Officer');
    const delegate = persona('phished');
    const at = scenarioTime(1, admin.place, 22, 40);
    const bypass = exchangeAdmin(ctx, { actor: admin, time: at, ip: admin.homeIp, cmdlet: 'Set-MailboxAuditBypassAssociation', objectId: delegate.userPrincipalName, parameters: [{ Name: 'Identity', Value: delegate.userPrincipalName }, { Name: 'AuditBypassEnabled', Value: 'True' }] });
    addToFeed(batch, ctx.random, bypass, at, { lateProbability: 0, duplicateProbability: 0 });
    const fullAccess = exchangeAdmin(ctx, { actor: admin, time: at + 2 * MINUTE, ip: admin.homeIp, cmdlet: 'Add-MailboxPermission', objectId: ceo.userPrincipalName, parameters: [{ Name: 'Identity', Value: ceo.userPrincipalName }, { Name: 'User', Value: delegate.userPrincipalName }, { Name: 'AccessRights', Value: 'FullAccess' }, { Name: 'InheritanceType', Value: 'All' }, { Name: 'AutoMapping', Value: 'False' }] });
    addToFeed(batch, ctx.random, fullAccess, at + 2 * MINUTE, { lateProbability: 0, duplicateProbability: 0 });
    const sendAs = exchangeAdmin(ctx, { actor: admin, time: at + 3 * MINUTE, ip: admin.homeIp, cmdlet: 'Add-RecipientPermission', objectId: ceo.userPrincipalName, parameters: [{ Name: 'Identity', Value: ceo.userPrincipalName }, { Name: 'Trustee', Value: delegate.userPrincipalName }, { Name: 'AccessRights', Value: 'SendAs' }, { Name: 'Confirm', Value: 'False' }] });
    addToFeed(batch, ctx.random, sendAs, at + 3 * MINUTE, { lateProbability: 0, duplicateProbability: 0 });
    factWith('mailbox-delegation', delegate, [bypass, fullAccess, sendAs], `${admin.displayName} exempted ${delegate.displayName} from mailbox auditing, then gave them FullAccess and SendAs on ${ceo.displayName}'s mailbox, at 22:40.`, [
      { policy: M365_SCENARIOS['mailbox-delegation'], subject: email(admin), eventIds: ids([bypass]) },
      { policy: M365_SCENARIOS['mailbox-delegation'], subject: delegate.userPrincipalName.toLowerCase(), eventIds: ids([fullAccess, sendAs]) },
    ]);
  }

  if (on('pim-activation')) {
    const ctx = ctxFor(15);
    const analyst = byTitle('Security Analyst');
    const at = scenarioTime(2, analyst.place, 1, 5);
    const activation = directoryChange(ctx, {
      time: at,
      operation: 'Add member to role completed (PIM activation)',
      category: 'RoleManagement',
      operationType: 'Assign',
      actor: { kind: 'user', user: analyst, ip: analyst.homeIp },
      targets: [userTarget(analyst)],
      modified: [
        { Name: 'Role.ObjectID', OldValue: '', NewValue: ROLE_TEMPLATES.privilegedRoleAdministrator },
        { Name: 'Role.DisplayName', OldValue: '', NewValue: 'Privileged Role Administrator' },
        { Name: 'Role.TemplateId', OldValue: '', NewValue: ROLE_TEMPLATES.privilegedRoleAdministrator },
      ],
    });
    activation.graph.loggedByService = 'PIM';
    addDirectoryChange(batch, ctx.random, activation, at);
    factWith('pim-activation', analyst, [activation.audit], `${analyst.displayName} activated Privileged Role Administrator in PIM at 01:05.`, [
      // Only the privileged-role policy: an activation uses an eligibility granted before, it is no self-grant.
      { policy: M365_SCENARIOS['pim-activation'], subject: email(analyst), eventIds: pairIds(activation) },
    ]);
  }

  if (on('consent-phishing')) {
    const ctx = ctxFor(16);
    const { random } = ctx;
    const victims = tenant.users.filter((u) => u.department === 'Sales' && u.userType === 'Member' && u.accountEnabled && u.activity > 0 && !u.personas.length).slice(0, 4);
    const graphSp = tenant.servicePrincipals.find((sp) => sp.appId === APP_IDS.graph);
    const first = victims[0];
    const start = first ? scenarioTime(1, first.place, 10, 3) : now;
    const app: SimServicePrincipal = {
      id: random.uuid(),
      appId: random.uuid(),
      displayName: 'Secure Document Viewer',
      appOwnerOrganizationId: random.uuid(),
      servicePrincipalType: 'Application',
      accountEnabled: true,
      verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
      signInAudience: 'AzureADandPersonalMicrosoftAccount',
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      appRoleAssignmentRequired: false,
      homepage: 'https://secure-docview.example',
      appRoles: [],
      oauth2PermissionScopes: [],
      createdAt: start,
      publisherName: 'DocView',
    };
    const scope = 'User.Read Mail.Read offline_access';
    const target = { kind: 'servicePrincipal' as const, id: app.id, name: app.displayName };
    const consents: (AuditRecord | GraphRecord)[] = [];
    let firstConsent: string[] = [];
    victims.forEach((user, i) => {
      const at = start + i * 37 * MINUTE;
      const actor = { kind: 'user' as const, user, ip: user.homeIp };
      if (i === 0) addDirectoryChange(batch, random, directoryChange(ctx, { time: at, operation: 'Add service principal.', category: 'ApplicationManagement', operationType: 'Add', actor, targets: [target], modified: [{ Name: 'AccountEnabled', OldValue: '[]', NewValue: ualValue(true) }, { Name: 'AppPrincipalId', OldValue: '[]', NewValue: ualValue(app.appId) }, { Name: 'DisplayName', OldValue: '[]', NewValue: ualValue(app.displayName) }] }), at);
      const grantId = graphKeyId(random);
      const grant = directoryChange(ctx, { time: at + 1000, operation: 'Add delegated permission grant.', category: 'ApplicationManagement', operationType: 'Assign', actor, targets: [{ kind: 'servicePrincipal', id: graphSp?.id ?? '', name: 'Microsoft Graph' }, target], modified: [{ Name: 'DelegatedPermissionGrant.Scope', OldValue: '', NewValue: ` ${scope}` }, { Name: 'DelegatedPermissionGrant.ConsentType', OldValue: '', NewValue: 'Principal' }, { Name: 'ServicePrincipal.ObjectID', OldValue: '', NewValue: graphSp?.id ?? '' }] });
      addDirectoryChange(batch, random, grant, at + 1000);
      const consent = directoryChange(ctx, { time: at + 2000, operation: 'Consent to application.', category: 'ApplicationManagement', operationType: 'Assign', actor, targets: [target], modified: consentProperties({ grantId, clientId: app.id, principalId: user.id, resourceId: graphSp?.id ?? '', scope, appId: app.appId, admin: false }) });
      addDirectoryChange(batch, random, consent, at + 2000);
      consents.push(consent.audit);
      if (i === 0) firstConsent = pairIds(consent);
      inventory.push(() => tenant.grants.push({ id: grantId, clientId: app.id, consentType: 'Principal', principalId: user.id, resourceId: graphSp?.id ?? '', scope, createdAt: at }));
    });
    inventory.push(() => tenant.servicePrincipals.push(app));
    factWith('consent-phishing', null, consents, `${victims.length} people in Sales consented to "${app.displayName}" (unverified publisher) reading their mail with offline access within two hours: a consent-phishing mail.`, [
      { policy: M365_SCENARIOS['consent-phishing'], subject: app.id, eventIds: ids(consents) },
      ...(first ? [{ policy: 'detection.oauth-high-privilege', subject: email(first), eventIds: firstConsent }] : []),
    ]);
  }

  if (on('session-hijack')) {
    const ctx = ctxFor(17);
    const user = byTitle('Corporate Counsel');
    const d = user.device;
    const session = ctx.random.uuid();
    const t0 = scenarioTime(2, user.place, 9, 5);
    const home = signIn(ctx, { user, time: t0, ip: user.homeIp, place: user.place, errorCode: 0, interactive: true, userAgent: d.userAgent, os: d.os, browser: d.browser, deviceId: d.deviceId, managed: d.managed, compliant: d.compliant, sessionId: session, ...graphApp });
    addSignIn(batch, ctx.random, home, t0, true);
    const ip = AITM_PLACE.ips[0] ?? '185.107.56.33';
    // The kit replays the stolen session cookie: Entra logs sign-ins that MFA "previously satisfied", from the kit's server.
    const replays: (AuditRecord | GraphRecord)[] = [];
    for (let i = 0; i < 2; i++) {
      const at = t0 + (3 + i * 6) * MINUTE;
      const replay = signIn(ctx, { user, time: at, ip, place: AITM_PLACE, errorCode: 0, interactive: true, userAgent: d.userAgent, os: d.os, browser: d.browser, sessionId: session, ...graphApp });
      addSignIn(batch, ctx.random, replay, at, true);
      replays.push(replay.audit, replay.graph);
    }
    quietAround(user, t0);
    factWith('session-hijack', user, [home.audit, home.graph, ...replays], `${user.displayName} signed in from ${microsoftPlaceName(user.place.city)}; three minutes later the same session was replayed from a hosting provider in Amsterdam (an adversary-in-the-middle kit).`, [
      { policy: M365_SCENARIOS['session-hijack'], subject: email(user), eventIds: ids([home.audit, home.graph, ...replays]) },
      // The first replay (both of its records) is the far end; the second repeats its address.
      { policy: 'detection.impossible-travel', subject: email(user), eventIds: ids([home.audit, home.graph, ...replays.slice(0, 2)]) },
      // The kit's server is on the threat feed the admin imported (THREAT_FEED_ADDRESSES).
      { policy: 'detection.suspicious-ip', subject: email(user), eventIds: ids(replays) },
    ]);
  }

  if (on('mass-file-deletion')) {
    const ctx = ctxFor(18);
    const user = byTitle('Marketing Manager');
    const site = siteFor(tenant, user);
    const start = scenarioTime(1, user.place, 18, 30);
    const records: AuditRecord[] = [];
    for (let i = 0; i < 130; i++) {
      const at = start + Math.floor((i * 15 * MINUTE) / 130) + ctx.random.int(0, 2000);
      const record = fileOperation(ctx, { user, time: at, ip: user.homeIp, operation: i % 5 === 0 ? 'FileDeleted' : 'FileRecycled', site, fileName: `${fileName(ctx.random, user.department).replace(/\.(\w+)$/, '')} ${i + 1}.pptx`, userAgent: user.device.userAgent });
      addToFeed(batch, ctx.random, record, at, { lateProbability: 0.05, duplicateProbability: 0.05 });
      records.push(record);
    }
    factWith('mass-file-deletion', user, records, `${user.displayName} deleted 130 files from the Sales site in 15 minutes.`, [{ policy: M365_SCENARIOS['mass-file-deletion'], subject: email(user), eventIds: ids(records) }]);
  }

  if (on('admin-burst')) {
    const ctx = ctxFor(19);
    const admin = persona('sharepointAdmin');
    const group = tenant.groups.find((g) => g.displayName === 'Finance Approvers');
    const people = tenant.users.filter((u) => u.userType === 'Member' && u.accountEnabled && u.department !== 'Finance' && u.personas.length === 0).slice(0, 24);
    const start = scenarioTime(3, admin.place, 4, 2);
    const records: AuditRecord[] = [];
    people.forEach((person, i) => {
      const at = start + i * 50_000;
      const change = directoryChange(ctx, { time: at, operation: 'Add member to group.', category: 'GroupManagement', operationType: 'Assign', actor: { kind: 'user', user: admin, ip: admin.homeIp }, targets: [userTarget(person), { kind: 'group', id: group?.id ?? '', name: group?.displayName ?? 'Finance Approvers' }], modified: [{ Name: 'Group.ObjectID', OldValue: '', NewValue: group?.id ?? '' }, { Name: 'Group.DisplayName', OldValue: '', NewValue: group?.displayName ?? 'Finance Approvers' }] });
      // On time, as a burst reaches the feed: one late record would be judged after the alert.
      addToFeed(batch, ctx.random, change.audit, at, { lateProbability: 0, duplicateProbability: 0 });
      batch.directoryAudits.push({ record: change.graph, time: at });
      records.push(change.audit);
    });
    quietAround(admin, start);
    factWith('admin-burst', admin, records, `${admin.displayName}, who administers SharePoint, added ${people.length} people to "Finance Approvers" (who approve payments over 10,000) in 20 minutes at 04:00.`, [
      { policy: M365_SCENARIOS['admin-burst'], subject: email(admin), eventIds: ids(records) },
    ]);
  }

  if (on('contact-forwarding')) {
    // With the Exchange admin's session, the attacker adds a mail contact for their drop address and forwards the
    // CFO's mailbox to it by name: the forwarding names no address, only the contact resolves it to one outside.
    const ctx = ctxFor(20);
    const admin = persona('exchangeAdmin');
    const cfo = byTitle('Chief Financial Officer');
    const at = scenarioTime(4, admin.place, 15, 12);
    const contactId = '7c1e4a52-0b3d-4f7a-9a61-2d8e5c3b1aff';
    const created = exchangeAdmin(ctx, {
      actor: admin,
      time: at,
      ip: admin.homeIp,
      cmdlet: 'New-MailContact',
      objectId: ATTACKER_CONTACT.displayName,
      parameters: [
        { Name: 'Name', Value: ATTACKER_CONTACT.displayName },
        { Name: 'ExternalEmailAddress', Value: `SMTP:${ATTACKER_CONTACT.mail}` },
        { Name: 'Alias', Value: ATTACKER_CONTACT.mailNickname },
      ],
    });
    addToFeed(batch, ctx.random, created, at, { lateProbability: 0, duplicateProbability: 0 });
    const forwarding = exchangeAdmin(ctx, {
      actor: admin,
      time: at + 4 * MINUTE,
      ip: admin.homeIp,
      cmdlet: 'Set-Mailbox',
      objectId: cfo.displayName,
      parameters: [
        { Name: 'Identity', Value: cfo.userPrincipalName },
        { Name: 'ForwardingAddress', Value: ATTACKER_CONTACT.displayName },
        { Name: 'DeliverToMailboxAndForward', Value: 'True' },
      ],
    });
    addToFeed(batch, ctx.random, forwarding, at + 4 * MINUTE, { lateProbability: 0, duplicateProbability: 0 });
    inventory.push(() => tenant.contacts.push({ id: contactId, displayName: ATTACKER_CONTACT.displayName, mail: ATTACKER_CONTACT.mail, mailNickname: ATTACKER_CONTACT.mailNickname, proxyAddresses: [`SMTP:${ATTACKER_CONTACT.mail}`] }));
    factWith('contact-forwarding', admin, [forwarding], `${admin.displayName} created the mail contact "${ATTACKER_CONTACT.displayName}" (${ATTACKER_CONTACT.mail}) and forwarded ${cfo.displayName}'s mailbox to it by name.`, [
      { policy: M365_SCENARIOS['contact-forwarding'], subject: email(admin), eventIds: ids([forwarding]) },
    ]);
  }

  return {
    batch,
    facts,
    quiet,
    applyToInventory() {
      for (const change of inventory) change();
    },
  };
}

/** The tenant's own expenses app: its application object (the registration) and its app id. */
export function expensesApp(tenant: Tenant): { objectId: string; appId: string; displayName: string } {
  const sp = tenant.servicePrincipals.find((s) => s.appOwnerOrganizationId === tenant.id && / Expenses$/.test(s.displayName));
  const appId = sp?.appId ?? '00000000-0000-0000-0000-00000000e0e0';
  return { objectId: uuidFrom(`${tenant.id}:application:${appId}`), appId, displayName: sp?.displayName ?? 'Expenses' };
}
