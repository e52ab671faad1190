import { err, ok, type Result } from '../../shared/result.js';

/**
 * The run lifecycle as a pure transition table. The database enum is created from RUN_STATES in this order.
 *
 * ```mermaid
 * stateDiagram-v2
 *   [*] --> pending_approval: needs approval
 *   [*] --> queued
 *   pending_approval --> queued: approve
 *   pending_approval --> rejected: reject / expire
 *   queued --> starting: place (GPUs free)
 *   starting --> running: started
 *   starting --> failed: start_failed
 *   running --> succeeded: exited_ok
 *   running --> failed: exited_failed / lost
 *   pending_approval --> cancelled: cancel
 *   queued --> cancelled: cancel
 *   starting --> cancelled: cancel
 *   running --> cancelled: cancel
 * ```
 */
export const RUN_STATES = [
  'pending_approval',
  'queued',
  'starting',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'rejected',
] as const;
export type RunState = (typeof RUN_STATES)[number];

export const RUN_KINDS = ['train', 'retrain', 'evaluate', 'prune', 'export', 'deploy'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const TERMINAL_STATES: readonly RunState[] = ['succeeded', 'failed', 'cancelled', 'rejected'];
/** States in which a run holds GPUs on its server. */
export const GPU_HOLDING_STATES: readonly RunState[] = ['starting', 'running'];
/** States the reconciler looks at on every pass. */
export const ACTIVE_STATES: readonly RunState[] = ['queued', 'starting', 'running'];

export type RunEvent =
  | 'approve'
  | 'reject'
  | 'expire'
  | 'place'
  | 'started'
  | 'start_failed'
  | 'exited_ok'
  | 'exited_failed'
  | 'lost'
  | 'cancel';

export const TRANSITIONS: Readonly<Record<RunState, Partial<Record<RunEvent, RunState>>>> = {
  pending_approval: { approve: 'queued', reject: 'rejected', expire: 'rejected', cancel: 'cancelled' },
  queued: { place: 'starting', cancel: 'cancelled' },
  starting: { started: 'running', start_failed: 'failed', cancel: 'cancelled' },
  running: { exited_ok: 'succeeded', exited_failed: 'failed', lost: 'failed', cancel: 'cancelled' },
  succeeded: {},
  failed: {},
  cancelled: {},
  rejected: {},
};

export interface InvalidTransition {
  from: RunState;
  event: RunEvent;
  message: string;
}

/** The state a run moves to on an event, or why it cannot. */
export function transition(from: RunState, event: RunEvent): Result<RunState, InvalidTransition> {
  const to = TRANSITIONS[from][event];
  if (to) return ok(to);
  const message = TERMINAL_STATES.includes(from)
    ? `the run already ended (${from})`
    : `a ${from.replace('_', ' ')} run cannot ${event.replace('_', ' ')}`;
  return err({ from, event, message });
}

export const isTerminal = (state: RunState): boolean => TERMINAL_STATES.includes(state);
