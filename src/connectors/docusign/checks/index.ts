import type { PostureCheck } from '../../sdk/define-check.js';
import dsAdm1 from './ds-adm-01-administrator-count.js';
import dsAdm2 from './ds-adm-02-admin-two-step.js';
import dsConn1 from './ds-conn-01-https-listeners.js';
import dsDom1 from './ds-dom-01-verified-domains.js';
import dsIdm1 from './ds-idm-01-external-user-management.js';
import dsPki1 from './ds-pki-01-signed-downloads.js';
import dsPw1 from './ds-pw-01-password-strength.js';
import dsPw2 from './ds-pw-02-minimum-length.js';
import dsPw3 from './ds-pw-03-password-expiry.js';
import dsPw4 from './ds-pw-04-lockout.js';
import dsPw5 from './ds-pw-05-password-reuse.js';
import dsRcpt1 from './ds-rcpt-01-recipient-authentication.js';
import dsRcpt2 from './ds-rcpt-02-signer-login.js';
import dsRcpt3 from './ds-rcpt-03-access-code-format.js';
import dsRet1 from './ds-ret-01-document-retention.js';
import dsSess1 from './ds-sess-01-web-idle-timeout.js';
import dsSess2 from './ds-sess-02-mobile-idle-timeout.js';
import dsSess3 from './ds-sess-03-single-session.js';
import dsSess4 from './ds-sess-04-signing-session-timeout.js';
import dsShare1 from './ds-share-01-user-sharing.js';
import dsSso1 from './ds-sso-01-identity-provider.js';
import dsSso2 from './ds-sso-02-domains-use-sso.js';
import dsSso3 from './ds-sso-03-idp-certificates.js';

/**
 * DocuSign's posture checks over the eSignature settings and password rules of every account, and over the
 * organisation's domains, identity providers and administrators from the Admin API (digest §3, §4).
 */
export const docusignPostureChecks: readonly PostureCheck[] = [
  dsSess1,
  dsSess2,
  dsSess3,
  dsSess4,
  dsPw1,
  dsPw2,
  dsPw3,
  dsPw4,
  dsPw5,
  dsRcpt1,
  dsRcpt2,
  dsRcpt3,
  dsConn1,
  dsRet1,
  dsPki1,
  dsShare1,
  dsIdm1,
  dsSso1,
  dsSso2,
  dsSso3,
  dsDom1,
  dsAdm1,
  dsAdm2,
];
