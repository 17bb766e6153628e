import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SeededRandom } from './seeded-random.js';

/** Faults any request may meet; every connector's reads survive each of them (the conformance suite). */
export const FAULT_KINDS = ['rate-limit', 'server-error', 'slow', 'malformed-json', 'truncated-json', 'expire-token'] as const;
/**
 * Faults only a change meets. `lost-write`: the provider accepts the write (its success answer) and does not
 * apply it, so only reading the state back shows the change did not take. `late-write`: it accepts the write
 * and applies it `delayMs` later (a provider lagging behind its own writes), so a read straight after does
 * not show it yet and a later one does.
 */
export const WRITE_FAULT_KINDS = ['lost-write', 'late-write'] as const;
/** Marks the injector's own replay of a late write: it runs the route and meets no fault. */
const REPLAY_HEADER = 'x-simulator-late-write';
export type FaultKind = (typeof FAULT_KINDS)[number] | (typeof WRITE_FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** Only requests whose path contains this text (a write fault: only writes — not GET or HEAD — to it). @default every API route */
  path?: string;
  /** Inject on every Nth matching request. @default 1 */
  every?: number;
  /** Inject with this probability instead of `every` (seeded). */
  probability?: number;
  /** Stop after this many injections. @default unlimited */
  times?: number;
  /** For `rate-limit`. @default 1 */
  retryAfterSeconds?: number;
  /** For `slow`: before the answer; for `late-write`: before the write is applied. @default 1500 */
  delayMs?: number;
}

/** How a provider words each fault: status, headers and body in its own wire format. */
export interface FaultResponders {
  rateLimited(reply: FastifyReply, retryAfterSeconds: number): void;
  serverError(reply: FastifyReply): void;
  /** The bearer token was valid and now is not (expired mid-stream). */
  tokenExpired(reply: FastifyReply): void;
  /** A write's success answer, for `lost-write`. @default 204 No Content */
  writeAccepted?(reply: FastifyReply): void;
}

interface ActiveRule extends FaultRule {
  matched: number;
  injected: number;
}

/**
 * Fault injection shared by every simulator. It also watches the client: a request that arrives after a
 * 429 was sent and before its Retry-After elapsed counts as a violation (the conformance suite asserts
 * none). The clock starts when the 429 left the server, not when it was decided, and a request that
 * arrived before that — already on its way, the client could not know yet — is never counted. The
 * throttled request itself sent again early is always a violation; the client's other requests get
 * CLIENT_REACTION_MS first, because a client with several requests under way (Microsoft 365 fetches content
 * blobs side by side) may start one more before it has read the 429.
 */
/** Loopback delivery and millisecond clocks: how much earlier than the Retry-After a request may arrive. */
export const CLOCK_GRANULARITY_MS = 5;
/**
 * How long after a 429 left another request of a concurrent client may still arrive: the longest stretch a
 * busy client (parsing and normalising a page) may run before it reads the 429. A client that does not pause
 * at all keeps sending through the rest of the Retry-After and is caught there.
 */
