import { DAY, HOUR } from '../../../core/clock.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { DEMO_ORGANISATION, workforce, type Person } from '../../sdk/simulator/workforce.js';

export type MembershipStatus = 'activation_required' | 'activation_sent' | 'active' | 'closed' | 'disabled';

export interface PermissionProfile {
  id: number;
  name: string;
}

export interface SimMembership {
  id: string;
  accountId: string;
  status: MembershipStatus;
  createdOn: number;
  closedOn: number | null;
  permissionProfile: PermissionProfile;
  /** Account administrator (eSignature `isAdmin`). */
  isAdmin: boolean;
}

/**
 * A DocuSign user: person `index` of the demo organisation's shared workforce (name, e-mail, home place and
 * IP, browser, working hours; `index` also drives the per-person random streams) plus what only DocuSign has.
 */
export interface SimUser extends Person {
  id: string;
  createdOn: number;
  isOrgAdmin: boolean;
  requireTwoStep: boolean;
  federatedStatus: string;
  /** Also signs in from the DocuSign mobile app now and then (same home address). */
  usesMobile: boolean;
  /** Sends envelopes (not everyone does). */
  sender: boolean;
  memberships: SimMembership[];
}

export interface SimAccount {
  id: string;
  name: string;
  externalAccountId: number;
  siteId: number;
  /** Monitor `site` value of events in this account. */
  site: string;
  siteName: string;
  createdOn: number;
  profiles: { admin: PermissionProfile; sender: PermissionProfile; viewer: PermissionProfile };
  /** v2.1 flat settings object: string values, `xMetadata` companions. */
  settings: Record<string, unknown>;
  passwordRules: Record<string, unknown>;
}

export interface SimOrganization {
  id: string;
  name: string;
  createdOn: number;
  defaultAccountId: string;
  /**
   * Claimed e-mail domains (Admin API `DomainResponse`): `status` `active` once the TXT token is verified, else
   * `pending`; `identity_provider_id` links the domain's users to an identity provider for SSO.
   */
  reservedDomains: SimReservedDomain[];
  /** SAML identity providers (Admin API `IdentityProviderResponse`). */
  identityProviders: SimIdentityProvider[];
}

export interface SimReservedDomain {
  id: string;
  status: string;
  host_name: string;
  txt_token: string;
  identity_provider_id: string | null;
}

export interface SimIdentityProvider {
  id: string;
  friendly_name: string;
  type: 'saml_20';
  auto_provision_users: boolean;
  saml_20: { issuer: string; sign_authn_request: boolean; certificates: { id: string; issuer: string; thumbprint: string; expiration_date: string; is_valid: boolean }[] };
}

/** A planned admin change in the history, consistent with the tenant's current state. */
export interface PlannedAdminEvent {
  at: number;
  actorIndex: number;
  accountId: string;
  object: string;
  action: string;
  property: string;
  field: string;
  referencedUserIndex: number | null;
  data: Record<string, unknown>;
}

export interface Tenant {
  seed: number;
  /** The tenant's "now" when it was built: the history runs up to it. */
  builtAt: number;
  org: SimOrganization;
  accounts: SimAccount[];
  users: SimUser[];
  /** The demo integration's key (client id). */
  integrationKey: string;
  /** Integration keys of third-party apps that show up in the history (source `API`). */
  appIntegratorKeys: string[];
  /** The user the demo integration impersonates: an org admin unless told otherwise. */
  demoUserIndex: number;
  /** The one person whose memberships were closed (a leaver). */
  closedUserIndex: number;
  closedAt: number;
  adminEvents: PlannedAdminEvent[];
}

export interface TenantOptions {
  seed: number;
  now: number;
  /** @default DEMO_ORGANISATION.domain ('northwind-legal.example') */
  emailDomain: string;
  /** @default true */
  demoUserIsOrgAdmin: boolean;
}

// DocuSign roles by workforce index: 0–20 are the `us` region (the US account), 21–39 `eu` (Europe).
/** People with a membership in both accounts (leadership, admins, shared services). */
const IN_BOTH = new Set([0, 1, 2, 21, 22, 23]);
const ORG_ADMINS = new Set([0, 1, 21]);
const CLOSED_USER = 9;
/** People who joined during the 30-day history: index -> days before "now". */
const NEW_USERS = new Map([
  [15, 20],
  [33, 12],
]);
/** Promoted to account administrator during the history. */
const PROMOTED_USER = 5;

