import { NotFoundError } from '../../core/errors.js';
import type { Db } from '../db.js';
import type { PoliciesTable } from '../tables/detection.js';

export interface PolicyRow {
  id: string;
  kind: 'builtin' | 'custom';
  enabled: boolean;
  /** JSON-decoded PolicySettings (validated by detection, not here). */
  settings: Record<string, unknown>;
  source: string | null;
  sourceFormat: 'yaml' | 'json' | null;
  createdAt: number;
  updatedAt: number;
}

function toRow(r: PoliciesTable): PolicyRow {
  return {
    id: r.id,
    kind: r.kind,
    enabled: r.enabled === 1,
    settings: JSON.parse(r.settings) as Record<string, unknown>,
    source: r.source,
    sourceFormat: r.source_format,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export async function listPolicyRows(db: Db): Promise<PolicyRow[]> {
  const rows = await db.selectFrom('policies').selectAll().orderBy('kind').orderBy('id').execute();
  return rows.map(toRow);
}

export async function getPolicyRow(db: Db, id: string): Promise<PolicyRow | null> {
  const row = await db.selectFrom('policies').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRow(row) : null;
}

/** Stores a built-in policy's tuning or a custom policy (its text as written), replacing what was there. */
export async function savePolicy(
  db: Db,
  input: { id: string; kind: 'builtin' | 'custom'; enabled: boolean; settings: Record<string, unknown>; source?: string | null; sourceFormat?: 'yaml' | 'json' | null; now: number },
): Promise<PolicyRow> {
  const values = {
    kind: input.kind,
    enabled: input.enabled ? 1 : 0,
    settings: JSON.stringify(input.settings),
    source: input.source ?? null,
    source_format: input.sourceFormat ?? null,
    updated_at: input.now,
  };
  await db
    .insertInto('policies')
    .values({ id: input.id, created_at: input.now, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  return (await getPolicyRow(db, input.id)) as PolicyRow;
}

export async function deletePolicy(db: Db, id: string): Promise<void> {
  const result = await db.deleteFrom('policies').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError(`No stored policy "${id}". List policies with \`parapet policy list\`.`);
}

/** Changes whenever a policy is saved or removed: the engine reloads its policies when it differs. */
export async function policiesVersion(db: Db): Promise<string> {
  const row = await db
    .selectFrom('policies')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')])
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.at ?? 0}`;
}
