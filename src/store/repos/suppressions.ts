import { NotFoundError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../db.js';
import type { SuppressionsTable } from '../tables/detection.js';

export const SUPPRESSION_KINDS = ['user', 'ip_range', 'asn', 'country', 'app'] as const;
export type SuppressionKind = SuppressionsTable['kind'];

/** An analyst's exclusion: findings of a policy (`*`: every policy) that match it raise no alert until it expires. */
export interface Suppression {
  id: string;
  policyId: string;
  kind: SuppressionKind;
  /** E-mail or user key, CIDR, AS number, ISO country code or app name / id (canonical form). */
  value: string;
  owner: string;
  reason: string;
  expiresAt: number;
  createdAt: number;
}

/** A finding a suppression silenced. */
export interface SuppressedFinding {
  id: string;
  suppressionId: string;
  policyId: string;
  dedupKey: string;
  subjectKey: string;
  explanation: string;
  activityIds: string[];
  firstActivityAt: number;
  lastActivityAt: number;
  createdAt: number;
}

const toSuppression = (r: SuppressionsTable): Suppression => ({
  id: r.id,
  policyId: r.policy_id,
  kind: r.kind,
  value: r.value,
  owner: r.owner,
  reason: r.reason,
  expiresAt: Number(r.expires_at),
  createdAt: Number(r.created_at),
});

export async function addSuppression(db: Db, input: Omit<Suppression, 'id' | 'createdAt'> & { now: number }): Promise<Suppression> {
  const { now, ...rest } = input;
  const suppression: Suppression = { ...rest, id: newId(now), createdAt: now };
  await db
    .insertInto('suppressions')
    .values({ id: suppression.id, policy_id: suppression.policyId, kind: suppression.kind, value: suppression.value, owner: suppression.owner, reason: suppression.reason, expires_at: suppression.expiresAt, created_at: now })
    .execute();
  return suppression;
}

/** Every suppression, expired ones included (they stay listed with what they silenced), newest first. */
export async function listSuppressions(db: Db): Promise<(Suppression & { findings: number })[]> {
  const rows = await db.selectFrom('suppressions').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const counts = await db.selectFrom('suppressed_findings').select(['suppression_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('suppression_id').execute();
  const byId = new Map(counts.map((c) => [c.suppression_id, Number(c.n)]));
  return rows.map((r) => ({ ...toSuppression(r), findings: byId.get(r.id) ?? 0 }));
}

export async function activeSuppressions(db: Db, now: number): Promise<Suppression[]> {
  const rows = await db.selectFrom('suppressions').selectAll().where('expires_at', '>', now).execute();
  return rows.map(toSuppression);
}

/** Removes a suppression (the findings it silenced stay recorded). */
export async function removeSuppression(db: Db, id: string): Promise<void> {
  const result = await db.deleteFrom('suppressions').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError(`No suppression ${id}. List them with \`parapet suppressions list\`.`);
}

export async function recordSuppressedFindings(db: Db, findings: readonly SuppressedFinding[]): Promise<void> {
  for (let i = 0; i < findings.length; i += 200) {
    const chunk = findings.slice(i, i + 200);
    await db
      .insertInto('suppressed_findings')
      .values(
        chunk.map((f) => ({
          id: f.id,
          suppression_id: f.suppressionId,
          policy_id: f.policyId,
          dedup_key: f.dedupKey,
          subject_key: f.subjectKey,
          explanation: f.explanation,
          activity_ids: JSON.stringify(f.activityIds),
          first_activity_at: f.firstActivityAt,
          last_activity_at: f.lastActivityAt,
          created_at: f.createdAt,
        })),
      )
      .execute();
  }
}

/** Findings silenced for a dedup key (policy, variant, subject): shown on the alerts of that key. */
export async function suppressedFindingsFor(db: Db, filter: { dedupKey?: string; suppressionId?: string; limit?: number }): Promise<SuppressedFinding[]> {
  let query = db.selectFrom('suppressed_findings').selectAll();
  if (filter.dedupKey !== undefined) query = query.where('dedup_key', '=', filter.dedupKey);
  if (filter.suppressionId !== undefined) query = query.where('suppression_id', '=', filter.suppressionId);
  const rows = await query.orderBy('last_activity_at', 'desc').limit(filter.limit ?? 100).execute();
  return rows.map((r) => ({
    id: r.id,
    suppressionId: r.suppression_id,
    policyId: r.policy_id,
    dedupKey: r.dedup_key,
    subjectKey: r.subject_key,
    explanation: r.explanation,
    activityIds: JSON.parse(r.activity_ids) as string[],
    firstActivityAt: Number(r.first_activity_at),
    lastActivityAt: Number(r.last_activity_at),
    createdAt: Number(r.created_at),
  }));
}
