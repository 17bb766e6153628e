import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { AuthError } from '../../core/errors.js';
import type { GoogleObject } from './client.js';
import type { GoogleSession } from './session.js';

/** Every user of the customer (Directory `users.list`, 500 a page). */
export async function* listUsers(session: GoogleSession, runtime: ConnectorRuntime): AsyncIterable<GoogleObject[]> {
  const { client, config } = session;
  yield* client.pages('google.directory.users.list', client.directoryUrl('/users'), 'users', { customer: config.customerId, maxResults: 500, projection: 'full' }, runtime.signal);
}

/**
 * The customer's verified domains (Directory `domains.list`): an e-mail in one of them belongs to this
 * Workspace, so its account may anchor the person's identity. Unreadable (scope not delegated): null.
 */
export async function verifiedDomains(session: GoogleSession, runtime: ConnectorRuntime): Promise<string[] | null> {
  const { client, config } = session;
  try {
    const { body } = await client.get('google.directory.domains.list', client.directoryUrl(`/customer/${encodeURIComponent(config.customerId)}/domains`), runtime.signal);
    const domains = Array.isArray(body?.domains) ? (body.domains as GoogleObject[]) : [];
    return domains.filter((d) => d.verified === true && typeof d.domainName === 'string').map((d) => String(d.domainName).toLowerCase());
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    runtime.logger.warn(`Google Workspace: cannot read the verified domains (${error.message}); its accounts will not anchor identities until admin.directory.domain.readonly is delegated.`);
    return null;
  }
}

