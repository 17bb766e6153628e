import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { runExample, runExamples } from '../test-runner.js';
import { parsePolicy } from './parse-policy.js';

const AFTER_HOURS = `
id: custom.after-hours-admin
title: After-hours admin changes
severity: high
where:
  - field: action
    in: [admin.role_assigned, admin.setting_changed]
  - timeOfDay: { from: "20:00", to: "06:00", timezone: Europe/Berlin }
  - not:
      field: srcIp
      cidr: [10.0.0.0/8]
actions: [notify_user]
tests:
  - name: a role assigned at 23:30 Berlin time alerts
    activities:
      - { id: night, action: admin.role_assigned, actor: { email: Root@Example.com }, time: "2026-01-05T22:30:00Z", srcIp: 81.2.69.160 }
    expect: { alerts: 1, severity: high, subjects: [root@example.com], activityIds: [[night]] }
  - name: the same change in office hours, or from the office LAN, does not
    activities:
      - { action: admin.role_assigned, actor: { email: root@example.com }, time: "2026-01-05T10:00:00Z", srcIp: 81.2.69.160 }
      - { action: admin.role_assigned, actor: { email: root@example.com }, time: "2026-01-05T23:00:00Z", srcIp: 10.1.2.3 }
    expect: { alerts: 0 }
`;

const REPEATED = JSON.stringify(
  {
    id: 'custom.envelope-downloads-per-ip',
    title: 'Many downloads from one address',
    where: [{ field: 'action', equals: 'file.downloaded' }, { field: 'app', contains: 'esign' }],
    threshold: { count: 5, within: '10m', per: 'ip' },
    tests: [
      {
        name: 'five downloads in five minutes from one address alert once',
        activities: [0, 1, 2, 3, 4, 5].map((i) => ({ action: 'file.downloaded', app: 'eSignature', actor: { email: `u${i % 2}@x.test` }, srcIp: '203.0.113.7', time: 1_767_600_000_000 + i * 60_000 })),
        expect: { alerts: 1, subjects: ['203.0.113.7'] },
      },
      {
        name: 'four do not',
        activities: [0, 1, 2, 3].map((i) => ({ action: 'file.downloaded', app: 'eSignature', srcIp: '203.0.113.7', time: 1_767_600_000_000 + i * 60_000 })),
        expect: { alerts: 0 },
      },
    ],
  },
  null,
  2,
);

function issuesOf(text: string, name = 'p.yaml'): string[] {
  try {
    parsePolicy(text, name);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues as string[];
  }
  throw new Error('expected the policy to be rejected');
}

