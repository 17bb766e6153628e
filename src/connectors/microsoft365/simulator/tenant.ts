import { DAY, HOUR } from '../../../core/clock.js';
import { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { APP_IDS, GRAPH_APP_ROLES, GRAPH_DELEGATED_SCOPES, MANAGEMENT_APP_ROLES, MICROSOFT_TENANT_ID, ROLE_TEMPLATES, graphKeyId, hex, mixSeed, puid } from './ids.js';
import { EU_PLACES, US_PLACES, USER_AGENTS, type Place } from '../../sdk/simulator/places.js';
import { DEMO_ORGANISATION, workforce } from '../../sdk/simulator/workforce.js';
import { PARTNER_OFFICE_IPS } from './places.js';

/** The device a person normally uses: what their sign-ins and SharePoint records say. */
export interface Device {
  os: string;
  browser: string;
  userAgent: string;
  deviceId: string;
  managed: boolean;
  compliant: boolean;
  trustType: string | null;
}

/** Roles people in the story play; scenarios pick their victims and actors by these. */
export type Persona =
  | 'globalAdmin'
  | 'syncedGlobalAdmin'
  | 'breakGlass'
  | 'userAdmin'
  | 'exchangeAdmin'
  | 'sharepointAdmin'
  | 'traveler'
  | 'phished'
  | 'consenter'
  | 'downloader'
  | 'promoted'
  | 'leaver'
  | 'newHire'
  | 'guest'
  | 'pendingGuest';

export interface SimUser {
  id: string;
  puid: string;
  /** Position in the demo organisation's shared workforce (member user i is person i); null for Microsoft 365's own accounts (break-glass, guests). */
  workforceIndex: number | null;
  givenName: string;
  surname: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  proxyAddresses: string[];
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  externalUserState: 'PendingAcceptance' | 'Accepted' | null;
  creationType: string | null;
  createdDateTime: number;
  onPremisesSyncEnabled: boolean | null;
  onPremisesImmutableId: string | null;
  jobTitle: string | null;
  department: string | null;
  place: Place;
  /** The address the person signs in from, in every app (the workforce's home address). */
  homeIp: string;
  device: Device;
  /** Local hour the working day starts, and its length in hours (the workforce's). */
  workStartHour: number;
  workHours: number;
  lastPasswordChangeDateTime: number;
  signInSessionsValidFromDateTime: number;
  personas: Persona[];
  /** Relative amount of activity (0 = never signs in; else the workforce's activity level). */
  activity: number;
  /** When the account was disabled (the leaver), else null. */
  disabledAt: number | null;
  /** A sign-in happened at least once (else `signInActivity` is absent). */
  lastInteractiveSignIn: number | null;
  lastNonInteractiveSignIn: number | null;
  lastSuccessfulSignIn: number | null;
}

export interface SimGroup {
  id: string;
  displayName: string;
  description: string | null;
  groupTypes: string[];
  securityEnabled: boolean;
  mailEnabled: boolean;
  mailNickname: string;
  mail: string | null;
  isAssignableToRole: boolean;
  membershipRule: string | null;
  visibility: string | null;
  createdDateTime: number;
  /** Direct member object ids (users, groups). */
  members: string[];
}

export interface SimRoleDefinition {
  id: string;
  displayName: string;
  description: string;
  isBuiltIn: true;
  /** Activated directoryRole object id. */
  directoryRoleId: string;
}

export interface SimRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  createdAt: number;
}

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
}

export interface PermissionScope {
  id: string;
  value: string;
  adminConsentDisplayName: string;
  type: 'User' | 'Admin';
  isEnabled: boolean;
}

export interface SimServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appOwnerOrganizationId: string;
  servicePrincipalType: 'Application' | 'ManagedIdentity' | 'Legacy';
  accountEnabled: boolean;
  verifiedPublisher: { displayName: string | null; verifiedPublisherId: string | null; addedDateTime: string | null };
  signInAudience: string;
  tags: string[];
  appRoleAssignmentRequired: boolean;
  homepage: string | null;
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  createdAt: number;
  /** Beta-only on Graph; kept for the audit records. */
  publisherName: string | null;
}

export interface SimGrant {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string;
  scope: string;
  createdAt: number;
}

export interface SimAppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: 'ServicePrincipal' | 'User' | 'Group';
  principalDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: number;
}

export interface SimDomain {
  id: string;
  authenticationType: 'Managed' | 'Federated';
  isDefault: boolean;
  isInitial: boolean;
  isRoot: boolean;
  isVerified: boolean;
  passwordValidityPeriodInDays: number | null;
  passwordNotificationWindowInDays: number | null;
  supportedServices: string[];
}

/** The verified domain of the organisation's UK office (e.g. uk.contoso.com). */
export const ukDomainOf = (domain: string): string => `uk.${domain}`;
/** The mail contact of the UK payroll bureau, at the UK office's verified domain. */
export const UK_PAYROLL_CONTACT = 'UK Payroll';

/** An organisational mail contact (Graph `orgContact`): an outside address kept in the directory. */
export interface SimContact {
  id: string;
  displayName: string;
  mail: string;
  mailNickname: string;
  proxyAddresses: string[];
}

/** The app registration Parapet connects with, as its admin registered it. */
export interface ConnectorApp {
  clientId: string;
  clientSecret: string;
  servicePrincipalId: string;
  displayName: string;
}

