import { listPendingApprovals } from '../../db/repositories/approvals.js';
import { decide } from '../../pipeline/approvals/service.js';
import { identityOf } from '../core/types.js';
import type { Command } from '../services.js';

const decision = (name: 'approve' | 'reject', outcome: 'approved' | 'rejected'): Command => ({
  name,
  description:
    name === 'approve' ? 'Approve a pending request (retrain, deploy)' : 'Reject a pending request',
  sideEffects: ['write'],
  options: [
    {
      name: 'id',
      type: 'integer',
      min: 1,
      positional: true,
      required: true,
      description: 'the approval number',
    },
  ],
  async run({ request, options, reply, services }) {
    const result = await decide(services.approvals, options.id as number, identityOf(request.user), outcome);
    if (result.ok) {
      await reply.ephemeral({ title: result.value, tone: 'success' });
      return;
    }
    const approver = services.config.access.approvers
      .find((a) => a.startsWith('shell:'))
      ?.slice('shell:'.length);
    // One terminal is one person: say how to type the line as an approver, which is how the terminal shows four eyes.
    const hint =
      request.platform === 'shell' && approver && /not an approver|someone else/.test(result.error)
        ? [`In the terminal, type it as an approver: @${approver} /${name} ${options.id}`]
        : [];
    await reply.ephemeral({
      title: `/${name} ${options.id}: refused: ${result.error}`,
      tone: 'warning',
      lines: hint,
    });
  },
});

export const approveCommand = decision('approve', 'approved');
export const rejectCommand = decision('reject', 'rejected');

export const approvalsCommand: Command = {
  name: 'approvals',
  description: 'List pending approvals',
  sideEffects: [],
  options: [],
  async run({ reply, services }) {
    const pending = await listPendingApprovals(services.db);
    const now = Date.now();
    await reply.post({
      title: pending.length === 0 ? 'No approvals are pending' : `Pending approvals (${pending.length})`,
      table:
        pending.length === 0
          ? undefined
          : {
              headers: ['#', 'kind', 'run', 'requested by', 'age', 'expires in'],
              rows: pending.map((a) => [
                String(a.id),
                a.kind,
                `#${a.runId}`,
                a.requestedBy,
                `${Math.round((now - a.createdAt.getTime()) / 60_000)} min`,
                `${Math.max(0, Math.round((a.expiresAt.getTime() - now) / 60_000))} min`,
              ]),
            },
      footer: pending.length
        ? 'Decide with /approve <#> or /reject <#> (or the buttons on each request).'
        : undefined,
    });
  },
};
