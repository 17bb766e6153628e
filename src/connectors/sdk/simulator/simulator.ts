import type { FaultInjector } from './fault-injector.js';

export interface SimulatorOptions {
  /** Builds the same tenant every time. @default 1 */
  seed?: number;
  /** Port to listen on (127.0.0.1). @default 0 (any free port) */
  port?: number;
  /**
   * Freezes the tenant's "now" at this epoch ms: the history ends there and nothing new arrives, so
   * repeated syncs see exactly the same data. @default undefined (live: new activity keeps arriving)
   */
  frozenAt?: number;
  /**
   * Activity page size: the returned `config` asks for it where the provider lets the client choose, and the
   * simulator serves no larger pages where the server decides (small pages give the conformance suite many
   * commit points). @default the provider's maximum
   */
  pageSize?: number;
  /** Attack scenarios to inject into the seeded history. @default all of the simulator's scenarios */
  scenarios?: readonly string[];
  /**
   * Milliseconds every response waits before it is handled, as a provider across the internet adds. Gives
   * the kill tests room to land between page commits of a fast local sync. @default 0
   */
  latencyMs?: number;
  /**
   * The clock the simulator's rate limits run on (epoch ms), where the provider counts them in windows of the
   * clock (an hour, a minute, a day) and says when the next one starts. @default real time (`Date.now`): a
   * frozen tenant still has seconds and hours pass. Tests give `clockMidWindow(...)` so that no window turns
   * over while they spend a small budget, whatever the time they run at.
   */
  rateLimitClock?: () => number;
}

/** What a sync of the seeded tenant must yield: the conformance suite compares against it. */
export interface SimulatorTruth {
  /** Provider event ids of every activity a first sync (default backfill window) must store. */
  activityIds: string[];
  /** Provider ids of every account the accounts stream must report. */
  accountIds: string[];
  /**
   * Ids the provider itself serves more than once in that window (Microsoft 365 puts a few records in two
   * content blobs), one entry per extra delivery: a reader that resumes in between may see them twice.
   * @default none
   */
  providerRepeats?: string[];
}

export interface SimulatorStats {
  requests: number;
  /** Requests per route (method + path template). */
  byRoute: Record<string, number>;
}

export interface RunningSimulator<C> {
  /** Named base URLs, printed by `parapet simulate`. */
  urls: Record<string, string>;
  /** A valid connector config pointing at this simulator. */
  config: C;
  /** The same config with a credential the simulator rejects. */
  badCredentialConfig: C;
  /** Plain-words description of the demo credentials, for `parapet simulate`. */
  describe(): string;
  faults: FaultInjector;
  truth(): SimulatorTruth;
  /** The attack scenarios injected into the seeded history. */
  scenarios(): ScenarioFact[];
  /** The posture-drift scenario: weakens some security settings at run time (the next settings sync sees it). @default none */
  weakenPosture?(): readonly unknown[];
  stats(): SimulatorStats;
  close(): Promise<void>;
}

export interface SimulatorFactory<C> {
  /** Scenario ids this simulator can inject (e.g. `impossible-travel`). */
  scenarios: readonly string[];
  /** Largest page the activity stream serves: the minimum possible requests = events / this. */
  maxPageSize: number;
  start(options?: SimulatorOptions): Promise<RunningSimulator<C>>;
}

/** One injected attack scenario, so detection tests can assert it is caught by the policy meant for it. */
export interface ScenarioFact {
  /** Scenario id, e.g. `impossible-travel`. */
  id: string;
  /** The built-in policy meant to catch it, e.g. `detection.impossible-travel`. */
  policy: string;
  /** The user concerned (lower-cased e-mail), when there is one. */
  user: string | null;
  /** Provider event ids of the activities that make up the attack. */
  eventIds: string[];
  description: string;
  /**
   * Every alert the attack must raise, exactly (the policy meant for it and any other policy the same
   * activities rightly trip), each with its subject and the provider event ids of its whole evidence.
   * @default one alert: `policy` about `user` with `eventIds` as evidence
   */
  alerts?: ExpectedAlert[];
  /**
   * The attack is completed by the person's activity in other apps of the same workforce (a leaver
   * deactivated at the identity provider who keeps working elsewhere): `alerts` lists what this simulator's
   * records raise alone (nothing), and the alert comes where this tenant anchors the person's identity and
   * another app holds their later activity. @default false
   */
  completedElsewhere?: boolean;
}

/** One alert a scenario must raise: its policy, its subject (e-mail, IP or app id) and its evidence. */
export interface ExpectedAlert {
  policy: string;
  subject: string;
  eventIds: string[];
}
