import { describe, it } from 'vitest';
import type { ActivityInput } from '../activity-builder.js';
import { expectExample, ruleExampleSuite } from '../testing/rule-suite.js';
import { at, dailySignIns, PLACES, TOR_EXIT, TOR_FEED } from './example-helpers.js';
import { impossibleTravel } from './impossible-travel.js';

describe('detection.impossible-travel', () => ruleExampleSuite(impossibleTravel));

const SAM = 'sam@example.com';
const HOME = dailySignIns(SAM, 10, PLACES.seattle, { hour: 16 });
/** Sam signs in at home in Seattle at 16:50 on day 10 (the near end of every jump below). */
const home: ActivityInput = { id: 'home', action: 'user.login', actor: { email: SAM }, time: at(10, 16, 50), ...PLACES.seattle };
/** Sam acts from `place` at 17:32, 42 minutes after `home` (Seattle to Lagos is about 12,000 km). */
const away = (place: ActivityInput, extra: Partial<ActivityInput> = {}): ActivityInput => ({ id: 'away', action: 'user.login', actor: { email: SAM }, time: at(10, 17, 32), ...place, ...extra });

const torLagos = { srcIp: TOR_EXIT, geo: PLACES.lagos.geo };
/** Another OVHcloud server, in Canada. */
const ovhBeauharnois = { srcIp: '54.39.1.1', asn: 16276, geo: { country: 'CA', city: 'Beauharnois', lat: 45.31, lon: -73.87 } };
/** Microsoft's own datacentres (AS8075): Microsoft 365 records server-side actions from here. */
const azureDublin = { srcIp: '20.38.1.1', asn: 8075, geo: { country: 'IE', city: 'Dublin', lat: 53.35, lon: -6.26 } };
const azureVirginia = { srcIp: '20.42.1.1', asn: 8075, geo: { country: 'US', city: 'Boydton', lat: 36.67, lon: -78.39 } };

/** Edges the documented examples leave out. */
describe('detection.impossible-travel beyond its examples', () => {
  it("a failed or interrupted sign-in from far away places nobody there: it neither alerts nor makes the next sign-in at home look like travel", async () => {
    await expectExample(impossibleTravel, {
      name: 'failed and interrupted',
      activities: [
        ...HOME,
        home,
        away(PLACES.lagos, { id: 'failed', action: 'user.login_failed', outcome: 'failure', outcomeReason: 'InvalidPassword' }),
        away(PLACES.lagos, { id: 'prompt', outcome: 'interrupted', provider: 'microsoft365', outcomeCode: '50074', time: at(10, 17, 33) }),
        { id: 'home-again', action: 'user.login', actor: { email: SAM }, time: at(10, 17, 40), ...PLACES.seattle, srcIp: '50.175.0.112' },
      ],
      expect: { alerts: 0 },
    });
  });

  it('at medium only sign-ins place the person (a file opened from Lagos does not); at high every activity with a location does', async () => {
    const file = away(PLACES.lagos, { action: 'file.downloaded', targets: [{ type: 'file', id: 'f1', name: 'payroll.xlsx' }] });
    await expectExample(impossibleTravel, { name: 'medium', activities: [...HOME, home, file], expect: { alerts: 0 } });
    await expectExample(impossibleTravel, { name: 'high', settings: { sensitivity: 'high' }, activities: [...HOME, home, file], expect: { alerts: 1, activityIds: [['home', 'away']] } });
  });

  it('an application or service account is nobody travelling: its calls come from wherever its servers run', async () => {
    const app = (x: ActivityInput): ActivityInput => ({ ...x, actor: { email: SAM, type: 'service' } });
    await expectExample(impossibleTravel, { name: 'service', activities: [...HOME.map(app), app(home), app(away(PLACES.lagos))], expect: { alerts: 0 } });
  });

  it("a private address places nobody, whatever location the provider wrote beside it", async () => {
    await expectExample(impossibleTravel, { name: 'private', activities: [...HOME, home, away(PLACES.lagos, { srcIp: '10.20.30.40' })], expect: { alerts: 0 } });
  });

  it('a Tor exit is skipped at low and medium (its location is the exit node\'s) and judged at high', async () => {
    for (const sensitivity of ['low', 'medium'] as const) {
      await expectExample(impossibleTravel, { name: sensitivity, settings: { sensitivity }, intel: TOR_FEED, activities: [...HOME, home, away(torLagos)], expect: { alerts: 0 } });
    }
    await expectExample(impossibleTravel, { name: 'high', settings: { sensitivity: 'high' }, intel: TOR_FEED, activities: [...HOME, home, away(torLagos)], expect: { alerts: 1, activityIds: [['home', 'away']] } });
  });

  it('a commercial VPN exit is skipped at medium; a hosting provider is not (attackers rent servers there)', async () => {
    await expectExample(impossibleTravel, { name: 'vpn', activities: [...HOME, home, away(PLACES.vpnAmsterdam)], expect: { alerts: 0 } });
    await expectExample(impossibleTravel, { name: 'hosting', activities: [...HOME, home, away(PLACES.hostingRoubaix)], expect: { alerts: 1, activityIds: [['home', 'away']] } });
  });

  it("two servers of one hosting provider in two countries are two places, not one network's gateway", async () => {
    await expectExample(impossibleTravel, {
      name: 'ovh',
      activities: [
        ...dailySignIns('ops@example.com', 10, PLACES.hostingRoubaix),
        { id: 'rbx', action: 'user.login', actor: { email: 'ops@example.com' }, time: at(10, 12), ...PLACES.hostingRoubaix },
        { id: 'bhs', action: 'user.login', actor: { email: 'ops@example.com' }, time: at(10, 12, 10), ...ovhBeauharnois },
      ],
      expect: { alerts: 1, activityIds: [['rbx', 'bhs']], explanationContains: 'neither they nor the organisation have it as a usual pair' },
    });
  });

  it("two egress points of one cloud (Microsoft's datacentres in Dublin and Virginia) are not travel", async () => {
    await expectExample(impossibleTravel, {
      name: 'azure',
      activities: [
        ...dailySignIns('avd@example.com', 10, azureDublin),
        { action: 'user.login', actor: { email: 'avd@example.com' }, time: at(10, 12), ...azureDublin },
        { action: 'user.login', actor: { email: 'avd@example.com' }, time: at(10, 12, 10), ...azureVirginia },
      ],
      expect: { alerts: 0 },
    });
  });

  it('says which accuracy radius it allowed at which end, in the order of the two sign-ins, whichever arrives first', async () => {
    const nigeria = { srcIp: '105.112.1.1', geo: { country: 'NG', lat: 9.08, lon: 8.68 } };
    for (const order of ['in time', 'far end first'] as const) {
      const jump = [home, away(nigeria)];
      await expectExample(impossibleTravel, {
        name: order,
        activities: [...HOME, ...(order === 'in time' ? jump : jump.reverse())],
        expect: { alerts: 1, activityIds: [['home', 'away']], explanationContains: 'even allowing accuracy radii of 100 km and 1,500 km' },
      });
    }
  });

  it('two sign-ins in the same second from Seattle and Lagos are compared (audit logs keep whole seconds)', async () => {
    await expectExample(impossibleTravel, { name: 'same second', activities: [...HOME, home, away(PLACES.lagos, { time: at(10, 16, 50) })], expect: { alerts: 1, activityIds: [['home', 'away']] } });
  });
});