describe('custom policies', () => {
  it('runs a YAML policy with its own test cases through the shared runner', async () => {
    const { rule, policy, format } = parsePolicy(AFTER_HOURS, 'after-hours.yaml');
    expect(format).toBe('yaml');
    expect(rule.kind).toBe('custom');
    expect(rule.actions).toEqual(['admin.role_assigned', 'admin.setting_changed']);
    expect(policy.actions).toEqual(['notify-user']); // the old snake_case id still reads
    const outcomes = await runExamples(rule);
    expect(outcomes.map((o) => o.failures)).toEqual([[], []]);
    expect(outcomes[0]?.alerts[0]?.explanation).toContain('matches "After-hours admin changes"');
    expect(outcomes[0]?.alerts[0]?.requestedActions).toEqual(['notify-user']);
  });

  it('runs a JSON policy with a repeated-activity threshold per IP', async () => {
    const { rule, format } = parsePolicy(REPEATED, 'downloads.json');
    expect(format).toBe('json');
    const outcomes = await runExamples(rule);
    expect(outcomes.map((o) => o.failures)).toEqual([[], []]);
    expect(outcomes[0]?.alerts[0]?.explanation).toMatch(/^6 activities by ip 203.0.113.7 within 10 minutes/);
  });

  it('a threshold counts activities that arrive after later ones (a lagging feed) in the windows they complete', async () => {
    const { rule } = parsePolicy(REPEATED, 'downloads.json');
    const download = (i: number, instance: string) => ({ id: `d${i}`, connectorInstanceId: instance, action: 'file.downloaded' as const, app: 'eSignature', srcIp: '203.0.113.7', time: 1_767_600_000_000 + i * 60_000 });
    // Minutes 3-5 come first, from the live feed; minutes 1-2 later, from a lagging one: five in five minutes.
    const outcome = await runExample(rule, { name: 'late', activities: [download(3, 'live'), download(4, 'live'), download(5, 'live'), download(1, 'lagging'), download(2, 'lagging')], expect: { alerts: 1, subjects: ['203.0.113.7'], activityIds: [['d1', 'd2', 'd3', 'd4', 'd5']] } });
    expect(outcome.failures).toEqual([]);
    expect(outcome.alerts[0]?.explanation).toMatch(/^5 activities by ip 203.0.113.7 within 10 minutes/);
  });

  it("a threshold's window is the minutes after its start: a download exactly ten minutes before the fifth is not in it", async () => {
    const { rule } = parsePolicy(REPEATED, 'downloads.json');
    const at = (minutes: number[]) => minutes.map((m, i) => ({ id: `e${i}`, action: 'file.downloaded' as const, app: 'eSignature', srcIp: '203.0.113.7', time: 1_767_600_000_000 + m * 60_000 }));
    expect((await runExample(rule, { name: 'edge', activities: at([0, 1, 2, 3, 10]), expect: { alerts: 0 } })).failures).toEqual([]);
    expect((await runExample(rule, { name: 'inside', activities: at([0.1, 1, 2, 3, 10]), expect: { alerts: 1 } })).failures).toEqual([]);
  });

  it('a late activity outside every window of five does not join their alert, and a distinct threshold counts people, not activities', async () => {
    const { rule } = parsePolicy(REPEATED, 'downloads.json');
    const download = (i: number, instance: string, email = 'u@x.test') => ({ id: `d${i}`, connectorInstanceId: instance, action: 'file.downloaded' as const, app: 'eSignature', actor: { email }, srcIp: '203.0.113.7', time: 1_767_600_000_000 + i * 60_000 });
    const late = await runExample(rule, { name: 'late, apart', activities: [...[10, 11, 12, 13, 14].map((i) => download(i, 'live')), download(-5, 'lagging')], expect: { alerts: 1, activityIds: [['d10', 'd11', 'd12', 'd13', 'd14']] } });
    expect(late.failures).toEqual([]);
    const people = parsePolicy(REPEATED.replace('"per": "ip"', '"per": "ip",\n      "distinct": "user"'), 'people.json').rule;
    const five = [1, 2, 3, 4, 5].map((i) => download(i, 'live', `u${i % 3}@x.test`));
    expect((await runExample(people, { name: 'three people', activities: five, expect: { alerts: 0 } })).failures).toEqual([]);
    const outcome = await runExample(people, { name: 'five people', activities: five.map((a, i) => ({ ...a, actor: { email: `p${i}@x.test` } })), expect: { alerts: 1 } });
    expect(outcome.alerts[0]?.explanation).toMatch(/^5 different users by ip 203.0.113.7 within 10 minutes/);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('id: custom.x\ntitle: [unclosed\nwhere: []\n');
    expect(issues[0]).toMatch(/^p\.yaml:\d+:\d+: /);
  });

  it('reports schema problems with line and column, in words', () => {
    const text = [
      'id: Custom Bad', // 1
      'title: t', // 2
      'severity: urgent', // 3
      'where:', // 4
      '  - field: action', // 5
      '    equals: user.login', // 6
      '    contains: x', // 7
      '  - field: actor.emial', // 8
      '    equals: a@b.c', // 9
      '  - timeOfDay: { from: "25:00", to: "06:00" }', // 10
      '  - country: [USA]', // 11
      '  - sometimes: true', // 12
      'threshold: { count: 1, within: soon }', // 13
      'colour: blue', // 14
    ].join('\n');
    const issues = issuesOf(text);
    const find = (re: RegExp) => issues.find((i) => re.test(i));
    expect(find(/^p\.yaml:1:\d+: id: a dotted lower-case id/)).toBeTruthy();
    expect(find(/^p\.yaml:3:\d+: severity:/)).toBeTruthy();
    expect(find(/^p\.yaml:5:\d+: where\.0: use one operator per condition, not equals and contains/)).toBeTruthy();
    expect(find(/^p\.yaml:10:\d+: where\.2\.timeOfDay\.from: a time like 08:30/)).toBeTruthy();
    expect(find(/^p\.yaml:11:\d+: where\.3\.country\.0: an ISO-3166 alpha-2 country code/)).toBeTruthy();
    expect(find(/^p\.yaml:12:\d+: where\.4\.sometimes: unknown condition "sometimes"/)).toBeTruthy();
    expect(find(/^p\.yaml:13:\d+: threshold\.count:/)).toBeTruthy();
    expect(find(/^p\.yaml:13:\d+: threshold\.within: a duration like 30s/)).toBeTruthy();
    expect(find(/^p\.yaml:14:\d+: unknown key "colour"/)).toBeTruthy();
  });

  it('rejects unknown fields (with a suggestion), unknown actions and invalid test activities', () => {
    const issues = issuesOf(
      [
        'id: custom.y',
        'title: t',
        'where:',
        '  - { field: actor.mail, equals: a@b.c }',
        '  - { field: action, in: [user.login, user.logged_in] }',
        'tests:',
        '  - name: bad',
        '    activities: [{ action: user.teleported }]',
        '    expect: { alerts: 0 }',
      ].join('\n'),
    );
    expect(issues.find((i) => i.includes('unknown field "actor.mail"'))).toMatch(/^p\.yaml:4:\d+: .*did you mean actor\.email/);
    expect(issues.find((i) => i.includes('"user.logged_in" is not a normalised action'))).toMatch(/^p\.yaml:5:/);
    expect(issues.find((i) => i.includes('tests.0.activities.0'))).toMatch(/^p\.yaml:8:\d+: .*action/);
  });

  it('reports invalid JSON with its line', () => {
    const issues = issuesOf('{\n  "id": "custom.z",\n  "title": "t",\n  "where": [,]\n}', 'p.json');
    expect(issues[0]).toMatch(/^p\.json:4:\d+/);
  });

  it('refuses to shadow a built-in policy id', () => {
    expect(issuesOf('id: detection.mass-download\ntitle: t\nwhere: [{ field: action, equals: file.downloaded }]').join()).toMatch(/reserved for built-in policies/);
  });
});

describe('docs/policies/custom.md', () => {
  it('its example policy parses and its test cases pass', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../../docs/policies/custom.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(text)?.[1];
    expect(yaml).toBeTruthy();
    const { rule } = parsePolicy(yaml ?? '', 'custom.md');
    const outcomes = await runExamples(rule);
    expect(outcomes.map((o) => o.failures)).toEqual([[], []]);
  });
});
