import type { Rule } from '../rule.js';
import { appCredentialAdded } from './app-credential-added.js';
import { conditionalAccessWeakened } from './conditional-access-weakened.js';
import { consentPhishingCampaign } from './consent-phishing-campaign.js';
import { federationChanged } from './federation-changed.js';
import { mailboxDelegation } from './mailbox-delegation.js';
import { massFileDeletion } from './mass-file-deletion.js';
import { mfaMethodAddedForOther } from './mfa-method-added-for-other.js';
import { privilegedRoleAssigned } from './privileged-role-assigned.js';
import { repositoryMadePublic } from './repository-made-public.js';
import { sessionHijack } from './session-hijack.js';
import { suspiciousInboxRule } from './suspicious-inbox-rule.js';
import { anonymousIp } from './anonymous-ip.js';
import { failedLogons } from './failed-logons.js';
import { impossibleTravel } from './impossible-travel.js';
import { infrequentCountry } from './infrequent-country.js';
import { mailForwarding } from './mail-forwarding.js';
import { massDownload } from './mass-download.js';
import { massExternalSharing } from './mass-external-sharing.js';
import { mfaDisabled } from './mfa-disabled.js';
import { oauthHighPrivilege } from './oauth-high-privilege.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { suspiciousIp } from './suspicious-ip.js';
import { terminatedUser } from './terminated-user.js';
import { unusualAdminActivity } from './unusual-admin-activity.js';

/**
 * The one list of built-in policies. Tests, docs checks, the CLI and the engine derive from it: a new
 * policy is one file in rules/ plus one line here.
 */
export const BUILTIN_RULES = [
  anonymousIp,
  infrequentCountry,
  suspiciousIp,
  impossibleTravel,
  terminatedUser,
  failedLogons,
  unusualAdminActivity,
  massDownload,
  oauthHighPrivilege,
  mfaDisabled,
  privilegeEscalation,
  mailForwarding,
  privilegedRoleAssigned,
  suspiciousInboxRule,
  appCredentialAdded,
  federationChanged,
  conditionalAccessWeakened,
  mailboxDelegation,
  mfaMethodAddedForOther,
  consentPhishingCampaign,
  sessionHijack,
  massFileDeletion,
  repositoryMadePublic,
  massExternalSharing,
] as unknown as readonly Rule<unknown, unknown>[];

export function builtinRule(id: string): Rule<unknown, unknown> | undefined {
  return BUILTIN_RULES.find((r) => r.id === id);
}