export const CLIENT_REACTION_MS = 250;

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private readonly random: SeededRandom;
  /** When the last 429 was sent, for which request, and the Retry-After it carried. */
  private throttle: { path: string; sentAt: number; retryAfterMs: number } | null = null;
  readonly injected: Record<FaultKind, number> = {
    'rate-limit': 0,
    'server-error': 0,
    slow: 0,
    'malformed-json': 0,
    'truncated-json': 0,
    'expire-token': 0,
    'lost-write': 0,
    'late-write': 0,
  };
  /** Late writes accepted and not applied yet. */
  private readonly lateWrites = new Set<Promise<void>>();
  retryAfterViolations = 0;

  constructor(seed = 1) {
    this.random = new SeededRandom(seed ^ 0x5eed);
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, matched: 0, injected: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** Decides the fault (if any) for a `method` request to `path`; call once per API request. */
  decide(path: string, now: number = Date.now(), method = 'GET'): FaultRule | null {
    const isWrite = method !== 'GET' && method !== 'HEAD';
    const throttle = this.throttle;
    if (throttle && now < throttle.sentAt + throttle.retryAfterMs - CLOCK_GRANULARITY_MS) {
      // The throttled request again, even within the same millisecond: the client read the 429 and did not wait.
      const sameRequestAgain = path === throttle.path && now >= throttle.sentAt;
      if (sameRequestAgain || now > throttle.sentAt + CLIENT_REACTION_MS) this.retryAfterViolations++;
    }
    for (const rule of this.rules) {
      if (rule.path && !path.includes(rule.path)) continue;
      if ((WRITE_FAULT_KINDS as readonly FaultKind[]).includes(rule.kind) && !isWrite) continue;
      if (rule.times !== undefined && rule.injected >= rule.times) continue;
      rule.matched++;
      const fire = rule.probability !== undefined ? this.random.chance(rule.probability) : rule.matched % (rule.every ?? 1) === 0;
      if (!fire) continue;
      rule.injected++;
      this.injected[rule.kind]++;
      return rule;
    }
    return null;
  }

  /** Resolves once every late write accepted so far has been applied. */
  async settled(): Promise<void> {
    while (this.lateWrites.size) await Promise.all([...this.lateWrites]);
  }

  /** Records that a 429 for `path` carrying `retryAfterSeconds` left the server at `sentAt`: the client's pause starts here. */
  throttleSent(path: string, retryAfterSeconds: number, sentAt: number = Date.now()): void {
    this.throttle = { path, sentAt, retryAfterMs: retryAfterSeconds * 1000 };
  }

  /**
   * Installs the faults on a simulator's Fastify app. `isApiRoute` says which requests are eligible
   * (token endpoints usually are not, unless a rule's `path` names them).
   */
  install(app: FastifyInstance, responders: FaultResponders, isApiRoute: (req: FastifyRequest) => boolean): void {
    const pending = new WeakMap<FastifyRequest, FaultRule>();
    const throttled = new WeakMap<FastifyRequest, number>();
    app.addHook('onRequest', async (req, reply) => {
      if (req.url.startsWith('/__sim') || req.headers[REPLAY_HEADER] !== undefined) return;
      if (!isApiRoute(req) && !this.rules.some((r) => r.path && req.url.includes(r.path))) return;
      const rule = this.decide(req.url, Date.now(), req.method);
      if (!rule) return;
      switch (rule.kind) {
        case 'rate-limit':
          throttled.set(req, rule.retryAfterSeconds ?? 1);
          responders.rateLimited(reply, rule.retryAfterSeconds ?? 1);
          return reply;
        case 'server-error':
          responders.serverError(reply);
          return reply;
        case 'expire-token':
          responders.tokenExpired(reply);
          return reply;
        case 'lost-write':
          // Answered before the route runs: the provider's state stays as it was.
          if (responders.writeAccepted) responders.writeAccepted(reply);
          else reply.code(204).send();
          return reply;
        case 'slow':
          await new Promise((r) => setTimeout(r, rule.delayMs ?? 1500));
          return;
        default:
          pending.set(req, rule);
      }
    });
    // A late write is answered once its body is read, and sent to its route again later, as the provider's own.
    app.addHook('preHandler', async (req, reply) => {
      const rule = pending.get(req);
      if (rule?.kind !== 'late-write') return;
      const headers = { ...req.headers, [REPLAY_HEADER]: '1' };
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      const write = new Promise((resolve) => setTimeout(resolve, rule.delayMs ?? 1500))
        .then(() => app.inject({ method: req.method as 'PATCH', url: req.url, headers, ...(req.body === undefined ? {} : { payload: req.body as string }) }))
        // A simulator closed meanwhile has nothing left to apply the write to.
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => this.lateWrites.delete(write));
      this.lateWrites.add(write);
      if (responders.writeAccepted) responders.writeAccepted(reply);
      else reply.code(204).send();
      return reply;
    });
    app.addHook('onSend', async (req, _reply, payload) => {
      // Recorded as the 429 is handed to the socket, not in onResponse: over loopback the client can read it
      // and send its next request before onResponse runs, and that request would go unseen.
      const seconds = throttled.get(req);
      if (seconds !== undefined) this.throttleSent(req.url, seconds);
      const rule = pending.get(req);
      if (!rule || typeof payload !== 'string') return payload;
      if (rule.kind === 'truncated-json') return payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
      if (rule.kind === 'malformed-json') return `${payload.slice(0, 20)}<html>502 Bad Gateway</html>`;
      return payload;
    });
  }
}