export interface Tenant {
  id: string;
  displayName: string;
  /** Primary e-mail domain, e.g. contoso.com. */
  domain: string;
  /** `<name>.onmicrosoft.com`. */
  initialDomain: string;
  createdAt: number;
  users: SimUser[];
  groups: SimGroup[];
  roleDefinitions: SimRoleDefinition[];
  roleAssignments: SimRoleAssignment[];
  servicePrincipals: SimServicePrincipal[];
  grants: SimGrant[];
  appRoleAssignments: SimAppRoleAssignment[];
  domains: SimDomain[];
  /** Mail contacts (Graph `/contacts`). */
  contacts: SimContact[];
  policies: Record<string, Record<string, unknown>>;
  connectorApp: ConnectorApp;
  /** Another real tenant in which the connector app is not registered (the "wrong tenant" mistake). */
  otherTenantId: string;
  random: SeededRandom;
}

/** What a member of the tenant does at the firm: the Microsoft 365 side of a workforce person. */
interface Role {
  department: string;
  title: string;
  personas?: Persona[];
  /** Synchronised from on-premises Active Directory. */
  synced?: boolean;
}

/**
 * Roles by workforce index (person i of the demo organisation is member user i): 0–20 live in the `us`
 * region, 21–39 in `eu`, in the shared workforce's cities (0, 7 and 14 in Seattle; 21, 29 and 36 in
 * London). The stories line up with the DocuSign simulator's: 0 is Alex Morgan, the demo's administrator;
 * 9 is the leaver whose DocuSign memberships were closed; 15 and 33 joined during the history.
 */
const ROLES: readonly Role[] = [
  { department: 'IT', title: 'IT Director', personas: ['globalAdmin'] },
  { department: 'IT', title: 'Systems Engineer', personas: ['syncedGlobalAdmin'], synced: true },
  { department: 'IT', title: 'Helpdesk Lead', personas: ['userAdmin'] },
  { department: 'IT', title: 'Messaging Engineer', personas: ['exchangeAdmin'] },
  { department: 'IT', title: 'Collaboration Engineer', personas: ['sharepointAdmin'] },
  { department: 'Security', title: 'Security Analyst' },
  { department: 'Executive', title: 'Chief Executive Officer' },
  { department: 'Finance', title: 'Chief Financial Officer' },
  { department: 'Finance', title: 'Controller', personas: ['downloader'] },
  { department: 'Sales', title: 'Account Manager', personas: ['leaver'] },
  { department: 'Engineering', title: 'Software Engineer', personas: ['consenter'] },
  { department: 'Finance', title: 'Payroll Specialist', personas: ['phished'] },
  { department: 'Operations', title: 'Operations Coordinator', personas: ['promoted'] },
  { department: 'Legal', title: 'Corporate Counsel' },
  { department: 'Sales', title: 'Account Executive', personas: ['traveler'] },
  { department: 'Operations', title: 'Procurement Specialist', personas: ['newHire'] },
  { department: 'Finance', title: 'Accountant' },
  { department: 'Engineering', title: 'Engineering Manager' },
  { department: 'Sales', title: 'Sales Manager' },
  { department: 'HR', title: 'HR Director' },
  { department: 'Marketing', title: 'Marketing Manager' },
  { department: 'Executive', title: 'Managing Director, Europe' },
  { department: 'Operations', title: 'Logistics Analyst' },
  { department: 'Finance', title: 'Financial Analyst' },
  { department: 'Security', title: 'Security Engineer' },
  { department: 'Engineering', title: 'Software Engineer' },
  { department: 'Marketing', title: 'Brand Manager' },
  { department: 'Engineering', title: 'Site Reliability Engineer' },
  { department: 'Sales', title: 'Sales Associate' },
  { department: 'Sales', title: 'Regional Sales Director' },
  { department: 'Finance', title: 'Accounts Payable Clerk' },
  { department: 'Engineering', title: 'Data Engineer' },
  { department: 'Engineering', title: 'QA Engineer' },
  { department: 'Engineering', title: 'Intern', personas: ['newHire'] },
  { department: 'Sales', title: 'Account Executive' },
  { department: 'HR', title: 'Recruiter' },
  { department: 'Legal', title: 'Paralegal' },
  { department: 'Marketing', title: 'Content Designer' },
  { department: 'Operations', title: 'Facilities Manager' },
  { department: 'Sales', title: 'Sales Engineer' },
];

/** Roles of people beyond the first 40 (a larger tenant), in turn: no personas, nobody synchronised. */
const MORE_ROLES: readonly Role[] = [
  { department: 'Sales', title: 'Account Executive' },
  { department: 'Engineering', title: 'Software Engineer' },
  { department: 'Operations', title: 'Operations Analyst' },
  { department: 'Finance', title: 'Financial Analyst' },
  { department: 'Marketing', title: 'Marketing Specialist' },
  { department: 'Legal', title: 'Associate' },
  { department: 'Sales', title: 'Sales Associate' },
  { department: 'Engineering', title: 'QA Engineer' },
  { department: 'HR', title: 'HR Generalist' },
];

/** Days before "now" the new hires started (DocuSign gave them their accounts on those days). */
const HIRED_DAYS_AGO = new Map([
  [15, 20],
  [33, 12],
]);

