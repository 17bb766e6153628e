/**
 * The demo reads the simulated apps' whole 30-day history (where the provider allows: the Microsoft 365
 * audit feed keeps 7 days), so the detections' baselines have learned before the injected attacks. Kept
 * apart from workspace.ts so the CLI reads it without loading the simulators.
 */
export const DEMO_CONFIG = { backfillDays: 30 } as const;
