import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { redactDeep, Redactor } from './redactor.js';
import { redactingLogger } from './runtime.js';

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

  it('redacts a logged object at every depth: nested keys, arrays, errors and their causes', () => {
    const r = new Redactor(['canary-secret-value-123']);
    const cause = Object.assign(new Error('upstream said canary-secret-value-123'), { response: { headers: { authorization: 'Bearer xyz' } } });
    const logged = {
      connector: 'ds',
      deep: { a: { b: { c: { d: { clientSecret: 'plain', note: 'key=canary-secret-value-123' } } } } },
      list: [{ token: 'abc' }, 'canary-secret-value-123'],
      err: new Error('sync failed', { cause }),
      count: 3,
      tokenCount: null,
    };
    const text = JSON.stringify(redactDeep(logged, r));
    expect(text).not.toContain('canary-secret-value-123');
    expect(text).not.toContain('plain');
    expect(text).not.toContain('xyz');
    expect(redactDeep(logged, r)).toMatchObject({ connector: 'ds', count: 3, tokenCount: null, deep: { a: { b: { c: { d: { clientSecret: '[REDACTED]' } } } } }, err: { type: 'Error', message: 'sync failed', cause: { message: 'upstream said [REDACTED]' } } });
  });

  it('the connection\'s runtime logger redacts its secrets in everything logged, errors included', () => {
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
    const logger = redactingLogger(pino({ level: 'trace' }, sink), new Redactor(['canary-secret-value-123']));
    logger.error({ err: new Error('refused canary-secret-value-123'), request: { body: { nested: ['canary-secret-value-123'] } } }, 'sync failed');
    expect(out).toContain('sync failed');
    expect(out).not.toContain('canary-secret-value-123');
  });
});
