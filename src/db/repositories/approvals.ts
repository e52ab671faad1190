import { and, eq, gt, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { approvals, auditLog } from '../schema.js';

export type Approval = typeof approvals.$inferSelect;
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired' | 'superseded';

export async function createApproval(db: Db, row: typeof approvals.$inferInsert): Promise<Approval> {
  return db.transaction(async (tx) => {
    // A newer request for the same kind of step on the same source replaces the older one: only one can be live.
    const source = (row.subject as { sourceRunId?: number }).sourceRunId;
    if (source !== undefined) {
      await tx
        .update(approvals)
        .set({ state: 'superseded', decidedAt: sql`now()` })
        .where(
          and(
            eq(approvals.kind, row.kind),
            eq(approvals.state, 'pending'),
            sql`(${approvals.subject}->>'sourceRunId')::int = ${source}`,
          ),
        );
    }
    const [created] = await tx.insert(approvals).values(row).returning();
    if (!created) throw new Error('insert into approvals returned no row');
    return created;
  });
}

export async function getApproval(db: Db, id: number): Promise<Approval | undefined> {
  const [row] = await db.select().from(approvals).where(eq(approvals.id, id));
  return row;
}

/** The approval a run was started by (the newest approved one), if it needed one. */
export async function approvalOfRun(db: Db, runId: number): Promise<Approval | undefined> {
  const [row] = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.runId, runId), eq(approvals.state, 'approved')))
    .orderBy(sql`${approvals.id} desc`)
    .limit(1);
  return row;
}

export async function listPendingApprovals(db: Db): Promise<Approval[]> {
  return db.select().from(approvals).where(eq(approvals.state, 'pending')).orderBy(approvals.id);
}

/**
 * Decides an approval with a state-guarded update: only a pending, unexpired approval changes, so of many
 * simultaneous clicks exactly one wins. Returns the decided row, or undefined for every other click.
 */
export async function decideApproval(
  db: Db,
  id: number,
  decision: 'approved' | 'rejected',
  by: string,
  now: Date,
): Promise<Approval | undefined> {
  const [row] = await db
    .update(approvals)
    .set({ state: decision, decidedBy: by, decidedAt: now })
    .where(and(eq(approvals.id, id), eq(approvals.state, 'pending'), gt(approvals.expiresAt, now)))
    .returning();
  return row;
}

/** Marks pending approvals past their expiry as expired; returns them so their cards and runs can follow. */
export async function expireApprovals(db: Db, now: Date): Promise<Approval[]> {
  return db
    .update(approvals)
    .set({ state: 'expired', decidedAt: now })
    .where(and(eq(approvals.state, 'pending'), lte(approvals.expiresAt, now)))
    .returning();
}

/** Voids an approval whose subject changed (a newer checkpoint, another spec). */
export async function voidApproval(db: Db, id: number, now: Date): Promise<void> {
  await db
    .update(approvals)
    .set({ state: 'superseded', decidedAt: now })
    .where(and(eq(approvals.id, id), ne(approvals.state, 'approved')));
}

export async function audit(
  db: Db,
  entry: {
    actor: string;
    action: string;
    target?: string;
    allowed: boolean;
    reason?: string;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditLog).values({ ...entry, data: entry.data ?? {} });
}

export async function listAudit(db: Db, target?: string) {
  return db
    .select()
    .from(auditLog)
    .where(target ? eq(auditLog.target, target) : undefined)
    .orderBy(auditLog.id);
}
