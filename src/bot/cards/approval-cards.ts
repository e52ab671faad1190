import type { Approval } from '../../db/repositories/approvals.js';
import type { Card } from '../core/types.js';

/** What an approval asks for, in words: the exact subject people approve. */
export function describeSubject(approval: Pick<Approval, 'kind' | 'subject'>): string[] {
  const s = approval.subject as Record<string, unknown>;
  if (approval.kind === 'retrain') {
    return [
      `Retrain the pruned model of prune run #${s.sourceRunId} (pth ${s.threshold}) for ${s.epochs} epochs on ${s.server}.`,
      `Pruned model: ${s.prunedModel}`,
      `Retrain spec: ${s.spec} (hash ${s.specHash})`,
    ];
  }
  return [
    `Deploy run #${s.sourceRunId}, epoch ${s.epoch}, to ${s.device} as ${String(s.precision).toUpperCase()}.`,
    `Checkpoint: ${s.checkpoint}`,
  ];
}

/** The card with Approve and Reject buttons; the buttons carry only the approval's id. */
export function approvalCard(approval: Approval, runId: number): Card {
  const what =
    approval.kind === 'retrain' ? 'retraining costs GPU hours' : 'it changes what runs on the device';
  return {
    title: `Approval needed #${approval.id}: ${approval.kind} (run #${runId})`,
    tone: 'warning',
    lines: [...describeSubject(approval), `Approval is needed because ${what}.`],
    fields: [
      { label: 'Requested by', value: approval.requestedBy },
      { label: 'Approvers', value: approval.approvers.join(', ') || '(none configured)' },
      { label: 'Expires', value: `${approval.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` },
    ],
    buttons: [
      { action: 'approve', value: String(approval.id), label: `Approve ${approval.kind}`, style: 'primary' },
      { action: 'reject', value: String(approval.id), label: `Reject ${approval.kind}`, style: 'danger' },
    ],
  };
}

/** The same card once decided: no buttons, the outcome and who decided. */
export function decidedApprovalCard(approval: Approval, runId: number): Card {
  const outcome =
    approval.state === 'approved'
      ? `Approved by ${approval.decidedBy}: run #${runId} is queued.`
      : approval.state === 'rejected'
        ? `Rejected by ${approval.decidedBy}: run #${runId} will not start.`
        : approval.state === 'expired'
          ? `Expired unanswered: run #${runId} will not start.`
          : `Void: what it asked for changed or was asked again. Run #${runId} will not start.`;
  return {
    title: `Approval #${approval.id}: ${approval.kind} (run #${runId}) · ${approval.state}`,
    tone: approval.state === 'approved' ? 'success' : 'warning',
    lines: [...describeSubject(approval), outcome],
    fields: [{ label: 'Requested by', value: approval.requestedBy }],
  };
}
