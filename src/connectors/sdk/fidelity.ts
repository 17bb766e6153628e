/**
 * The fidelity corpus format (issue #11): records taken from a provider's own published documentation,
 * each paired with the fields its normaliser must yield. Every registered connector exports one from
 * `src/connectors/<provider>/fidelity/corpus.ts` as `export const corpus: FidelityCase[]`; the shared test
 * (src/connectors/fidelity.test.ts) enrols them all from the registry.
 */
export interface FidelityExpectation {
  /** The actor as the record names them; agrees when it equals the Activity actor's email, userId or name. */
  user?: string;
  /** Source IP without port or brackets (`203.0.113.7`, `2001:db8::1`). */
  ip?: string;
  /** Epoch milliseconds, UTC. */
  time?: number;
  /** Parapet's action (src/core/activity.ts ACTION_OCSF), e.g. `user.login`. */
  action?: string;
  /** `success` | `failure` | `interrupted` | `unknown`. */
  outcome?: string;
  /**
   * The targets in the order the normaliser lists them; each entry agrees when it equals that target's id,
   * email or name. The list must match in length too.
   */
  targets?: string[];
}

export interface FidelityCase {
  /** The published page the record was taken from. */
  source: string;
  /** The record's shape, e.g. `Graph signIn`, `Azure Monitor SignInLogs row`, `Monitor v2 event`. */
  shape: string;
  /** The record exactly as the provider (or its export) hands it to `normalize`. */
  record: unknown;
  /** The fields it must yield; a field left out is not checked. */
  expect: FidelityExpectation;
}
