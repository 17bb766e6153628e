import { describe, expect, it } from 'vitest';
import { formatLag, humanize, timeAgo } from '../web/src/format.js';
import { normalisedRows, pivotLinks } from '../web/src/lib/activity.js';
import { pivotActivity } from '../web/src/lib/charts.js';
import { actionBadge } from '../web/src/lib/governance.js';
import { cleanValues, defaultsOf, fieldErrors, fieldSchema } from '../web/src/lib/schema.js';
import { travelPoints } from '../web/src/lib/travel.js';

/** The shape zod 4's toJSONSchema gives DocuSign's config (optional fields as plain properties, defaults kept). */
const docusignSchema = {
  type: 'object',
  properties: {
    environment: { type: 'string', enum: ['demo', 'production', 'simulator'], default: 'production' },
    userId: { type: 'string' },
    pageSize: { type: 'integer', minimum: 1, maximum: 2000, default: 2000 },
    organizationId: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'one organisation' },
  },
  required: ['userId'],
};

describe('portal helpers', () => {
  it('fills the wizard with the schema defaults and sends numbers as numbers, empty fields not at all', () => {
    expect(defaultsOf(docusignSchema)).toEqual({ environment: 'production', pageSize: 2000 });
    expect(cleanValues(docusignSchema, { environment: 'simulator', userId: ' ', pageSize: '500', organizationId: '' })).toEqual({ environment: 'simulator', userId: ' ', pageSize: 500 });
    expect(fieldSchema(docusignSchema.properties.organizationId)).toEqual({ type: 'string', description: 'one organisation' });
  });

  it('puts each problem-details error on its form field, whatever the path style', () => {
    expect(
      fieldErrors([
        { path: '/config/privateKey', message: 'must be a PEM RSA private key' },
        { path: 'config.accountBaseUri', message: 'is not a DocuSign host' },
        { path: 'name', message: 'is taken' },
        { path: '/config/privateKey', message: 'second message is not shown over the first' },
      ]),
    ).toEqual({ privateKey: 'must be a PEM RSA private key', accountBaseUri: 'is not a DocuSign host', name: 'is taken' });
  });

  it('stacks activity per provider per day, days in order, missing providers as zero', () => {
    const { data, providers } = pivotActivity([
      { day: '2026-12-02', provider: 'microsoft365', count: 5 },
      { day: '2026-12-01', provider: 'docusign', count: 3 },
      { day: '2026-12-02', provider: 'docusign', count: 1 },
    ]);
    expect(providers).toEqual(['docusign', 'microsoft365']);
    expect(data).toEqual([
      { day: '2026-12-01', docusign: 3, microsoft365: 0 },
      { day: '2026-12-02', docusign: 1, microsoft365: 5 },
    ]);
  });

  it('reads an impossible-travel alert’s two places for the map and skips places without coordinates', () => {
    expect(
      travelPoints({
        from: { lat: 47.6, lon: -122.3, city: 'Seattle', country: 'US', ip: '203.0.113.5' },
        to: { lat: 6.45, lon: 3.39, city: 'Lagos', country: 'NG', ip: null },
        locations: [{ lat: null, lon: null, city: 'Nowhere' }],
      }),
    ).toEqual([
      { lat: 47.6, lon: -122.3, label: 'Seattle, US · 203.0.113.5' },
      { lat: 6.45, lon: 3.39, label: 'Lagos, NG' },
    ]);
    expect(travelPoints({ count: 12 })).toEqual([]);
  });

  it('pivots from an activity to the same user, the same IP and ±48 h around it', () => {
    const time = Date.parse('2026-12-02T12:00:00Z');
    expect(pivotLinks({ actor: { email: 'sam@example.com', userId: 'u1' } as never, srcIp: '203.0.113.5', time })).toEqual([
      { label: 'Same user', to: '/activity?user=sam%40example.com' },
      { label: 'Same IP', to: '/activity?ip=203.0.113.5' },
      { label: '±48 h', to: '/activity?from=2026-11-30T12%3A00%3A00.000Z&to=2026-12-04T12%3A00%3A00.000Z&user=sam%40example.com' },
    ]);
    expect(pivotLinks({ actor: { email: null, userId: null } as never, srcIp: null, time }).map((l) => l.label)).toEqual(['±48 h']);
  });

  it('flattens the normalised fields for the drawer and leaves the raw record to its own tab', () => {
    const rows = normalisedRows({ id: 'a1', time: 0, ingestedAt: 0, actor: { email: 'sam@example.com', name: null }, targets: [{ type: 'user', id: 'u2' }], raw: { secretish: 'raw only' } } as never);
    expect(rows).toEqual([
      ['id', 'a1'],
      ['time', '1970-01-01 00:00:00 UTC'],
      ['ingestedAt', '1970-01-01 00:00:00 UTC'],
      ['actor.email', 'sam@example.com'],
      ['targets[0].type', 'user'],
      ['targets[0].id', 'u2'],
    ]);
  });

  it('never shows a change the provider did not apply as a plain success', () => {
    expect(actionBadge({ status: 'succeeded', verified: true })).toEqual({ label: 'succeeded', color: 'teal', hint: null, tone: 'teal' });
    expect(actionBadge({ status: 'succeeded', verified: null })).toEqual({ label: 'succeeded', color: 'teal', hint: null, tone: 'teal' });
    const lost = actionBadge({ status: 'succeeded', verified: false });
    expect([lost.label, lost.color, lost.tone]).toEqual(['succeeded, not verified', 'orange', 'orange']);
    // Approving an action whose target was protected meanwhile ends blocked: a red notification on either page.
    expect(actionBadge({ status: 'blocked', verified: null }).tone).toBe('red');
    expect(lost.hint).toContain('check it in the app');
    expect(actionBadge({ status: 'failed', verified: null }).color).toBe('red');
  });

  it('says times, lags and names in plain words', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(timeAgo(now - 30_000, now)).toBe('30 s ago');
    expect(timeAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(timeAgo(null, now)).toBe('never');
    expect(formatLag(90)).toBe('90 s');
    expect(formatLag(5400)).toBe('90 min');
    expect(formatLag(null)).toBe('—');
    expect(humanize('accountBaseUri')).toBe('Account base uri');
    expect(humanize('in_progress')).toBe('In progress');
  });
});
