import type { Approval } from '../../db/repositories/approvals.js';
import { err, ok, type Result } from '../../shared/result.js';

/**
 * Who may decide an approval, as a pure rule (design §6): only the approvers named when it was requested; with
 * four-eyes (`selfApproval: false`) never the requester; never after it expired or was decided.
 */
export function checkDecision(
  approval: Pick<Approval, 'state' | 'decidedBy' | 'expiresAt' | 'approvers' | 'requestedBy'>,
  actor: string,
  selfApproval: boolean,
  now: Date,
): Result<true, string> {
  if (approval.state !== 'pending') {
    return err(
      `this request was already ${approval.state}${approval.decidedBy ? ` by ${approval.decidedBy}` : ''}`,
    );
  }
  if (approval.expiresAt.getTime() <= now.getTime()) {
    return err(
      `this request expired at ${approval.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; ask again`,
    );
  }
  if (approval.approvers.length === 0)
    return err('no approvers are configured (access.approvers), so nobody can decide');
  if (!approval.approvers.includes(actor)) {
    return err(`${actor} is not an approver; approvers: ${approval.approvers.join(', ')}`);
  }
  if (!selfApproval && approval.requestedBy === actor) {
    return err('you asked for this: someone else must approve it (access.selfApproval is false)');
  }
  return ok(true);
}

/** Who may start runs: anyone when `access.operators` is empty, else only those named. */
export function checkOperator(operators: readonly string[], actor: string): Result<true, string> {
  if (operators.length === 0 || operators.includes(actor)) return ok(true);
  return err(`${actor} may not start runs here; operators: ${operators.join(', ')}`);
}
