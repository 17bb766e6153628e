/**
 * Hosts a DocuSign token may be sent to, by its audience (the OAuth host it was minted by). A production
 * token (account.docusign.com) goes to production hosts only: `*.docusign.net` covers the eSignature sites
 * (na3, eu, au...) but not demo.docusign.net nor the `-d` demo services. A demo token goes to demo hosts
 * only; a simulator token to loopback only.
 */
export function docusignHostsForAudience(audience: string): string[] {
  switch (audience) {
    case 'account.docusign.com':
      return ['account.docusign.com', 'api.docusign.net', 'lens.docusign.net', 'api.docusign.com', '*.docusign.net', '!demo.docusign.net', '!*-d.docusign.net', '!*-d.docusign.com'];
    case 'account-d.docusign.com':
      return ['account-d.docusign.com', 'api-d.docusign.net', 'lens-d.docusign.net', 'api-d.docusign.com', 'demo.docusign.net'];
    default:
      return ['loopback'];
  }
}
