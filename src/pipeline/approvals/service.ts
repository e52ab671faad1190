import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { approvalCard, decidedApprovalCard } from '../../bot/cards/approval-cards.js';
import type { Card, ChatSink, MessageRef, Platform } from '../../bot/core/types.js';
import type { Config } from '../../config/index.js';
import type { Db } from '../../db/client.js';
import {
  type Approval,
  audit,
  createApproval,
  decideApproval,
  expireApprovals,
  getApproval,
  voidApproval,
} from '../../db/repositories/approvals.js';
import { findChatMessage, saveChatMessage } from '../../db/repositories/messages.js';
import { getRun, type Run, transitionRun } from '../../db/repositories/runs.js';
import { err, ok, type Result } from '../../shared/result.js';
import { checkDecision } from './policy.js';

/**
 * Approvals are rows, not messages (design §6): a run that needs one waits in `pending_approval`; a decision is
 * a state-guarded update of the approval, then of the run, so simultaneous clicks start one run. Every click,
 * allowed or not, is written to the audit log, and the approval's card is edited to show the outcome.
 */
export interface ApprovalDeps {
  db: Db;
  config: Config;
  sinks: ReadonlyMap<Platform, ChatSink>;
  logger: Logger;
  kick(): void;
  now?: () => Date;
  /** Is what the approval names still what would run? (a changed spec or checkpoint voids it) */
  subjectStillValid?(approval: Approval): Promise<Result<true, string>>;
}

export const subjectHash = (subject: Record<string, unknown>): string =>
  createHash('sha256')
    .update(JSON.stringify(subject, Object.keys(subject).sort()))
    .digest('hex')
    .slice(0, 16);

/** Creates the approval for a pending run and posts its card through `post` (the command's reply). */
export async function requestApproval(
  deps: ApprovalDeps,
  input: { kind: 'retrain' | 'deploy'; run: Run; subject: Record<string, unknown>; requestedBy: string },
  post: (card: Card) => Promise<MessageRef>,
): Promise<Approval> {
  const now = deps.now?.() ?? new Date();
  const approval = await createApproval(deps.db, {
    kind: input.kind,
    runId: input.run.id,
    subject: input.subject,
    subjectHash: subjectHash(input.subject),
    requestedBy: input.requestedBy,
    approvers: [...deps.config.access.approvers],
    expiresAt: new Date(now.getTime() + deps.config.access.approvalTtl),
    platform: input.run.platform,
    channelId: input.run.channelId,
  });
  await audit(deps.db, {
    actor: input.requestedBy,
    action: `request ${input.kind}`,
    target: `approval:${approval.id}`,
    allowed: true,
    data: { runId: input.run.id },
  });
  const ref = await post(approvalCard(approval, input.run.id));
  await saveChatMessage(deps.db, {
    runId: input.run.id,
    platform: ref.platform,
    purpose: 'approval',
    channelId: ref.channelId,
    messageRef: ref.messageRef,
    threadRef: ref.threadRef,
  });
  return approval;
}

/** One click (or typed /approve, /reject): checks the rules, decides once, moves the run, edits the card. */
export async function decide(
  deps: ApprovalDeps,
  approvalId: number,
  actor: string,
  decision: 'approved' | 'rejected',
): Promise<Result<string, string>> {
  const now = deps.now?.() ?? new Date();
  const action = decision === 'approved' ? 'approve' : 'reject';
  const target = `approval:${approvalId}`;
  const refuse = async (reason: string) => {
    await audit(deps.db, { actor, action, target, allowed: false, reason });
    return err(reason);
  };
  const approval = await getApproval(deps.db, approvalId);
  if (!approval) return refuse(`there is no approval #${approvalId}`);
  const allowed = checkDecision(approval, actor, deps.config.access.selfApproval, now);
  if (!allowed.ok) return refuse(allowed.error);
  if (decision === 'approved' && deps.subjectStillValid) {
    const valid = await deps.subjectStillValid(approval);
    if (!valid.ok) {
      await voidApproval(deps.db, approval.id, now);
      await transitionRun(deps.db, approval.runId, 'reject', { error: `approval void: ${valid.error}` });
      await editCard(deps, approvalId);
      return refuse(`this request is void: ${valid.error}; ask again`);
    }
  }
  const decided = await decideApproval(deps.db, approval.id, decision, actor, now);
  if (!decided) {
    const latest = await getApproval(deps.db, approval.id);
    return refuse(
      `this request was already ${latest?.state ?? 'decided'}${latest?.decidedBy ? ` by ${latest.decidedBy}` : ''}`,
    );
  }
  await audit(deps.db, { actor, action, target, allowed: true, data: { runId: approval.runId } });
  const moved = await transitionRun(
    deps.db,
    approval.runId,
    decision === 'approved' ? 'approve' : 'reject',
    {},
    { approvalId, by: actor },
  );
  if (!moved.ok) deps.logger.warn({ approvalId, error: moved.error }, 'approved run could not move');
  await editCard(deps, approvalId);
  if (decision === 'approved') deps.kick();
  return ok(
    decision === 'approved'
      ? `Approved: run #${approval.runId} is queued.`
      : `Rejected: run #${approval.runId} will not start.`,
  );
}

/** Expires what is past its time (called from the reconciler's pass). */
export async function expireDue(deps: ApprovalDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  const expired = await expireApprovals(deps.db, now);
  for (const approval of expired) {
    await audit(deps.db, {
      actor: 'taobot',
      action: 'expire',
      target: `approval:${approval.id}`,
      allowed: true,
    });
    await transitionRun(deps.db, approval.runId, 'expire', { error: 'the approval expired' });
    await editCard(deps, approval.id);
  }
  return expired.length;
}

async function editCard(deps: ApprovalDeps, approvalId: number): Promise<void> {
  const approval = await getApproval(deps.db, approvalId);
  if (!approval) return;
  const run = await getRun(deps.db, approval.runId);
  const message = await findChatMessage(deps.db, approval.runId, approval.platform, 'approval');
  const sink = deps.sinks.get(approval.platform as Platform);
  if (!message || !sink || !run) return;
  await sink
    .update(
      {
        platform: approval.platform as Platform,
        channelId: message.channelId,
        messageRef: message.messageRef,
        threadRef: message.threadRef ?? undefined,
      },
      decidedApprovalCard(approval, run.id),
    )
    .catch((error: unknown) =>
      deps.logger.warn({ err: error, approvalId }, 'could not edit the approval card'),
    );
}
