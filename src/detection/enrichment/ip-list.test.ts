import { describe, expect, it } from 'vitest';
import { parseIpList } from './ip-list.js';

describe('parseIpList', () => {
  it('reads plain lists, CIDRs, comments and the Tor Project exit-list format, reporting bad lines by number', () => {
    const text = [
      '# a threat feed',
      '203.0.113.5',
      '198.51.100.0/24   # scanners',
      '',
      'ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E',
      'Published 2026-06-01 10:00:00',
      'ExitAddress 185.220.101.1 2026-06-01 10:05:00',
      'not an address',
      '2001:db8::/32',
      '203.0.113.5',
    ].join('\n');
    const parsed = parseIpList(text);
    expect(parsed.values).toEqual(['203.0.113.5', '198.51.100.0/24', '185.220.101.1', '2001:db8::/32']);
    expect(parsed.rejected).toEqual([{ line: 8, text: 'not an address' }]);
  });
});