/** Builds the same organisation, accounts and people for the same seed (and "now"). */
export function buildTenant(options: TenantOptions): Tenant {
  const rng = new SeededRandom(options.seed);
  const now = options.now;
  const yearsAgo = (min: number, max: number) => now - Math.round((min + rng.next() * (max - min)) * 365 * DAY);

  const orgCreated = yearsAgo(4, 5);
  const usId = rng.uuid();
  const euId = rng.uuid();
  const profilesFor = (base: number) => ({
    admin: { id: base, name: 'Account Administrator' },
    sender: { id: base + 2, name: 'DocuSign Sender' },
    viewer: { id: base + 3, name: 'DocuSign Viewer' },
  });
  const accounts: SimAccount[] = [
    {
      id: usId,
      name: 'Northwind Legal US',
      externalAccountId: 17_000_000 + rng.int(100_000, 999_999),
      siteId: 1,
      site: 'NA3',
      siteName: 'Monadnock',
      createdOn: orgCreated,
      profiles: profilesFor(14_414_473),
      settings: usSettings(),
      passwordRules: usPasswordRules(),
    },
    {
      id: euId,
      name: 'Northwind Legal Europe',
      externalAccountId: 17_000_000 + rng.int(100_000, 999_999),
      siteId: 3,
      site: 'EU',
      siteName: 'Frankfurt',
      createdOn: orgCreated + 200 * DAY,
      profiles: profilesFor(25_118_301),
      settings: euSettings(),
      passwordRules: euPasswordRules(),
    },
  ];
  const [us, eu] = accounts as [SimAccount, SimAccount];

  // SSO ids come from their own stream so adding them left every other seeded id as it was.
  const sso = new SeededRandom(mixSeed(options.seed, 0x550_1d9));
  const idpId = sso.uuid();
  const org: SimOrganization = {
    id: rng.uuid(),
    name: DEMO_ORGANISATION.name,
    createdOn: orgCreated,
    defaultAccountId: us.id,
    reservedDomains: [{ id: rng.uuid(), status: 'active', host_name: options.emailDomain, txt_token: `docusign=${sso.uuid()}`, identity_provider_id: idpId }],
    identityProviders: [
      {
        id: idpId,
        friendly_name: 'Okta (Northwind Legal)',
        type: 'saml_20',
        auto_provision_users: false,
        saml_20: {
          issuer: 'http://www.okta.com/exk1northwind',
          sign_authn_request: true,
          certificates: [{ id: sso.uuid(), issuer: 'CN=Okta Northwind Legal', thumbprint: '6B0D3A1F9E24C87B5D10E2A4F3C9B8A7D6E5F401', expiration_date: new Date(now + 400 * DAY).toISOString(), is_valid: true }],
        },
      },
    ],
  };

  const closedAt = now - 5 * DAY - 3 * HOUR + 41_392;

  // The people are the demo organisation's, shared with every other simulator so identities link by e-mail.
  const users: SimUser[] = [];
  for (const person of workforce({ seed: options.seed, domain: options.emailDomain })) {
    const { index } = person;
    const isUs = person.region === 'us';
    const newDays = NEW_USERS.get(index);
    const createdOn = newDays !== undefined ? now - newDays * DAY + rng.int(9, 16) * HOUR : yearsAgo(0.3, 4);
    const isOrgAdmin = ORG_ADMINS.has(index) && (index !== 0 || options.demoUserIsOrgAdmin);
    const homeAccount = isUs ? us : eu;
    const otherAccount = isUs ? eu : us;
    const membershipFor = (account: SimAccount, created: number): SimMembership => {
      const accountAdmin = ORG_ADMINS.has(index) || index === PROMOTED_USER;
      const sender = rng.chance(0.75);
      return {
        id: rng.uuid(),
        accountId: account.id,
        status: 'active',
        createdOn: created,
        closedOn: null,
        permissionProfile: accountAdmin ? account.profiles.admin : sender ? account.profiles.sender : account.profiles.viewer,
        isAdmin: accountAdmin,
      };
    };
    const memberships = [membershipFor(homeAccount, createdOn)];
    if (IN_BOTH.has(index)) memberships.push(membershipFor(otherAccount, Math.max(createdOn, otherAccount.createdOn) + rng.int(1, 60) * DAY));
    if (index === CLOSED_USER) {
      for (const m of memberships) {
        m.status = 'closed';
        m.closedOn = closedAt;
      }
    }
    users.push({
      ...person,
      id: rng.uuid(),
      createdOn,
      isOrgAdmin,
      // One admin without two-step verification, so posture has something to say.
      requireTwoStep: ORG_ADMINS.has(index) ? index !== 1 : rng.chance(0.3),
      federatedStatus: 'RemoveStatus',
      usesMobile: rng.chance(0.35),
      sender: memberships[0]?.permissionProfile.name !== 'DocuSign Viewer',
      memberships,
    });
  }

  const integrationKey = rng.uuid();
  const appIntegratorKeys = [rng.uuid(), rng.uuid()];
  const adminEvents = planAdminEvents(now, users, accounts, rng);
  return { seed: options.seed, builtAt: now, org, accounts, users, integrationKey, appIntegratorKeys, demoUserIndex: 0, closedUserIndex: CLOSED_USER, closedAt, adminEvents };
}

