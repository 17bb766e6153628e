import { describe, expect, it } from 'vitest';
import { hostAllowed } from './host-guard.js';

describe('hostAllowed', () => {
  it('matches exact hosts and *.suffix wildcards over https only', () => {
    const allowed = ['account-d.docusign.com', '*.docusign.net'];
    expect(hostAllowed(new URL('https://account-d.docusign.com/oauth/token'), allowed)).toBe(true);
    expect(hostAllowed(new URL('https://na3.docusign.net/restapi'), allowed)).toBe(true);
    expect(hostAllowed(new URL('http://na3.docusign.net/restapi'), allowed)).toBe(false);
    expect(hostAllowed(new URL('https://docusign.net.attacker.io/'), allowed)).toBe(false);
    expect(hostAllowed(new URL('https://evildocusign.net/'), allowed)).toBe(false);
  });

  it('allows plain http only to loopback, and only when loopback is allowed', () => {
    expect(hostAllowed(new URL('http://127.0.0.1:4000/x'), ['loopback'])).toBe(true);
    expect(hostAllowed(new URL('http://localhost:4000/x'), ['loopback'])).toBe(true);
    expect(hostAllowed(new URL('http://127.0.0.1:4000/x'), ['*.docusign.net'])).toBe(false);
    expect(hostAllowed(new URL('http://10.0.0.5/x'), ['loopback'])).toBe(false);
  });

  it('excludes hosts named after ! even when a wildcard covers them', () => {
    const allowed = ['*.docusign.net', '!demo.docusign.net', '!*-d.docusign.net'];
    expect(hostAllowed(new URL('https://na3.docusign.net/'), allowed)).toBe(true);
    expect(hostAllowed(new URL('https://demo.docusign.net/'), allowed)).toBe(false);
    expect(hostAllowed(new URL('https://lens-d.docusign.net/'), allowed)).toBe(false);
    expect(hostAllowed(new URL('https://docusign.net/'), ['*.docusign.net'])).toBe(false);
  });
});
