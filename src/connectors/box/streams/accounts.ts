import type { AccountRecord } from '../../../core/account.js';
import { DAY } from '../../../core/clock.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { BoxObject } from '../client.js';
import type { BoxSession } from '../session.js';
import { eventsOfTypes } from './events-of-types.js';

/** Fields asked for: `fields=` replaces Box's default set, so everything read is named. */
export const USER_FIELDS = 'type,id,name,login,status,role,created_at,modified_at,enterprise,is_external_collab_restricted,is_exempt_from_login_verification,is_platform_access_only,space_used';

/** Box user status -> Parapet account status: `inactive` is Box's deactivation. */
export function accountStatus(status: string | null): AccountRecord['status'] {
  return status === 'inactive' ? 'suspended' : 'active';
}

/** One Box user -> account. `external`: a collaborator from outside the enterprise. */
export function toAccountRecord(user: BoxObject, external: boolean): AccountRecord | null {
  const id = str(user.id);
  if (!id) return null;
  const role = str(user.role);
  return {
    providerId: id,
    email: lowerEmail(user.login),
    name: str(user.name),
    status: accountStatus(str(user.status)),
    isAdmin: external ? false : role === 'admin' || role === 'coadmin',
    details: {
      boxStatus: str(user.status),
      role,
      external,
      enterpriseId: str(asRecord(user.enterprise)?.id),
      createdAt: str(user.created_at),
      modifiedAt: str(user.modified_at),
      isExternalCollabRestricted: user.is_external_collab_restricted ?? null,
      isExemptFromLoginVerification: user.is_exempt_from_login_verification ?? null,
      isPlatformAccessOnly: user.is_platform_access_only ?? null,
    },
  };
}

/**
 * Managed users (marker-paged: offset stops at 10,000), then external collaborators: Box lists an external
 * user only by exact login (`user_type=external&filter_term=<login>`), so their logins come from the
 * collaboration events of the last `appGrantDays` days.
 */
export const accountsStream: SnapshotStream<BoxSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const { client, config } = session;
    const managed = new Set<string>();
    for await (const users of client.markerList('box.users.list', '/users', { user_type: 'managed', fields: USER_FIELDS, limit: 1000 }, runtime.signal)) {
      const records = users.map((u) => toAccountRecord(u, false)).filter((a): a is AccountRecord => a !== null);
      for (const r of records) managed.add(r.providerId);
      yield records;
    }
    const events = await eventsOfTypes(client, ['COLLABORATION_INVITE', 'COLLABORATION_ACCEPT'], config.appGrantDays * DAY, config.pageSize, runtime.clock.now(), runtime.signal);
    const logins = new Map<string, string>();
    for (const e of events) {
      const who = asRecord(e.accessible_by);
      const id = str(who?.id);
      const login = lowerEmail(who?.login);
      if (str(who?.type) === 'user' && id && login && !managed.has(id)) logins.set(id, login);
    }
    const externals: AccountRecord[] = [];
    for (const login of new Set(logins.values())) {
      for await (const users of client.markerList('box.users.external', '/users', { user_type: 'external', filter_term: login, fields: USER_FIELDS, limit: 100 }, runtime.signal)) {
        for (const u of users) {
          const record = lowerEmail(u.login) === login ? toAccountRecord(u, true) : null;
          if (record && !managed.has(record.providerId)) externals.push(record);
        }
      }
    }
    if (externals.length) yield externals;
  },
};