const DEVICES: readonly Omit<Device, 'deviceId'>[] = [
  { os: 'Windows10', browser: 'Edge 124.0.2478', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80', managed: true, compliant: true, trustType: 'Azure AD joined' },
  { os: 'Windows10', browser: 'Chrome 124.0.0', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', managed: true, compliant: true, trustType: 'Hybrid Azure AD joined' },
  { os: 'MacOs', browser: 'Chrome 124.0.0', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', managed: true, compliant: true, trustType: 'Azure AD registered' },
  { os: 'MacOs', browser: 'Safari 17.4', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15', managed: false, compliant: false, trustType: null },
  { os: 'Windows10', browser: 'Firefox 125.0', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0', managed: false, compliant: false, trustType: null },
];

export const PRIVILEGED_ROLE_TEMPLATES: readonly string[] = [
  ROLE_TEMPLATES.globalAdministrator,
  ROLE_TEMPLATES.privilegedRoleAdministrator,
  ROLE_TEMPLATES.securityAdministrator,
  ROLE_TEMPLATES.privilegedAuthenticationAdministrator,
  ROLE_TEMPLATES.userAdministrator,
  ROLE_TEMPLATES.exchangeAdministrator,
  ROLE_TEMPLATES.sharePointAdministrator,
  ROLE_TEMPLATES.applicationAdministrator,
  ROLE_TEMPLATES.cloudApplicationAdministrator,
  ROLE_TEMPLATES.hybridIdentityAdministrator,
];

const ROLE_NAMES: Record<string, [string, string]> = {
  [ROLE_TEMPLATES.globalAdministrator]: ['Global Administrator', 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.'],
  [ROLE_TEMPLATES.privilegedRoleAdministrator]: ['Privileged Role Administrator', 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.'],
  [ROLE_TEMPLATES.securityAdministrator]: ['Security Administrator', 'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.'],
  [ROLE_TEMPLATES.privilegedAuthenticationAdministrator]: ['Privileged Authentication Administrator', 'Can access to view, set and reset authentication method information for any user (admin or non-admin).'],
  [ROLE_TEMPLATES.userAdministrator]: ['User Administrator', 'Can manage all aspects of users and groups, including resetting passwords for limited admins.'],
  [ROLE_TEMPLATES.exchangeAdministrator]: ['Exchange Administrator', 'Can manage all aspects of the Exchange product.'],
  [ROLE_TEMPLATES.sharePointAdministrator]: ['SharePoint Administrator', 'Can manage all aspects of the SharePoint service.'],
  [ROLE_TEMPLATES.applicationAdministrator]: ['Application Administrator', 'Can create and manage all aspects of app registrations and enterprise apps.'],
  [ROLE_TEMPLATES.cloudApplicationAdministrator]: ['Cloud Application Administrator', 'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.'],
  [ROLE_TEMPLATES.hybridIdentityAdministrator]: ['Hybrid Identity Administrator', 'Can manage Active Directory to Microsoft Entra cloud provisioning, Microsoft Entra Connect, and federation settings.'],
  [ROLE_TEMPLATES.globalReader]: ['Global Reader', 'Can read everything that a Global Administrator can, but not update anything.'],
  [ROLE_TEMPLATES.helpdeskAdministrator]: ['Helpdesk Administrator', 'Can reset passwords for non-administrators and Helpdesk Administrators.'],
  [ROLE_TEMPLATES.securityReader]: ['Security Reader', 'Can read security information and reports in Microsoft Entra ID and Office 365.'],
};

export interface TenantOptions {
  seed: number;
  /** "Now" the tenant is built for (epoch ms). */
  now: number;
  /** Primary e-mail domain, everyone's e-mail domain. @default DEMO_ORGANISATION.domain ('northwind-legal.example') */
  domain: string;
  /** Member users taken from the shared workforce (person i = member user i). @default 40 (WORKFORCE_SIZE) */
  users: number;
  /** Application permissions consented for the connector app, per resource. */
  grantedRoles: { graph: readonly string[]; manage: readonly string[] };
}

const ISO = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Builds the seeded tenant: same seed, same tenant, same ids. Its members are the demo organisation's
 * shared workforce (person i = member user i: same name, e-mail, home city and address, browser and working
 * hours as in every other simulator), so Parapet links their accounts across apps; the break-glass account
 * and the partner guests are Microsoft 365's own and come after them.
 */
export function buildTenant(options: TenantOptions): Tenant {
  const random = new SeededRandom(mixSeed(options.seed, 0x7e4a47));
  const now = options.now;
  const domain = options.domain.toLowerCase();
  const orgName = domain.split('.')[0] ?? 'contoso';
  const orgLabel = orgName.split('-').map(cap).join(' ');
  // The initial domain's name takes letters and digits only.
  const initialDomain = `${orgName.replace(/[^a-z0-9]/g, '')}.onmicrosoft.com`;
  const tenantId = random.uuid();
  const createdAt = now - 1200 * DAY;

  const users: SimUser[] = [];
  const deviceFor = (userAgent: string): Device => ({ ...(DEVICES.find((d) => d.userAgent === userAgent) ?? (DEVICES[0] as Omit<Device, 'deviceId'>)), deviceId: random.uuid() });

  const people = workforce({ seed: options.seed, domain, size: options.users });
  for (const person of people) {
    const role = ROLES[person.index] ?? (MORE_ROLES[person.index % MORE_ROLES.length] as Role);
    const personas = role.personas ?? [];
    const mail = person.email;
    const hiredDaysAgo = HIRED_DAYS_AGO.get(person.index);
    // Entra gets a new hire's account the day before their first day (and before any other app does).
    const created = hiredDaysAgo !== undefined ? now - (hiredDaysAgo + 1) * DAY + random.int(9, 16) * HOUR : now - random.int(200, 1100) * DAY;
    users.push({
      id: random.uuid(),
      puid: puid(random),
      workforceIndex: person.index,
      givenName: person.firstName,
      surname: person.lastName,
      displayName: `${person.firstName} ${person.lastName}`,
      userPrincipalName: mail,
      mail,
      proxyAddresses: [`SMTP:${mail}`, `smtp:${mail.split('@')[0] ?? ''}@${initialDomain}`],
      accountEnabled: true,
      userType: 'Member',
      externalUserState: null,
      creationType: null,
      createdDateTime: created,
      onPremisesSyncEnabled: role.synced ? true : null,
      onPremisesImmutableId: role.synced ? Buffer.from(hex(random, 32), 'hex').toString('base64') : null,
      jobTitle: role.title,
      department: role.department,
      place: person.place,
      homeIp: person.ip,
      device: deviceFor(person.userAgent),
      workStartHour: person.workStartHour,
      workHours: person.workHours,
      lastPasswordChangeDateTime: Math.max(created, now - random.int(5, 300) * DAY),
      signInSessionsValidFromDateTime: Math.max(created, now - random.int(5, 300) * DAY),
      personas: [...personas],
      activity: person.activityLevel,
      disabledAt: null,
      lastInteractiveSignIn: null,
      lastNonInteractiveSignIn: null,
      lastSuccessfulSignIn: null,
    });
  }

  // The emergency-access account: a cloud-only Global Administrator nobody signs in with.
  const admin = people[0];
  users.push({
    id: random.uuid(),
    puid: puid(random),
    workforceIndex: null,
    givenName: 'Emergency',
    surname: 'Access',
    displayName: 'Emergency Access Account',
    userPrincipalName: `breakglass@${initialDomain}`,
    mail: null,
    proxyAddresses: [],
    accountEnabled: true,
    userType: 'Member',
    externalUserState: null,
    creationType: null,
    createdDateTime: now - 900 * DAY,
    onPremisesSyncEnabled: null,
    onPremisesImmutableId: null,
    jobTitle: null,
    department: null,
    place: admin?.place ?? (US_PLACES[0] as Place),
    homeIp: admin?.ip ?? (US_PLACES[0]?.ips[0] as string),
    device: deviceFor(admin?.userAgent ?? ''),
    workStartHour: 9,
    workHours: 8,
    lastPasswordChangeDateTime: now - 400 * DAY,
    signInSessionsValidFromDateTime: now - 400 * DAY,
    personas: ['breakGlass'],
    activity: 0,
    disabledAt: null,
    lastInteractiveSignIn: null,
    lastNonInteractiveSignIn: null,
    lastSuccessfulSignIn: null,
  });

  // Guests from partner organisations, signing in from their own offices.
  const paris = EU_PLACES.find((p) => p.city === 'paris') as Place;
  const london = EU_PLACES.find((p) => p.city === 'london') as Place;
  const guests: [string, string, string, Place, string, boolean][] = [
    ['Amandine', 'Roux', 'fabrikam.com', paris, PARTNER_OFFICE_IPS.paris, true],
    ['Graham', 'Pike', 'tailspintoys.com', london, PARTNER_OFFICE_IPS.london, true],
    ['Giulia', 'Marchetti', 'fabrikam.com', paris, PARTNER_OFFICE_IPS.paris, false],
  ];
  for (const [given, surname, guestDomain, place, officeIp, accepted] of guests) {
    const external = `${given}.${surname}@${guestDomain}`.toLowerCase();
    users.push({
      id: random.uuid(),
      puid: puid(random),
      workforceIndex: null,
      givenName: given,
      surname,
      displayName: `${given} ${surname} (${guestDomain.split('.')[0]})`,
      userPrincipalName: `${external.replace('@', '_')}#EXT#@${initialDomain}`,
      mail: external,
      proxyAddresses: [`SMTP:${external}`],
      accountEnabled: true,
      userType: 'Guest',
      externalUserState: accepted ? 'Accepted' : 'PendingAcceptance',
      creationType: 'Invitation',
      createdDateTime: accepted ? now - random.int(60, 400) * DAY : now - 9 * DAY,
      onPremisesSyncEnabled: null,
      onPremisesImmutableId: null,
      jobTitle: null,
      department: null,
      place,
      homeIp: officeIp,
      device: deviceFor(random.pick(USER_AGENTS)),
      workStartHour: 9,
      workHours: 8,
      lastPasswordChangeDateTime: now - 60 * DAY,
      signInSessionsValidFromDateTime: now - 60 * DAY,
      personas: accepted ? ['guest'] : ['pendingGuest'],
      activity: accepted ? 0.3 : 0,
      disabledAt: null,
      lastInteractiveSignIn: null,
      lastNonInteractiveSignIn: null,
      lastSuccessfulSignIn: null,
    });
  }

  const byPersona = (p: Persona) => users.filter((u) => u.personas.includes(p));
  const member = (u: SimUser) => u.userType === 'Member' && !u.personas.includes('breakGlass');
  const dept = (d: string) => users.filter((u) => u.department === d).map((u) => u.id);

  const group = (spec: Omit<SimGroup, 'id' | 'createdDateTime' | 'mail' | 'mailNickname'> & { nickname: string }): SimGroup => {
    const { nickname, ...rest } = spec;
    return { id: random.uuid(), createdDateTime: now - random.int(300, 1100) * DAY, mailNickname: nickname, mail: rest.mailEnabled ? `${nickname}@${domain}` : null, ...rest };
  };
  const itAdmins = group({ displayName: 'IT Admins', nickname: 'itadmins', description: 'Security operations staff holding the Security Administrator role.', groupTypes: [], securityEnabled: true, mailEnabled: false, isAssignableToRole: true, membershipRule: null, visibility: 'Private', members: users.filter((u) => u.department === 'Security').map((u) => u.id) });
  const financeApprovers = group({ displayName: 'Finance Approvers', nickname: 'financeapprovers', description: 'Approve payments over 10,000.', groupTypes: [], securityEnabled: true, mailEnabled: false, isAssignableToRole: false, membershipRule: null, visibility: null, members: users.filter((u) => u.jobTitle === 'Controller' || u.jobTitle === 'Chief Financial Officer').map((u) => u.id) });
  const groups: SimGroup[] = [
    group({ displayName: 'All Company', nickname: 'allcompany', description: 'Everyone at the company.', groupTypes: ['Unified'], securityEnabled: false, mailEnabled: true, isAssignableToRole: false, membershipRule: null, visibility: 'Public', members: users.filter(member).map((u) => u.id) }),
    group({ displayName: 'Finance', nickname: 'finance', description: 'Finance department.', groupTypes: ['Unified'], securityEnabled: false, mailEnabled: true, isAssignableToRole: false, membershipRule: null, visibility: 'Private', members: dept('Finance') }),
    group({ displayName: 'Engineering', nickname: 'engineering', description: 'Engineering department.', groupTypes: ['Unified'], securityEnabled: false, mailEnabled: true, isAssignableToRole: false, membershipRule: null, visibility: 'Private', members: dept('Engineering') }),
    group({ displayName: 'Sales Team', nickname: 'salesteam', description: 'Sales, with partner reps.', groupTypes: ['Unified'], securityEnabled: false, mailEnabled: true, isAssignableToRole: false, membershipRule: null, visibility: 'Private', members: [...dept('Sales'), ...byPersona('guest').map((u) => u.id)] }),
    itAdmins,
    financeApprovers,
    group({ displayName: 'Leadership', nickname: 'leadership', description: 'Executives and approvers.', groupTypes: [], securityEnabled: true, mailEnabled: false, isAssignableToRole: false, membershipRule: null, visibility: null, members: [...users.filter((u) => u.department === 'Executive' || u.jobTitle === 'HR Director').map((u) => u.id), financeApprovers.id] }),
    group({ displayName: 'Break Glass Exclusions', nickname: 'breakglassexclusions', description: 'Excluded from Conditional Access.', groupTypes: [], securityEnabled: true, mailEnabled: false, isAssignableToRole: false, membershipRule: null, visibility: null, members: byPersona('breakGlass').map((u) => u.id) }),
    group({ displayName: 'Partner Guests', nickname: 'partnerguests', description: 'Guests from partner organisations.', groupTypes: [], securityEnabled: true, mailEnabled: false, isAssignableToRole: false, membershipRule: null, visibility: null, members: users.filter((u) => u.userType === 'Guest').map((u) => u.id) }),
    group({ displayName: 'Marketing Announcements', nickname: 'marketing-announce', description: 'Distribution list.', groupTypes: [], securityEnabled: false, mailEnabled: true, isAssignableToRole: false, membershipRule: null, visibility: null, members: dept('Marketing') }),
    group({ displayName: 'Remote Workers', nickname: 'remoteworkers', description: 'Everyone outside Seattle (dynamic).', groupTypes: ['DynamicMembership'], securityEnabled: true, mailEnabled: false, isAssignableToRole: false, membershipRule: '(user.city -ne "Seattle") -and (user.userType -eq "Member")', visibility: null, members: users.filter((u) => member(u) && u.place.city !== 'seattle').map((u) => u.id) }),
  ];

  const roleDefinitions: SimRoleDefinition[] = Object.entries(ROLE_NAMES).map(([id, [displayName, description]]) => ({ id, displayName, description, isBuiltIn: true, directoryRoleId: random.uuid() }));
  const roleAssignments: SimRoleAssignment[] = [];
  const assign = (principalId: string, roleDefinitionId: string, at: number) =>
    roleAssignments.push({ id: graphKeyId(random, 44) + '-1', principalId, roleDefinitionId, directoryScopeId: '/', createdAt: at });
  for (const u of byPersona('globalAdmin')) assign(u.id, ROLE_TEMPLATES.globalAdministrator, now - 800 * DAY);
  for (const u of byPersona('syncedGlobalAdmin')) assign(u.id, ROLE_TEMPLATES.globalAdministrator, now - 700 * DAY);
  for (const u of byPersona('breakGlass')) assign(u.id, ROLE_TEMPLATES.globalAdministrator, now - 900 * DAY);
  for (const u of byPersona('userAdmin')) assign(u.id, ROLE_TEMPLATES.userAdministrator, now - 500 * DAY);
  for (const u of byPersona('exchangeAdmin')) assign(u.id, ROLE_TEMPLATES.exchangeAdministrator, now - 450 * DAY);
  for (const u of byPersona('sharepointAdmin')) assign(u.id, ROLE_TEMPLATES.sharePointAdministrator, now - 420 * DAY);
  assign(itAdmins.id, ROLE_TEMPLATES.securityAdministrator, now - 300 * DAY);
  const reader = users.find((u) => u.jobTitle === 'Security Analyst');
  if (reader) assign(reader.id, ROLE_TEMPLATES.globalReader, now - 250 * DAY);

  // Service principals: Microsoft's, the tenant's own, and third parties'.
  const servicePrincipals: SimServicePrincipal[] = [];
  const sp = (spec: Partial<SimServicePrincipal> & Pick<SimServicePrincipal, 'appId' | 'displayName' | 'appOwnerOrganizationId'>): SimServicePrincipal => {
    const built: SimServicePrincipal = {
      id: random.uuid(),
      servicePrincipalType: 'Application',
      accountEnabled: true,
      verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
      signInAudience: 'AzureADMultipleOrgs',
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      appRoleAssignmentRequired: false,
      homepage: null,
      appRoles: [],
      oauth2PermissionScopes: [],
      createdAt: now - random.int(100, 1100) * DAY,
      publisherName: null,
      ...spec,
    };
    servicePrincipals.push(built);
    return built;
  };
  const graphSp = sp({
    appId: APP_IDS.graph,
    displayName: 'Microsoft Graph',
    appOwnerOrganizationId: MICROSOFT_TENANT_ID,
    publisherName: 'Microsoft Services',
    createdAt: createdAt,
    appRoles: Object.entries(GRAPH_APP_ROLES).map(([value, id]) => ({ id, value, displayName: value, description: `Allows the app to ${value} without a signed-in user.`, allowedMemberTypes: ['Application'], isEnabled: true })),
    oauth2PermissionScopes: GRAPH_DELEGATED_SCOPES.map((value) => ({ id: random.uuid(), value, adminConsentDisplayName: value, type: /All|Directory/.test(value) ? ('Admin' as const) : ('User' as const), isEnabled: true })),
  });
  const managementSp = sp({
    appId: APP_IDS.managementApis,
    displayName: 'Office 365 Management APIs',
    appOwnerOrganizationId: MICROSOFT_TENANT_ID,
    publisherName: 'Microsoft Services',
    createdAt: createdAt,
    appRoles: Object.entries(MANAGEMENT_APP_ROLES).map(([value, id]) => ({ id, value, displayName: value, description: `Allows the app to ${value}.`, allowedMemberTypes: ['Application'], isEnabled: true })),
  });
  sp({ appId: APP_IDS.exchange, displayName: 'Office 365 Exchange Online', appOwnerOrganizationId: MICROSOFT_TENANT_ID, publisherName: 'Microsoft Services', createdAt });
  sp({ appId: APP_IDS.sharepoint, displayName: 'Office 365 SharePoint Online', appOwnerOrganizationId: MICROSOFT_TENANT_ID, publisherName: 'Microsoft Services', createdAt });
  sp({ appId: APP_IDS.teams, displayName: 'Microsoft Teams', appOwnerOrganizationId: MICROSOFT_TENANT_ID, publisherName: 'Microsoft Services', createdAt });
  sp({ appId: APP_IDS.officeHome, displayName: 'OfficeHome', appOwnerOrganizationId: MICROSOFT_TENANT_ID, publisherName: 'Microsoft Services', createdAt });

  const connector = sp({
    appId: random.uuid(),
    displayName: 'Parapet Security Connector',
    appOwnerOrganizationId: tenantId,
    signInAudience: 'AzureADMyOrg',
    tags: ['HideApp', 'WindowsAzureActiveDirectoryIntegratedApp'],
    createdAt: now - 40 * DAY,
  });
  const expenses = sp({ appId: random.uuid(), displayName: `${orgLabel} Expenses`, appOwnerOrganizationId: tenantId, signInAudience: 'AzureADMyOrg', homepage: `https://expenses.${domain}` });
  const zoom = sp({ appId: random.uuid(), displayName: 'Zoom', appOwnerOrganizationId: random.uuid(), verifiedPublisher: { displayName: 'Zoom Video Communications, Inc.', verifiedPublisherId: String(random.int(4000000, 6999999)), addedDateTime: '2021-03-11T19:02:03Z' }, publisherName: 'Zoom Video Communications, Inc.', homepage: 'https://zoom.us' });
  const docusign = sp({ appId: random.uuid(), displayName: 'DocuSign', appOwnerOrganizationId: random.uuid(), verifiedPublisher: { displayName: 'DocuSign, Inc.', verifiedPublisherId: String(random.int(4000000, 6999999)), addedDateTime: '2020-11-02T08:41:27Z' }, publisherName: 'DocuSign, Inc.', homepage: 'https://www.docusign.com' });
  const slack = sp({ appId: random.uuid(), displayName: 'Slack', appOwnerOrganizationId: random.uuid(), verifiedPublisher: { displayName: 'Slack Technologies, LLC', verifiedPublisherId: String(random.int(4000000, 6999999)), addedDateTime: '2021-06-22T16:10:44Z' }, publisherName: 'Slack Technologies, LLC', homepage: 'https://slack.com' });
  const mailMerge = sp({ appId: random.uuid(), displayName: 'MailMerge Pro', appOwnerOrganizationId: random.uuid(), publisherName: 'MailMerge Software', homepage: 'https://mailmerge-pro.example' });
  const backup = sp({ appId: random.uuid(), displayName: 'CloudVault Backup', appOwnerOrganizationId: random.uuid(), verifiedPublisher: { displayName: 'CloudVault Ltd', verifiedPublisherId: String(random.int(4000000, 6999999)), addedDateTime: '2022-02-14T10:00:00Z' }, publisherName: 'CloudVault Ltd', signInAudience: 'AzureADMultipleOrgs', homepage: 'https://cloudvault.example' });

  const grants: SimGrant[] = [];
  const grant = (client: SimServicePrincipal, scope: string, principal: SimUser | null, at: number) =>
    grants.push({ id: graphKeyId(random), clientId: client.id, consentType: principal ? 'Principal' : 'AllPrincipals', principalId: principal?.id ?? null, resourceId: graphSp.id, scope, createdAt: at });
  grant(expenses, 'User.Read openid profile email', null, now - 600 * DAY);
  grant(docusign, 'User.Read openid profile email offline_access', null, now - 500 * DAY);
  grant(mailMerge, 'User.Read Mail.Send Contacts.Read offline_access', null, now - 200 * DAY);
  const zoomUsers = users.filter((u) => u.userType === 'Member' && (u.department === 'Sales' || u.department === 'Marketing'));
  for (const u of zoomUsers) grant(zoom, 'openid profile email offline_access User.Read Calendars.ReadWrite', u, now - random.int(40, 400) * DAY);
  for (const u of users.filter((x) => x.department === 'Engineering').slice(0, 4)) grant(slack, 'openid profile email offline_access User.Read', u, now - random.int(40, 400) * DAY);

  const appRoleAssignments: SimAppRoleAssignment[] = [];
  const appRole = (client: SimServicePrincipal, resource: SimServicePrincipal, value: string, at: number) => {
    const role = resource.appRoles.find((r) => r.value === value);
    if (!role) return;
    appRoleAssignments.push({ id: graphKeyId(random), appRoleId: role.id, principalId: client.id, principalType: 'ServicePrincipal', principalDisplayName: client.displayName, resourceId: resource.id, resourceDisplayName: resource.displayName, createdDateTime: at });
  };
  for (const value of options.grantedRoles.graph) appRole(connector, graphSp, value, now - 40 * DAY);
  for (const value of options.grantedRoles.manage) appRole(connector, managementSp, value, now - 40 * DAY);
  for (const value of ['Mail.Read', 'Files.Read.All', 'User.Read.All']) appRole(backup, graphSp, value, now - 300 * DAY);

  const domains: SimDomain[] = [
    { id: domain, authenticationType: 'Managed', isDefault: true, isInitial: false, isRoot: true, isVerified: true, passwordValidityPeriodInDays: 2147483647, passwordNotificationWindowInDays: 14, supportedServices: ['Email', 'OfficeCommunicationsOnline'] },
    { id: initialDomain, authenticationType: 'Managed', isDefault: false, isInitial: true, isRoot: true, isVerified: true, passwordValidityPeriodInDays: 2147483647, passwordNotificationWindowInDays: 14, supportedServices: ['Email', 'OfficeCommunicationsOnline'] },
    // The UK office's own domain, verified in the tenant; its payroll bureau's mail is hosted elsewhere (a mail contact).
    { id: ukDomainOf(domain), authenticationType: 'Managed', isDefault: false, isInitial: false, isRoot: false, isVerified: true, passwordValidityPeriodInDays: 2147483647, passwordNotificationWindowInDays: 14, supportedServices: ['Email'] },
  ];

  // The organisation's outside accountant and a supplier: ordinary mail contacts a forwarding rule may name
  // (fixed ids: the seeded random sequence of the rest of the tenant stays as it was).
  const contacts: SimContact[] = [
    { id: '7c1e4a52-0b3d-4f7a-9a61-2d8e5c3b1a01', displayName: 'Northwind Accountants', mail: 'books@northwind-accountants.example', mailNickname: 'northwindaccountants', proxyAddresses: ['SMTP:books@northwind-accountants.example'] },
    { id: '7c1e4a52-0b3d-4f7a-9a61-2d8e5c3b1a02', displayName: 'Fabrikam Supplies', mail: 'orders@fabrikam-supplies.example', mailNickname: 'fabrikamsupplies', proxyAddresses: ['SMTP:orders@fabrikam-supplies.example'] },
    // A contact at one of the tenant's verified domains: forwarding to it stays inside the organisation.
    { id: '7c1e4a52-0b3d-4f7a-9a61-2d8e5c3b1a03', displayName: UK_PAYROLL_CONTACT, mail: `payroll@${ukDomainOf(domain)}`, mailNickname: 'ukpayroll', proxyAddresses: [`SMTP:payroll@${ukDomainOf(domain)}`] },
  ];

  const breakGlass = byPersona('breakGlass')[0];
  const globalAdmin = byPersona('globalAdmin')[0];
  const policies = buildPolicies({ tenantId, breakGlassId: breakGlass?.id ?? random.uuid(), reviewerId: globalAdmin?.id ?? random.uuid(), random });

  return {
    id: tenantId,
    displayName: domain === DEMO_ORGANISATION.domain ? DEMO_ORGANISATION.name : `${orgLabel} Ltd`,
    domain,
    initialDomain,
    createdAt,
    users,
    groups,
    roleDefinitions,
    roleAssignments,
    servicePrincipals,
    grants,
    appRoleAssignments,
    domains,
    contacts,
    policies,
    connectorApp: { clientId: connector.appId, clientSecret: `Sim8Q~${hex(random, 8)}.${graphKeyId(random, 30)}`, servicePrincipalId: connector.id, displayName: connector.displayName },
    otherTenantId: random.uuid(),
    random,
  };
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The posture documents (digest §4), starting from the digest's samples verbatim where it gives them, so
 * the seeded tenant passes some checks and fails others.
 */
function buildPolicies(input: { tenantId: string; breakGlassId: string; reviewerId: string; random: SeededRandom }): Record<string, Record<string, unknown>> {
  const { random } = input;
  const caPolicy = (displayName: string, state: string, conditions: Record<string, unknown>, grantControls: Record<string, unknown>) => ({
    id: random.uuid(),
    templateId: null,
    displayName,
    createdDateTime: '2024-01-01T00:00:00Z',
    modifiedDateTime: null,
    state,
    sessionControls: null,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ['all'],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [] },
      users: { includeUsers: ['All'], excludeUsers: [input.breakGlassId], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], includeGuestsOrExternalUsers: null, excludeGuestsOrExternalUsers: null },
      ...conditions,
    },
    grantControls: { operator: 'OR', builtInControls: [], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null, ...grantControls },
  });
  const usersAll = (extra: Record<string, unknown> = {}) => ({ users: { includeUsers: ['All'], excludeUsers: [input.breakGlassId], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], includeGuestsOrExternalUsers: null, excludeGuestsOrExternalUsers: null, ...extra } });

  return {
    identitySecurityDefaultsEnforcementPolicy: {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity',
      id: '00000000-0000-0000-0000-000000000005',
      displayName: 'Security Defaults',
      description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.',
      isEnabled: false,
    },
    authorizationPolicy: {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/authorizationPolicy/$entity',
      id: 'authorizationPolicy',
      displayName: 'Authorization Policy',
      description: 'Used to manage authorization related settings across the company.',
      allowInvitesFrom: 'everyone',
      allowedToSignUpEmailBasedSubscriptions: true,
      allowedToUseSSPR: true,
      allowEmailVerifiedUsersToJoinOrganization: false,
      allowUserConsentForRiskyApps: false,
      blockMsolPowerShell: false,
      guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        allowedToCreateSecurityGroups: true,
        allowedToCreateTenants: true,
        allowedToReadBitlockerKeysForOwnedDevice: true,
        allowedToReadOtherUsers: true,
        permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-legacy'],
      },
    },
    conditionalAccessPolicies: {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies',
      value: [
        caPolicy('Block legacy authentication', 'enabled', { clientAppTypes: ['exchangeActiveSync', 'other'], ...usersAll() }, { builtInControls: ['block'] }),
        caPolicy('Require MFA for administrators', 'enabled', { users: { includeUsers: [], excludeUsers: [input.breakGlassId], includeGroups: [], excludeGroups: [], includeRoles: [...PRIVILEGED_ROLE_TEMPLATES], excludeRoles: [], includeGuestsOrExternalUsers: null, excludeGuestsOrExternalUsers: null } }, { builtInControls: ['mfa'] }),
        caPolicy('Require MFA for all users', 'enabledForReportingButNotEnforced', usersAll(), { builtInControls: ['mfa'] }),
        caPolicy('Block high-risk sign-ins', 'enabled', { signInRiskLevels: ['high'], ...usersAll() }, { builtInControls: ['block'] }),
      ],
    },
    authenticationMethodsPolicy: {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#authenticationMethodsPolicy',
      id: 'authenticationMethodsPolicy',
      displayName: 'Authentication Methods Policy',
      description: 'The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings',
      policyVersion: '1.5',
      policyMigrationState: 'migrationInProgress',
      lastModifiedDateTime: '2024-03-01T00:00:00Z',
      registrationEnforcement: { authenticationMethodsRegistrationCampaign: { state: 'default' } },
      authenticationMethodConfigurations: [
        {
          '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration',
          id: 'MicrosoftAuthenticator',
          state: 'enabled',
          featureSettings: {
            displayAppInformationRequiredState: { state: 'enabled', includeTarget: { targetType: 'group', id: 'all_users' } },
            displayLocationInformationRequiredState: { state: 'default', includeTarget: { targetType: 'group', id: 'all_users' } },
          },
        },
        { '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration', id: 'Fido2', state: 'enabled' },
        { '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration', id: 'Sms', state: 'enabled' },
        { '@odata.type': '#microsoft.graph.voiceAuthenticationMethodConfiguration', id: 'Voice', state: 'disabled' },
        { '@odata.type': '#microsoft.graph.emailAuthenticationMethodConfiguration', id: 'Email', state: 'enabled' },
      ],
    },
    adminConsentRequestPolicy: {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/adminConsentRequestPolicy/$entity',
      isEnabled: true,
      notifyReviewers: true,
      remindersEnabled: true,
      requestDurationInDays: 30,
      version: 0,
      reviewers: [{ query: `/users/${input.reviewerId}`, queryType: 'MicrosoftGraph', queryRoot: null }],
    },
    groupSettings: {
      value: [
        {
          id: random.uuid(),
          displayName: 'Password Rule Settings',
          templateId: '5cf42378-d67d-4f36-ba46-e8b86229381d',
          values: [
            { name: 'BannedPasswordCheckOnPremisesMode', value: 'Audit' },
            { name: 'EnableBannedPasswordCheckOnPremises', value: 'True' },
            { name: 'EnableBannedPasswordCheck', value: 'True' },
            { name: 'LockoutDurationInSeconds', value: '60' },
            { name: 'LockoutThreshold', value: '10' },
            { name: 'BannedPasswordList', value: '' },
          ],
        },
        {
          id: random.uuid(),
          displayName: 'Consent Policy Settings',
          templateId: 'dffd5d46-495d-40a9-8e21-954ff55e198a',
          values: [
            { name: 'EnableGroupSpecificConsent', value: 'false' },
            { name: 'BlockUserConsentForRiskyApps', value: 'true' },
            { name: 'EnableAdminConsentRequests', value: 'false' },
            { name: 'ConstrainGroupSpecificConsentToMembersOfGroupId', value: '' },
          ],
        },
      ],
    },
    graphDelegatedPermissionClassifications: {
      value: [
        { id: random.uuid(), permissionId: random.uuid(), permissionName: 'User.Read', classification: 'low' },
        { id: random.uuid(), permissionId: random.uuid(), permissionName: 'openid', classification: 'low' },
        { id: random.uuid(), permissionId: random.uuid(), permissionName: 'profile', classification: 'low' },
        { id: random.uuid(), permissionId: random.uuid(), permissionName: 'email', classification: 'low' },
      ],
    },
  };
}

/** Graph-style timestamp: whole seconds with Z. */
export function graphTime(ms: number): string {
  return ISO(ms);
}

export function roleName(tenant: Tenant, roleDefinitionId: string): string {
  return tenant.roleDefinitions.find((r) => r.id === roleDefinitionId)?.displayName ?? roleDefinitionId;
}
