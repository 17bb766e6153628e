import { DAY } from '../../../core/clock.js';
import { rsaKeyPair } from '../../sdk/simulator/rsa-key-pair.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { workforce, type Person } from '../../sdk/simulator/workforce.js';
import { WORKFORCE_LEAVER_INDEX } from '../../sdk/simulator/local-time.js';
import { sfId, sfTime } from './ids.js';

export type Row = Record<string, unknown>;

export interface SimProfile {
  id: string;
  name: string;
  /** The permission set the profile owns (IsOwnedByProfile). */
  permissionSetId: string;
  admin: { modifyAllData: boolean; viewAllData: boolean; manageUsers: boolean; customizeApplication: boolean };
}

export interface SimPermissionSet {
  id: string;
  name: string;
  label: string;
  admin: SimProfile['admin'];
}

export interface SimUser {
  id: string;
  person: Person | null;
  username: string;
  email: string;
  name: string;
  profile: SimProfile;
  active: boolean;
  frozen: boolean;
  loginId: string;
  created: number;
  /** Signs in from the Salesforce mobile app too. */
  usesPhone: boolean;
  /** Permission sets assigned beyond the profile's. */
  permissionSetIds: string[];
}

export interface SimOAuthToken {
  appName: string;
  appMenuItemId: string;
  userId: string;
  deleteToken: string;
  created: number;
  lastUsed: number;
  useCount: number;
}

export interface Tenant {
  orgId: string;
  orgName: string;
  myDomain: string;
  profiles: SimProfile[];
  permissionSets: SimPermissionSet[];
  users: SimUser[];
  groups: { id: string; name: string; developerName: string; type: string; memberIds: string[] }[];
  oauthTokens: SimOAuthToken[];
  sessions: { id: string; userId: string; created: number; sourceIp: string; type: string }[];
  /** The connected app Parapet uses (JWT bearer): its consumer key and the certificate's public key. */
  app: { consumerKey: string; publicKey: string; privateKey: string; preAuthorisedUserIds: string[] };
  integrationUser: SimUser;
  adminIndex: number;
  leaverIndex: number;
  /** Health Check: score and risks (Tooling API). */
  health: { score: string; risks: Row[] };
  /** The org has Event Monitoring (EventLogFile is queryable). */
  eventMonitoring: boolean;
}

const NO_ADMIN = { modifyAllData: false, viewAllData: false, manageUsers: false, customizeApplication: false };

