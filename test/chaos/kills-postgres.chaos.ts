import { connectors } from '../../src/connectors/registry.js';
import { describePostgres } from '../helpers/dialects.js';
import { defineStoreConformance } from '../helpers/store-conformance.js';

// The store + sync conformance suite, SIGKILLs included, on PostgreSQL for every connector (`npm run
// test:chaos`, beside the chaos suite in CI; `npm test` runs it on SQLite with 20 + 5 kills per connector:
// test/conformance-sync-1..4). A killed `parapet sync` leaves an open transaction the server must roll back,
// and the resumed sync must find exactly the committed pages and checkpoints. The two reference connectors
// land ten kills against the frozen tenant and three against a live one; the others five and two, which keeps
// the chaos stage of CI within its budget.
const REFERENCE = new Set(['docusign', 'microsoft365']);

describePostgres('store + sync conformance', (_databaseUrl, dialect) => {
  defineStoreConformance(connectors.filter((c) => REFERENCE.has(c.id)), 0, 1, { dialect, kills: { kills: 10, live: 3 } });
  defineStoreConformance(connectors.filter((c) => !REFERENCE.has(c.id)), 0, 1, { dialect, kills: { kills: 5, live: 2 } });
});
