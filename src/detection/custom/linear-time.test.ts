import { describe, expect, it } from 'vitest';
import { describeDialects } from '../../../test/helpers/dialects.js';
import { useTempStore } from '../../../test/helpers/temp-store.js';
import { DAY, manualClock } from '../../core/clock.js';
import { ValidationError } from '../../core/errors.js';
import { listAlerts } from '../../store/repos/alerts.js';
import { getPolicyRow } from '../../store/repos/policies.js';
import { buildActivity } from '../activity-builder.js';
import { createDetectionEngine } from '../create-engine.js';
import { loadNetworkList } from '../enrichment/anonymizer-list.js';
import { Enricher, IntelIndex } from '../enrichment/enricher.js';
import { addCustomPolicy } from '../policy-store.js';
import { MAX_MATCHED_CHARS } from './conditions.js';
import { parsePolicy } from './parse-policy.js';

/** The textbook catastrophic-backtracking pattern: a backtracking engine needs 2^n steps on "aaa…a!". */
const CATASTROPHIC = `
id: custom.odd-user-agent
title: Odd user agent
where:
  - field: userAgent
    regex: "^(a+)+$"
`;

const T0 = Date.UTC(2026, 2, 2, 9);
const enricher = () => new Enricher({ geo: null, asn: null, networks: loadNetworkList(), intel: IntelIndex.build([], []) });
const hostile = (id: string, userAgent: string) => buildActivity({ id, sourceId: id, connectorInstanceId: 'ds', action: 'user.login', actor: { email: 'mallory@example.com' }, userAgent, time: T0 });

describe('custom policies cannot stall detection', () => {
  it('runs a catastrophic-backtracking regex over a hostile field in linear time (RE2 semantics)', () => {
    // 40 characters already take a backtracking engine minutes; this is 4,000 of them (within the cap).
    const { rule } = parsePolicy(CATASTROPHIC, 'p.yaml');
    const evaluate = (ua: string) => rule.evaluate({ activity: hostile('x', ua), intel: { ip: null } } as never, {}, {} as never).findings ?? [];
    expect(evaluate(`${'a'.repeat(4000)}!`)).toEqual([]);
    expect(evaluate('aaaa')).toHaveLength(1);
    expect(rule.disabledReason?.()).toBeNull();
  });

  it(`matches only the first ${MAX_MATCHED_CHARS} characters of a value`, () => {
    const { rule } = parsePolicy(`id: custom.tail\ntitle: Tail\nwhere:\n  - field: userAgent\n    contains: evil-tail\n  - field: userAgent\n    regex: "evil-tail"\n`, 'p.yaml');
    const evaluate = (ua: string) => rule.evaluate({ activity: hostile('x', ua), intel: { ip: null } } as never, {}, {} as never).findings ?? [];
    expect(evaluate(`${'x'.repeat(MAX_MATCHED_CHARS - 20)} evil-tail`)).toHaveLength(1);
    expect(evaluate(`${'x'.repeat(MAX_MATCHED_CHARS)} evil-tail`)).toEqual([]);
  });

  it('rejects what RE2 cannot run in linear time (look-around, back-references) and says what to do', () => {
    for (const regex of ['^(?!admin).*', '(a)\\\\1']) {
      let issues: readonly string[] = [];
      try {
        parsePolicy(`id: custom.x\ntitle: X\nwhere:\n  - field: userAgent\n    regex: "${regex}"\n`, 'p.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        issues = (error as ValidationError).issues;
      }
      expect(issues.join('\n'), regex).toMatch(/not a valid RE2 regular expression.*rewrite it with several conditions/);
    }
  });

  describeDialects('a policy that is too slow is switched off, reported and stored disabled', (dialect) => {
    const temp = useTempStore(dialect);

    it('stops evaluating it after its slow strikes; the page and other policies go on', async () => {
      const clock = manualClock(T0 + DAY);
      // A fake monotonic timer: every reading of this policy's clock moves 150 ms on (over the 100 ms limit).
      let fake = 0;
      const service = await createDetectionEngine({ db: temp.store.db, clock, enricher: enricher(), customPolicyBudget: { timer: () => (fake += 150) } });
      await addCustomPolicy(temp.store.db, `id: custom.every-login\ntitle: Every login\nwhere:\n  - field: action\n    equals: user.login\n`, 'p.yaml', T0);
      await service.reload();
      const page = Array.from({ length: 6 }, (_, i) => buildActivity({ id: `l${i}`, sourceId: `l${i}`, connectorInstanceId: 'ds', action: 'user.login', actor: { email: `u${i}@example.com` }, time: T0 + i * 1000 }));
      const result = await service.processPage('ds', page);
      expect(result.stats.evaluated).toBe(6);
      // Two slow evaluations still matched (one alert per person); the third tripped the policy.
      const alerts = await listAlerts(temp.store.db, { limit: 100 });
      expect(alerts.filter((a) => a.policyId === 'custom.every-login').map((a) => a.subject.email).sort()).toEqual(['u0@example.com', 'u1@example.com']);
      expect(service.switchedOff).toEqual([{ policy: 'custom.every-login', reason: expect.stringMatching(/took 150 ms on one activity \(the limit is 100 ms; 3 slow evaluations\)/) }]);
      expect((await getPolicyRow(temp.store.db, 'custom.every-login'))?.enabled).toBe(false);
      // After a reload it is not run at all.
      await service.reload();
      await service.processPage('ds', [buildActivity({ id: 'later', sourceId: 'later', connectorInstanceId: 'ds', action: 'user.login', actor: { email: 'u9@example.com' }, time: T0 + 60_000 })]);
      expect((await listAlerts(temp.store.db, { limit: 100 })).filter((a) => a.policyId === 'custom.every-login')).toHaveLength(2);
    });
  });
});