/** Admin changes in the history; each leaves the tenant in the state its Admin and eSignature APIs show. */
function planAdminEvents(now: number, users: SimUser[], accounts: SimAccount[], rng: SeededRandom): PlannedAdminEvent[] {
  const [us, eu] = accounts as [SimAccount, SimAccount];
  const events: PlannedAdminEvent[] = [];
  const at = (daysAgo: number) => now - daysAgo * DAY + rng.int(0, 3 * 3_600_000);
  const settingChange = (daysAgo: number, actorIndex: number, account: SimAccount, property: string, field: string, oldValue: string, newValue: string) =>
    events.push({ at: at(daysAgo), actorIndex, accountId: account.id, object: 'Account', action: 'SettingsUpdated', property, field, referencedUserIndex: null, data: { OldValue: oldValue, NewValue: newValue } });

  settingChange(23, 0, us, 'AccountSettings', 'allowConnectHttpListenerConfigs', 'false', 'true');
  settingChange(16, 0, us, 'AccountSettings', 'sessionTimeout', '30', '60');
  settingChange(6, 21, eu, 'PasswordRules', 'expirePasswordDays', '90', '60');

  for (const user of users) {
    if (user.createdOn < now - 30 * DAY) continue;
    for (const m of user.memberships) {
      const actor = m.accountId === us.id ? 0 : 21;
      events.push({
        at: user.createdOn - 20 * 60_000,
        actorIndex: actor,
        accountId: m.accountId,
        object: 'Account',
        action: 'UserAdded',
        property: '',
        field: '',
        referencedUserIndex: user.index,
        data: { AffectedUserId: user.id, AffectedMembershipId: m.id, PermissionProfileId: String(m.permissionProfile.id) },
      });
    }
  }

  const promoted = users[PROMOTED_USER] as SimUser;
  const promotedMembership = promoted.memberships[0] as SimMembership;
  events.push({
    at: at(9),
    actorIndex: 0,
    accountId: promotedMembership.accountId,
    object: 'User',
    action: 'PermissionProfileChanged',
    property: '',
    field: '',
    referencedUserIndex: PROMOTED_USER,
    data: {
      AffectedUserId: promoted.id,
      AffectedMembershipId: promotedMembership.id,
      PermissionProfileId: String(promotedMembership.permissionProfile.id),
      PermissionProfileName: promotedMembership.permissionProfile.name,
      PreviousPermissionProfileId: String(us.profiles.sender.id),
    },
  });

  const closed = users[CLOSED_USER] as SimUser;
  for (const m of closed.memberships) {
    events.push({
      at: m.closedOn ?? now,
      actorIndex: 0,
      accountId: m.accountId,
      object: 'User',
      action: 'MembershipClosed',
      property: '',
      field: '',
      referencedUserIndex: CLOSED_USER,
      data: { AffectedUserId: closed.id, AffectedMembershipId: m.id },
    });
  }

  // An admin exports a quarter's completed envelopes in bulk once.
  events.push({ at: at(13), actorIndex: 1, accountId: us.id, object: 'Envelope', action: 'BulkDownloaded', property: '', field: '', referencedUserIndex: null, data: { EnvelopeCount: '148' } });
  return events;
}

const meta = (rights: 'editable' | 'read_only', options?: string[]) => ({
  rights,
  ...(options ? { options } : {}),
  uiHint: '',
  uiOrder: '',
  uiType: '',
  is21CFRPart11: 'false',
});

