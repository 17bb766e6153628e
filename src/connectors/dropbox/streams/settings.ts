import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord } from '../../sdk/normalize-helpers.js';
import type { DropboxSession } from '../session.js';

/** Every `{".tag": x}` of an object as `x`, nested objects kept: policies read as plain values. */
export function untag(value: unknown): unknown {
  const r = asRecord(value);
  if (!r) return value;
  const keys = Object.keys(r);
  if (keys.length === 1 && typeof r['.tag'] === 'string') return r['.tag'];
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = untag(r[k]);
  return out;
}

/**
 * The team's policies (`team/get_info` → `policies`): sharing (who may join shared folders, link defaults),
 * EMM, Office add-in. Dropbox has no read of the 2-step verification or SSO policy: only their change events
 * in the team log tell.
 */
export const settingsStream: SnapshotStream<DropboxSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const info = await session.client.rpc('team/get_info', null, runtime.signal);
    const policies = asRecord(untag(info.policies)) ?? {};
    const records: SettingsRecord[] = [
      { key: 'policies', value: policies },
      { key: 'team', value: { name: info.name ?? null, teamId: info.team_id ?? null, licensed: info.num_licensed_users ?? null, provisioned: info.num_provisioned_users ?? null } },
    ];
    yield records;
  },
};
