import { describe, expect, it } from 'vitest';
import { HostNotAllowedError } from '../../core/errors.js';
import { hostAllowed } from '../sdk/host-guard.js';
import { HttpClient } from '../sdk/http-client.js';
import { RateLimitGovernor } from '../sdk/rate-limit-governor.js';
import { DocusignAuth } from './auth.js';
import { DocusignConfigSchema, docusignEndpoints } from './config.js';
import { docusignHostsForAudience } from './hosts.js';
import { docusignAllowedHosts } from './session.js';

const base = {
  userId: '4799e5e9-1559-4915-9862-cf4713bbcacc',
  integrationKey: '0a1b2c3d-1559-4915-9862-cf4713bbcacc',
  privateKey: '-----BEGIN RSA PRIVATE KEY-----\nnot-used\n-----END RSA PRIVATE KEY-----',
};
const allowed = (url: string, hosts: readonly string[]) => hostAllowed(new URL(url), hosts);

describe('DocuSign hosts pinned per token audience', () => {
  const production = docusignHostsForAudience('account.docusign.com');
  const demo = docusignHostsForAudience('account-d.docusign.com');

  it('a production token reaches production hosts and eSignature sites, never a demo host', () => {
    for (const url of ['https://account.docusign.com/oauth/token', 'https://api.docusign.net/management', 'https://lens.docusign.net/api', 'https://na3.docusign.net/restapi', 'https://eu.docusign.net/restapi']) {
      expect([url, allowed(url, production)]).toEqual([url, true]);
    }
    for (const url of ['https://demo.docusign.net/restapi', 'https://api-d.docusign.net/management', 'https://lens-d.docusign.net/api', 'https://account-d.docusign.com/oauth/token', 'https://api-d.docusign.com/v1']) {
      expect([url, allowed(url, production)]).toEqual([url, false]);
    }
  });

  it('a demo token reaches demo hosts only', () => {
    expect(allowed('https://demo.docusign.net/restapi', demo)).toBe(true);
    expect(allowed('https://lens-d.docusign.net/api', demo)).toBe(true);
    expect(allowed('https://na3.docusign.net/restapi', demo)).toBe(false);
    expect(allowed('https://account.docusign.com/oauth/token', demo)).toBe(false);
  });

  it('the connector allows what its environment\'s token audience covers', () => {
    const prod = DocusignConfigSchema.parse({ ...base, environment: 'production', accountBaseUri: 'https://na3.docusign.net' });
    expect(docusignAllowedHosts(prod)).toEqual(production);
    expect(allowed('https://demo.docusign.net/restapi', docusignAllowedHosts(prod))).toBe(false);
  });

  it('refuses a production connection whose account base URI is a demo host, and the reverse', () => {
    const prod = DocusignConfigSchema.safeParse({ ...base, environment: 'production', accountBaseUri: 'https://demo.docusign.net' });
    expect(prod.success).toBe(false);
    expect(prod.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['accountBaseUri', expect.stringMatching(/demo host: a production token is never sent there/)]]);
    const dem = DocusignConfigSchema.safeParse({ ...base, environment: 'demo', accountBaseUri: 'https://na3.docusign.net' });
    expect(dem.error?.issues.map((i) => i.path.join('.'))).toEqual(['accountBaseUri']);
  });

  it('the HTTP client refuses to attach a production token to a demo host even when the connector list would allow it', async () => {
    const config = DocusignConfigSchema.parse({ ...base, environment: 'production', accountBaseUri: 'https://na3.docusign.net' });
    // The host list before pinning: *.docusign.net covered demo.docusign.net.
    const http = new HttpClient({ allowedHosts: ['account.docusign.com', '*.docusign.net'], governor: new RateLimitGovernor({ requestsPerSecond: 100, burst: 100 }) });
    const auth = new DocusignAuth({ config, endpoints: docusignEndpoints(config), http });
    const error = await http.request({ operation: 'docusign.esign.settings', url: 'https://demo.docusign.net/restapi/v2.1/accounts/a/settings', auth }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostNotAllowedError);
    expect((error as Error).message).toMatch(/refusing to send credentials to https:\/\/demo\.docusign\.net: it is not one of the hosts this token's audience covers/);
    expect(auth.minted).toBe(0);
    expect(http.requestsSent).toBe(0);
  });
});