/** The US account: convenient rather than strict (long sessions, no recipient ID check, plain-HTTP Connect). */
function usSettings(): Record<string, unknown> {
  return {
    accountName: 'Northwind Legal US',
    allowOrganizations: 'true',
    allowOrganizationDocusignMonitor: 'true',
    allowOrganizationSsoManagement: 'true',
    usesAPI: 'true',
    sessionTimeout: '60',
    sessionTimeoutMetadata: meta('editable'),
    mobileSessionTimeout: '20',
    mobileSessionTimeoutMetadata: meta('editable'),
    signingSessionTimeout: '20',
    disableMultipleSessions: 'false',
    disableMultipleSessionsMetadata: meta('editable'),
    signerLoginRequirements: 'login_not_required',
    signerLoginRequirementsMetadata: meta('editable', ['login_not_required', 'login_required_if_account_holder', 'login_required_per_session', 'login_required_per_envelope']),
    signerMustLoginToSign: 'false',
    idCheckRequired: 'never',
    idCheckRequiredMetadata: meta('editable', ['always', 'never', 'optional']),
    idCheckExpire: 'always',
    idCheckExpireDays: '0',
    idCheckExpireMinutes: '0',
    enableSMSAuthentication: 'true',
    allowPhoneAuthentication: 'true',
    enableIDFxPhoneAuthentication: 'false',
    enableAccessCodeGenerator: 'false',
    allowAccessCodeFormat: 'false',
    accessCodeFormat: { minimumLength: '4', letterRequired: 'false', numberRequired: 'false', specialCharacterRequired: 'false', formatRequired: 'false' },
    documentRetention: '',
    documentRetentionPurgeTabs: 'false',
    allowConnectHttpListenerConfigs: 'true',
    allowConnectHttpListenerConfigsMetadata: meta('editable'),
    disableUserSharing: 'false',
    allowDataDownload: 'true',
    requireDeclineReason: 'true',
    requireExternalUserManagement: 'false',
    pkiSignDownloadedPDFDocs: 'no_sign',
    signerAttachCertificateToEnvelopePDF: 'true',
    enableSignerAttachments: 'true',
    enableResponsiveSigning: 'true',
    allowBulkSend: 'true',
    allowEnvelopeCorrect: 'true',
    allowSigningGroups: 'true',
    enableReportLinks: 'true',
    enableTransactionPoint: 'false',
    timezoneOffsetAPI: 'tz_03_eastern',
    timezoneOffsetUI: 'tz_03_eastern',
  };
}

/** The Europe account: stricter (short sessions, recipient authentication, retention set). */
function euSettings(): Record<string, unknown> {
  return {
    ...usSettings(),
    accountName: 'Northwind Legal Europe',
    sessionTimeout: '30',
    mobileSessionTimeout: '15',
    disableMultipleSessions: 'true',
    signerLoginRequirements: 'login_required_per_session',
    idCheckRequired: 'always',
    enableAccessCodeGenerator: 'true',
    allowAccessCodeFormat: 'true',
    accessCodeFormat: { minimumLength: '8', letterRequired: 'true', numberRequired: 'true', specialCharacterRequired: 'false', formatRequired: 'true' },
    documentRetention: '365',
    documentRetentionPurgeTabs: 'true',
    allowConnectHttpListenerConfigs: 'false',
    pkiSignDownloadedPDFDocs: 'yes_sign',
    timezoneOffsetAPI: 'tz_13_amsterdam',
    timezoneOffsetUI: 'tz_13_amsterdam',
  };
}

const passwordRuleMetadata = {
  expirePasswordDaysMetadata: { minimumDays: '1', maximumDays: '365' },
  lockoutDurationMinutesMetadata: { minimumMinutes: '1', maximumMinutes: '60' },
  lockoutDurationTypeMetadata: { options: ['minutes', 'hours', 'days'] },
  minimumPasswordAgeDaysMetadata: { minimumAge: '0', maximumAge: '30' },
  minimumPasswordLengthMetadata: { minimumLength: '6', maximumLength: '15' },
  passwordStrengthTypeMetadata: {
    options: [
      { name: 'basic', minimumLength: '6' },
      { name: 'medium', minimumLength: '7' },
      { name: 'strong', minimumLength: '9' },
      { name: 'custom' },
    ],
  },
  questionsRequiredMetadata: { minimumQuestions: '0', maximumQuestions: '4' },
};

/** DocuSign's defaults, never tightened: basic strength, 2-minute lockout. */
function usPasswordRules(): Record<string, unknown> {
  return {
    expirePassword: 'false',
    expirePasswordDays: '0',
    lockoutDurationMinutes: '2',
    lockoutDurationType: 'minutes',
    minimumPasswordAgeDays: '0',
    minimumPasswordLength: '6',
    passwordIncludeDigit: 'false',
    passwordIncludeDigitOrSpecialCharacter: 'false',
    passwordIncludeLowerCase: 'false',
    passwordIncludeSpecialCharacter: 'false',
    passwordIncludeUpperCase: 'false',
    passwordStrengthType: 'basic',
    questionsRequired: '0',
    ...passwordRuleMetadata,
  };
}

/** Custom strong rules, but with 60-day forced rotation. */
function euPasswordRules(): Record<string, unknown> {
  return {
    expirePassword: 'true',
    expirePasswordDays: '60',
    lockoutDurationMinutes: '30',
    lockoutDurationType: 'minutes',
    minimumPasswordAgeDays: '1',
    minimumPasswordLength: '12',
    passwordIncludeDigit: 'true',
    passwordIncludeDigitOrSpecialCharacter: 'true',
    passwordIncludeLowerCase: 'true',
    passwordIncludeSpecialCharacter: 'true',
    passwordIncludeUpperCase: 'true',
    passwordStrengthType: 'custom',
    questionsRequired: '1',
    ...passwordRuleMetadata,
  };
}