export function buildTenant(options: { seed: number; now: number; emailDomain: string; people?: number; eventMonitoring?: boolean }): Tenant {
  const rng = new SeededRandom(mixSeed(options.seed, 0x5f0ce));
  let serial = 1000 + options.seed * 7;
  const next = (prefix: string) => sfId(prefix, serial++);
  const profile = (name: string, admin: SimProfile['admin']): SimProfile => ({ id: next('00e'), name, permissionSetId: next('0PS'), admin });
  const sysAdmin = profile('System Administrator', { modifyAllData: true, viewAllData: true, manageUsers: true, customizeApplication: true });
  const standard = profile('Standard User', NO_ADMIN);
  const sales = profile('Custom: Sales Profile', NO_ADMIN);
  const integration = profile('Minimum Access - API Only Integrations', NO_ADMIN);
  const permissionSets: SimPermissionSet[] = [
    { id: next('0PS'), name: 'Parapet_Integration', label: 'Parapet Integration', admin: { modifyAllData: false, viewAllData: true, manageUsers: true, customizeApplication: false } },
    { id: next('0PS'), name: 'Sales_Ops', label: 'Sales Ops', admin: NO_ADMIN },
    { id: next('0PS'), name: 'Report_Builder', label: 'Report Builder', admin: NO_ADMIN },
    { id: next('0PS'), name: 'Security_Auditor', label: 'Security Auditor', admin: { ...NO_ADMIN, viewAllData: true } },
  ];
  const people = workforce({ seed: options.seed, domain: options.emailDomain, size: options.people ?? 40 });
  const adminIndex = 2;
  const users: SimUser[] = people.map((person) => {
    const isAdmin = person.index === adminIndex || person.index === 3;
    return {
      id: next('005'),
      person,
      username: person.email,
      email: person.email,
      name: `${person.firstName} ${person.lastName}`,
      profile: isAdmin ? sysAdmin : person.index % 3 === 0 ? standard : sales,
      active: person.index !== WORKFORCE_LEAVER_INDEX,
      frozen: false,
      loginId: next('0Yw'),
      created: options.now - (400 + person.index * 11) * DAY,
      usesPhone: rng.chance(0.4),
      permissionSetIds: [],
    };
  });
  const [, salesOps, reportBuilder, auditor] = permissionSets;
  users[5]?.permissionSetIds.push(salesOps!.id, reportBuilder!.id);
  users[12]?.permissionSetIds.push(reportBuilder!.id);
  users[21]?.permissionSetIds.push(auditor!.id);
  const integrationUser: SimUser = {
    id: next('005'), person: null, username: `parapet.integration@${options.emailDomain}`, email: `it-security@${options.emailDomain}`, name: 'Parapet Integration',
    profile: integration, active: true, frozen: false, loginId: next('0Yw'), created: options.now - 60 * DAY, usesPhone: false, permissionSetIds: [permissionSets[0]!.id],
  };
  users.push(integrationUser);
  const keys = rsaKeyPair();
  const consumerKey = `3MVG9${Array.from({ length: 80 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._'[rng.int(0, 63)]).join('')}`;
  const group = (name: string, type: string, members: SimUser[]) => ({ id: next('00G'), name, developerName: name.replace(/\W+/g, '_'), type, memberIds: members.map((u) => u.id) });
  const groups = [
    group('Litigation Team', 'Regular', users.filter((u) => u.person && u.person.index % 4 === 0)),
    group('EMEA Office', 'Regular', users.filter((u) => u.person?.region === 'eu')),
    group('Billing Queue', 'Queue', users.filter((u) => u.person && u.person.index % 7 === 1)),
  ];
  const apps = [
    { appName: 'Salesforce for Outlook', appMenuItemId: next('0Pp') },
    { appName: 'Salesforce Mobile', appMenuItemId: next('0Pp') },
    { appName: 'DocuSign for Salesforce', appMenuItemId: next('0Pp') },
  ];
  const oauthTokens: SimOAuthToken[] = [];
  for (const u of users) {
    if (!u.person) continue;
    if (u.usesPhone) oauthTokens.push(token(apps[1]!, u, rng, options.now));
    if (u.person.index % 3 === 1) oauthTokens.push(token(apps[0]!, u, rng, options.now));
    if (u.person.index % 5 === 2) oauthTokens.push(token(apps[2]!, u, rng, options.now));
  }
  return {
    orgId: sfId('00D', 77 + options.seed),
    orgName: 'Northwind Legal Group',
    myDomain: 'northwind-legal.my.salesforce.com',
    profiles: [sysAdmin, standard, sales, integration],
    permissionSets,
    users,
    groups,
    oauthTokens,
    sessions: users.filter((u) => u.person && u.active).slice(0, 30).map((u) => ({ id: next('0Ak'), userId: u.id, created: options.now - rng.int(1, 600) * 60_000, sourceIp: u.person!.ip, type: 'UI' })),
    app: { consumerKey, publicKey: keys.publicKey, privateKey: keys.privateKey, preAuthorisedUserIds: [integrationUser.id] },
    integrationUser,
    adminIndex,
    leaverIndex: WORKFORCE_LEAVER_INDEX,
    health: { score: '86', risks: healthRisks() },
    eventMonitoring: options.eventMonitoring ?? true,
  };
}

function token(app: { appName: string; appMenuItemId: string }, user: SimUser, rng: SeededRandom, now: number): SimOAuthToken {
  const created = now - rng.int(20, 300) * DAY;
  return { ...app, userId: user.id, deleteToken: `5Aep861${Array.from({ length: 40 }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[rng.int(0, 61)]).join('')}`, created, lastUsed: now - rng.int(1, 72) * 3_600_000, useCount: rng.int(5, 900) };
}

