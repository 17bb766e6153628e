import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { onHolidayOn, TRAVEL_IP, TRAVEL_PLACE, travellingOn } from '../../sdk/simulator/workforce-routine.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { buildEvent, type EventSpec, type StoredEvent } from './events.js';
import type { SimAccount, SimUser, Tenant } from './tenant.js';

/** A stretch of time in which one person's ordinary activity is left out (an attack scenario stands there). */
export interface QuietWindow {
  userIndex: number;
  from: number;
  to: number;
}

type NewEvent = Omit<StoredEvent, 'seq'>;

/** The DocuSign iPhone app, which some people also sign in with (from their home address). */
const MOBILE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 DocuSign/7.18.0';

/**
 * Ordinary working life in the tenant: people sign in from their one home address during their working
 * hours (an occasional single mistyped password first), send, view and download envelopes; a few use the
 * mobile app in the evening. Generated one UTC day at a time, the same for the same seed and day.
 */
export class HistoryGenerator {
  constructor(
    private readonly tenant: Tenant,
    private readonly quiet: readonly QuietWindow[],
    private readonly builtAt: number,
  ) {}

  /** Every person's events on UTC day `day` (days since the epoch). */
  day(day: number): NewEvent[] {
    const out: NewEvent[] = [];
    for (const user of this.tenant.users) out.push(...this.personDay(user, day));
    return out;
  }

  /** The planned admin changes (settings, users added, a promotion, the leaver's closure, a bulk export). */
  adminEvents(): NewEvent[] {
    const rng = new SeededRandom(mixSeed(this.tenant.seed, 0xad, 0x1));
    return this.tenant.adminEvents.map((planned) => {
      const actor = this.tenant.users[planned.actorIndex] as SimUser;
      const account = this.account(planned.accountId);
      const referenced = planned.referencedUserIndex === null ? undefined : this.tenant.users[planned.referencedUserIndex];
      return buildEvent(
        {
          ...this.base(actor, account, planned.at),
          object: planned.object,
          action: planned.action,
          property: planned.property,
          field: planned.field,
          result: planned.action === 'BulkDownloaded' ? 'Success' : '',
          ...(referenced ? { referencedUserId: referenced.id } : {}),
          data: planned.data,
        },
        rng,
      );
    });
  }

  private personDay(person: SimUser, day: number): NewEvent[] {
    if (onHolidayOn(person.index, day, this.builtAt)) return [];
    const rng = new SeededRandom(mixSeed(this.tenant.seed, person.index, day));
    // The workforce's traveller works from the London hotel on the shared trip days, as in every simulator.
    const user: SimUser = travellingOn(person.index, day, this.builtAt) ? { ...person, place: TRAVEL_PLACE, ip: TRAVEL_IP, usesMobile: false } : person;
    const localMidnight = day * DAY - user.place.utcOffset * HOUR;
    const weekday = new Date(day * DAY).getUTCDay();
    const specs: EventSpec[] = [];
    const account = this.homeAccount(user);

    if (weekday >= 1 && weekday <= 5) {
      if (rng.chance(0.08)) return []; // a day off
      const start = localMidnight + user.workStartHour * HOUR + rng.int(0, 50) * MINUTE;
      this.session(specs, user, account, start, rng, false);
      if (rng.chance(Math.min(0.9, 0.55 * user.activityLevel))) {
        this.session(specs, user, account, start + rng.int(210, 300) * MINUTE, rng, false);
      }
      if (user.usesMobile && rng.chance(0.25)) {
        this.session(specs, user, account, localMidnight + rng.int(18 * 60, 21 * 60) * MINUTE, rng, true);
      }
    } else if (rng.chance(0.12)) {
      this.session(specs, user, account, localMidnight + rng.int(10 * 60, 20 * 60) * MINUTE, rng, user.usesMobile && rng.chance(0.5));
    }

    const out: NewEvent[] = [];
    for (const spec of specs) {
      if (spec.at < user.createdOn + HOUR) continue;
      if (this.isClosedAt(user, spec.at)) continue;
      if (this.quiet.some((q) => q.userIndex === user.index && spec.at >= q.from && spec.at <= q.to)) continue;
      out.push(buildEvent(spec, rng));
    }
    return out;
  }

  /** A log-on and what the person does in the following couple of hours. */
  private session(specs: EventSpec[], user: SimUser, account: SimAccount, start: number, rng: SeededRandom, mobile: boolean): void {
    const at = start + rng.int(0, 59_999);
    const base = this.base(user, account, at);
    const app = mobile ? { userAgent: MOBILE_USER_AGENT, source: 'API', integratorKey: this.tenant.appIntegratorKeys[0] as string } : {};
    if (rng.chance(0.04)) {
      specs.push({ ...base, ...app, at: at - rng.int(20, 120) * 1000, object: 'User', action: 'Login', result: 'Failed', data: { FailureReason: 'InvalidPassword' } });
    }
    specs.push({ ...base, ...app, object: 'User', action: 'Login', result: 'Success' });

    const level = user.activityLevel * (mobile ? 0.4 : 1);
    const sent: string[] = [];
    const later = () => at + rng.int(2 * 60_000, 150 * 60_000);
    if (user.sender && !mobile) {
      const viaSalesforce = rng.chance(0.2);
      for (let i = rng.int(0, Math.round(2 * level)); i > 0; i--) {
        const envelopeId = rng.uuid();
        sent.push(envelopeId);
        specs.push({
          ...base,
          ...(viaSalesforce ? { source: 'API', userAgent: '', integratorKey: this.tenant.appIntegratorKeys[1] as string } : {}),
          at: later(),
          object: 'Envelope',
          action: 'Sent',
          result: 'Success',
          data: { EnvelopeId: envelopeId },
        });
      }
    }
    const someEnvelope = () => (sent.length > 0 && rng.chance(0.5) ? rng.pick(sent) : rng.uuid());
    for (let i = rng.int(0, Math.round(2 * level)); i > 0; i--) {
      specs.push({ ...base, ...app, at: later(), object: 'Envelope', action: 'Viewed', result: 'Success', data: { EnvelopeId: someEnvelope() } });
    }
    if (rng.chance(Math.min(0.9, 0.45 * level))) {
      for (let i = rng.int(1, 2); i > 0; i--) {
        specs.push({ ...base, ...app, at: later(), object: 'Envelope', action: 'Downloaded', result: 'Success', data: { EnvelopeId: someEnvelope() } });
      }
    }
  }

  private base(user: SimUser, account: SimAccount, at: number) {
    return {
      at,
      site: account.site,
      accountId: account.id,
      organizationId: this.tenant.org.id,
      userId: user.id,
      userAgent: user.userAgent,
      ip: user.ip,
      place: user.place,
      source: 'Web',
    };
  }

  private homeAccount(user: SimUser): SimAccount {
    return this.account(user.memberships[0]?.accountId ?? this.tenant.org.defaultAccountId);
  }

  private account(id: string): SimAccount {
    return this.tenant.accounts.find((a) => a.id === id) ?? (this.tenant.accounts[0] as SimAccount);
  }

  private isClosedAt(user: SimUser, at: number): boolean {
    return user.memberships.length > 0 && user.memberships.every((m) => m.closedOn !== null && m.closedOn <= at);
  }
}
