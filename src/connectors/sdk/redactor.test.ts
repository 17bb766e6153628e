import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';

describe('Redactor', () => {
  it('removes registered secrets and anything shaped like a credential', () => {
    const r = new Redactor(['my-client-secret-value']);
    const text = [
      'client_secret=my-client-secret-value&grant_type=client_credentials',
      'Authorization: Bearer abc.def-ghi',
      '{"access_token":"tok123456","ok":true}',
      'assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4eXoifQ.sig',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const out = r.redact(text);
    expect(out).not.toContain('my-client-secret-value');
    expect(out).not.toContain('abc.def-ghi');
    expect(out).not.toContain('tok123456');
    expect(out).not.toContain('eyJpc3MiOiJ4eXoifQ');
    expect(out).not.toContain('MIIEow');
    expect(out).toContain('grant_type=client_credentials');
    expect(out).toContain('"ok":true');
  });

  it('ignores values too short to be secrets', () => {
    const r = new Redactor(['ab']);
    expect(r.redact('a cab drove by')).toBe('a cab drove by');
  });
});