function healthRisks(): Row[] {
  const r = (Setting: string, SettingGroup: string, OrgValue: string, StandardValue: string, RiskType: string) => ({ Setting, SettingGroup, OrgValue, OrgValueRaw: OrgValue, StandardValue, StandardValueRaw: StandardValue, RiskType });
  return [
    r('Minimum password length', 'Password Policies', '12', '8', 'MEETS_STANDARD'),
    r('Maximum invalid login attempts', 'Password Policies', '5', '3', 'MEETS_STANDARD'),
    r('Password complexity requirement', 'Password Policies', 'Must include alpha and numeric characters', 'Must include alpha and numeric characters', 'MEETS_STANDARD'),
    r('Timeout value', 'Session Settings', '2 hours', '2 hours', 'MEETS_STANDARD'),
    r('Enable clickjack protection for customer Visualforce pages with standard headers', 'Session Settings', 'Disabled', 'Enabled', 'MEDIUM_RISK'),
  ];
}

/** Wire rows (as SOQL returns them, before projection) of the tenant's directory objects. */
export function directoryRows(t: Tenant, base: string): Record<string, Row[]> {
  const attr = (type: string, id: string | null) => ({ type, url: id ? `${base}/sobjects/${type}/${id}` : null });
  const profileRef = (p: SimProfile) => ({ attributes: attr('Profile', p.id), Id: p.id, Name: p.name });
  const setRow = (id: string, name: string, label: string, admin: SimProfile['admin'], profile: SimProfile | null) => ({
    attributes: attr('PermissionSet', id), Id: id, Name: name, Label: label, IsOwnedByProfile: profile !== null, ProfileId: profile?.id ?? null, Profile: profile ? profileRef(profile) : null,
    PermissionsModifyAllData: admin.modifyAllData, PermissionsViewAllData: admin.viewAllData, PermissionsManageUsers: admin.manageUsers, PermissionsCustomizeApplication: admin.customizeApplication, PermissionsAuthorApex: admin.modifyAllData,
  });
  const sets = new Map<string, Row>();
  for (const p of t.profiles) sets.set(p.permissionSetId, setRow(p.permissionSetId, `X00e${p.id.slice(3, 15)}`, p.name, p.admin, p));
  for (const s of t.permissionSets) sets.set(s.id, setRow(s.id, s.name, s.label, s.admin, null));
  let serial = 5000;
  const assignments: Row[] = [];
  for (const u of t.users) {
    for (const setId of [u.profile.permissionSetId, ...u.permissionSetIds]) {
      const id = sfId('0Pa', serial++ + u.id.charCodeAt(10));
      assignments.push({ attributes: attr('PermissionSetAssignment', id), Id: id, AssigneeId: u.id, PermissionSetId: setId, PermissionSet: sets.get(setId) ?? null });
    }
  }
  let memberSerial = 9000;
  return {
    User: t.users.map((u) => ({
      attributes: attr('User', u.id), Id: u.id, Username: u.username, Email: u.email, Name: u.name, IsActive: u.active, UserType: 'Standard', ProfileId: u.profile.id, Profile: profileRef(u.profile),
      UserRoleId: null, LastLoginDate: null, CreatedDate: sfTime(u.created),
    })),
    UserLogin: t.users.map((u) => ({ attributes: attr('UserLogin', u.loginId), Id: u.loginId, UserId: u.id, IsFrozen: u.frozen, IsPasswordLocked: false, LastModifiedDate: sfTime(u.created) })),
    Profile: t.profiles.map((p) => ({ attributes: attr('Profile', p.id), Id: p.id, Name: p.name })),
    PermissionSet: [...sets.values()],
    PermissionSetAssignment: assignments,
    Group: t.groups.map((g) => ({ attributes: attr('Group', g.id), Id: g.id, Name: g.name, DeveloperName: g.developerName, Type: g.type })),
    GroupMember: t.groups.flatMap((g) => g.memberIds.map((m) => {
      const id = sfId('011', memberSerial++);
      return { attributes: attr('GroupMember', id), Id: id, GroupId: g.id, UserOrGroupId: m };
    })),
    OauthToken: t.oauthTokens.map((o) => ({
      attributes: attr('OauthToken', null), Id: null, AppName: o.appName, AppMenuItemId: o.appMenuItemId, UserId: o.userId, CreatedDate: sfTime(o.created), LastUsedDate: sfTime(o.lastUsed), UseCount: o.useCount,
      DeleteToken: o.deleteToken, AccessToken: null, RequestToken: null,
    })),
    AuthSession: t.sessions.map((s) => ({ attributes: attr('AuthSession', s.id), Id: s.id, UsersId: s.userId, SessionType: s.type, LoginType: 'Application', SourceIp: s.sourceIp, CreatedDate: sfTime(s.created) })),
  };
}
