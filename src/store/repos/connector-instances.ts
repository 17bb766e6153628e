import { ConfigError, NotFoundError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../db.js';
import type { ConnectorInstancesTable } from '../schema.js';
import type { SecretBox } from '../secret-box.js';

export type InstanceStatus = ConnectorInstancesTable['status'];

/** A connector instance without its config: safe to show, log and return from the API. */
export interface ConnectorInstance {
  id: string;
  name: string;
  provider: string;
  status: InstanceStatus;
  statusReason: string | null;
  createdAt: number;
  updatedAt: number;
  lastSyncAt: number | null;
  lastSuccessAt: number | null;
  budget: Record<string, unknown> | null;
  /** The streams this instance collects; null: all of its connector's streams. */
  streams: string[] | null;
}

function toInstance(row: ConnectorInstancesTable): ConnectorInstance {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    status: row.status,
    statusReason: row.status_reason,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    lastSyncAt: row.last_sync_at === null ? null : Number(row.last_sync_at),
    lastSuccessAt: row.last_success_at === null ? null : Number(row.last_success_at),
    budget: row.budget ? (JSON.parse(row.budget) as Record<string, unknown>) : null,
    streams: row.streams ? (JSON.parse(row.streams) as string[]) : null,
  };
}

export async function createInstance(
  db: Db,
  secrets: SecretBox,
  input: { name: string; provider: string; config: unknown; now: number; streams?: readonly string[] | null },
): Promise<ConnectorInstance> {
  const existing = await db.selectFrom('connector_instances').select('id').where('name', '=', input.name).executeTakeFirst();
  if (existing) throw new ConfigError(`A connector named "${input.name}" already exists: choose another --name, or update it with --replace.`);
  const id = newId(input.now);
  const row: ConnectorInstancesTable = {
    id,
    name: input.name,
    provider: input.provider,
    config_sealed: secrets.seal(input.config, id),
    status: 'connecting',
    status_reason: null,
    created_at: input.now,
    updated_at: input.now,
    last_sync_at: null,
    last_success_at: null,
    budget: null,
    streams: input.streams ? JSON.stringify(input.streams) : null,
  };
  await db.insertInto('connector_instances').values(row).execute();
  return toInstance(row);
}

export async function replaceInstanceConfig(db: Db, secrets: SecretBox, id: string, config: unknown, now: number): Promise<void> {
  await db.updateTable('connector_instances').set({ config_sealed: secrets.seal(config, id), updated_at: now }).where('id', '=', id).execute();
}

export async function listInstances(db: Db): Promise<ConnectorInstance[]> {
  const rows = await db.selectFrom('connector_instances').selectAll().orderBy('name').execute();
  return rows.map(toInstance);
}

/** Finds an instance by name, id, or — when only one exists for it — provider id. */
export async function findInstance(db: Db, ref: string): Promise<ConnectorInstance> {
  const rows = await db
    .selectFrom('connector_instances')
    .selectAll()
    .where((eb) => eb.or([eb('name', '=', ref), eb('id', '=', ref), eb('provider', '=', ref)]))
    .execute();
  const exact = rows.find((r) => r.name === ref || r.id === ref);
  if (exact) return toInstance(exact);
  if (rows.length === 1 && rows[0]) return toInstance(rows[0]);
  if (rows.length > 1) {
    throw new ConfigError(`Several ${ref} connectors exist (${rows.map((r) => r.name).join(', ')}): name one of them.`);
  }
  const names = (await listInstances(db)).map((i) => i.name);
  throw new NotFoundError(
    `No connector named "${ref}". ${names.length ? `Connected: ${names.join(', ')}.` : 'None is connected yet: run `parapet connect <provider>` or `parapet demo`.'}`,
  );
}

export async function readInstanceConfig(db: Db, secrets: SecretBox, id: string): Promise<unknown> {
  const row = await db.selectFrom('connector_instances').select('config_sealed').where('id', '=', id).executeTakeFirstOrThrow();
  return secrets.open(row.config_sealed, id);
}

export async function setInstanceStatus(
  db: Db,
  id: string,
  update: { status: InstanceStatus; reason?: string | null; now: number; succeeded?: boolean; budget?: unknown },
): Promise<void> {
  await db
    .updateTable('connector_instances')
    .set({
      status: update.status,
      status_reason: update.reason ?? null,
      updated_at: update.now,
      last_sync_at: update.now,
      ...(update.succeeded ? { last_success_at: update.now } : {}),
      ...(update.budget !== undefined ? { budget: JSON.stringify(update.budget) } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Disable keeps all history and checkpoints; enabling resumes from them. */
export async function setInstanceEnabled(db: Db, id: string, enabled: boolean, now: number): Promise<void> {
  await db
    .updateTable('connector_instances')
    .set({ status: enabled ? 'connecting' : 'disabled', status_reason: enabled ? null : 'disabled by an administrator', updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Deletes an instance with everything collected from it (activities, inventory, checkpoints). */
export async function deleteInstance(db: Db, id: string): Promise<void> {
  const result = await db.deleteFrom('connector_instances').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError(`No connector with id ${id}.`);
}
