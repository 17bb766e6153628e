import docusign from '../src/connectors/docusign/index.js';
import microsoft365 from '../src/connectors/microsoft365/index.js';
import { describePostgres } from './helpers/dialects.js';
import { defineStoreConformance } from './helpers/store-conformance.js';

// The store + sync conformance suite, SIGKILLs included, on PostgreSQL for the two reference connectors: a
// killed `parapet sync` leaves an open transaction the server must roll back, and the resumed sync must find
// exactly the committed pages and checkpoints. (Every connector runs it on SQLite: conformance-sync-1..4.)
// Ten kills against the frozen tenant and three against a live one keep it inside the test budget.
describePostgres('store + sync conformance', (_databaseUrl, dialect) => {
  defineStoreConformance([docusign, microsoft365], 0, 1, { dialect, kills: { kills: 10, live: 3 } });
});
