/**
 * The demo reads the simulated apps' whole 30-day history (where the provider allows: the Microsoft 365
 * audit feed keeps 7 days), so the detections' baselines have learned before the injected attacks; and it
 * writes governance e-mails to the outbox in the data dir, so notify-user works without a mail server.
 * Kept apart from workspace.ts so the CLI reads it without loading the simulators.
 */
export const DEMO_CONFIG = { backfillDays: 30, mailOutbox: true } as const;

/**
 * The apps the demo workspace connects: the identity providers and the first apps, whose tenants share one
 * workforce and whose attacks the demo's alerts tell as one story. Every other registered connector runs
 * alone with `parapet simulate <id>`; keeping the demo to these keeps `npm start` quick.
 */
export const DEMO_PROVIDERS: readonly string[] = ['docusign', 'microsoft365', 'okta', 'google-workspace', 'github', 'slack'];
