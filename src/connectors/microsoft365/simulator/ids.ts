import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';

/** Microsoft's first-party tenant (owner of Graph, Exchange Online, SharePoint Online, ...). */
export const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

/** Well-known first-party application ids. */
export const APP_IDS = {
  graph: '00000003-0000-0000-c000-000000000000',
  exchange: '00000002-0000-0ff1-ce00-000000000000',
  sharepoint: '00000003-0000-0ff1-ce00-000000000000',
  managementApis: 'c5393580-f805-4401-95e8-94b7a6ef2fc2',
  teams: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  aadGraph: '00000002-0000-0000-c000-000000000000',
  officeHome: '4765445b-32c6-49b0-83e6-1d93765276ca',
  microsoftOffice: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  oneDriveSync: 'ab9b8c07-8f02-4f72-87fa-80105867a763',
  outlookMobile: '27922004-5251-4030-b22d-91ecd9a37ea4',
  azurePortal: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
} as const;

/** Directory role template ids (digest §3.4). */
export const ROLE_TEMPLATES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  sharePointAdministrator: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  hybridIdentityAdministrator: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
} as const;

/** Application permissions (Graph app roles) the simulator knows, by value -> app role id. */
export const GRAPH_APP_ROLES: Record<string, string> = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
  'GroupMember.Read.All': '98830695-27a2-44f7-8c18-0c3ebc9698f6',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'RoleManagement.Read.Directory': '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
  'Domain.Read.All': 'dbb9058a-0e50-45d7-ae91-66909b5d4664',
  'User.EnableDisableAccount.All': '3011c876-62b7-4ada-afa2-506cbbecc68c',
  'User.RevokeSessions.All': '77f3a031-c388-4f99-b373-dc68676a979e',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'DelegatedPermissionGrant.ReadWrite.All': '8e8e4742-1d95-4f68-9d56-6ee75648c72a',
  'AppRoleAssignment.ReadWrite.All': '06b708a9-e830-4db3-a914-8e69da51d44f',
  'MailboxSettings.Read': '40f97065-369a-49f4-947c-6a255697ae91',
  'MailboxSettings.ReadWrite': 'e2a3a72e-5f79-4c64-b1b1-878b674786c9',
  'Mail.Read': '810c84a8-4a9e-49e6-bf7d-12d183f40d01',
  'Files.Read.All': '01d4889c-1287-42c6-ac1f-5d1e02578ef6',
  'Sites.Read.All': '332a536c-c7ef-4017-ab91-336970924f0d',
};

/** Office 365 Management APIs app roles. */
export const MANAGEMENT_APP_ROLES: Record<string, string> = {
  'ActivityFeed.Read': '594c1fb6-4f81-4475-ae41-0c394909246c',
  'ActivityFeed.ReadDlp': '4807a72c-ad38-4250-94c9-4eabfe26cd55',
  'ServiceHealth.Read': 'e2cea78f-e743-4d8f-a16a-75b629a038ae',
};

/** Delegated Graph scopes the simulated apps ask for. */
export const GRAPH_DELEGATED_SCOPES = [
  'User.Read',
  'User.ReadBasic.All',
  'openid',
  'profile',
  'email',
  'offline_access',
  'Mail.Read',
  'Mail.ReadWrite',
  'Mail.Send',
  'Calendars.Read',
  'Calendars.ReadWrite',
  'Contacts.Read',
  'Files.Read',
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Directory.AccessAsUser.All',
] as const;

/** 16 upper-case hex digits: the PUID Entra puts in `UserKey`. */
export function puid(random: SeededRandom): string {
  return '1003' + Array.from({ length: 12 }, () => random.int(0, 15).toString(16).toUpperCase()).join('');
}

/** A base64url string like Graph's grant and assignment ids (43 characters). */
export function graphKeyId(random: SeededRandom, length = 43): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from({ length }, () => alphabet[random.int(0, 63)]).join('');
}

/** Lower-case hex of `length` digits. */
export function hex(random: SeededRandom, length: number): string {
  return Array.from({ length }, () => random.int(0, 15).toString(16)).join('');
}

/** Mixes a seed with a salt, so independent generators stay deterministic and uncorrelated. */
export function mixSeed(seed: number, ...salts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const salt of salts) {
    h = Math.imul(h ^ (salt >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0 || 1;
}

/** FNV-1a of a text: a stable seed for per-record choices (delays, orders). */
export function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
