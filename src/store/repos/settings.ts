import type { Db } from '../db.js';

export async function upsertSettings(db: Db, instanceId: string, records: readonly { key: string; value: unknown }[], now: number): Promise<void> {
  for (const record of records) {
    const value = JSON.stringify(record.value);
    await db
      .insertInto('settings_snapshots')
      .values({ connector_instance_id: instanceId, key: record.key, value, captured_at: now })
      .onConflict((oc) => oc.columns(['connector_instance_id', 'key']).doUpdateSet({ value, captured_at: now }))
      .execute();
  }
}

export async function listSettings(db: Db, instanceId: string): Promise<{ key: string; value: unknown; capturedAt: number }[]> {
  const rows = await db.selectFrom('settings_snapshots').selectAll().where('connector_instance_id', '=', instanceId).orderBy('key').execute();
  return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as unknown, capturedAt: Number(r.captured_at) }));
}
