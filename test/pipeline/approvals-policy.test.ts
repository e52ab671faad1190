import { describe, expect, it } from 'vitest';
import { checkDecision, checkOperator } from '../../src/pipeline/approvals/policy.js';

const now = new Date('2026-11-29T10:00:00Z');
const pending = {
  state: 'pending',
  decidedBy: null,
  expiresAt: new Date('2026-11-30T10:00:00Z'),
  approvers: ['slack:UAPPROVER', 'slack:UREQ'],
  requestedBy: 'slack:UREQ',
};

describe('checkDecision', () => {
  it('lets an approver who is not the requester decide', () => {
    expect(checkDecision(pending, 'slack:UAPPROVER', false, now)).toEqual({ ok: true, value: true });
  });
  it('refuses a non-approver and names the approvers', () => {
    expect(checkDecision(pending, 'slack:UOTHER', false, now)).toEqual({
      ok: false,
      error: 'slack:UOTHER is not an approver; approvers: slack:UAPPROVER, slack:UREQ',
    });
  });
  it('refuses the requester under four-eyes, allows them when self-approval is on', () => {
    expect(checkDecision(pending, 'slack:UREQ', false, now)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/someone else must approve/),
    });
    expect(checkDecision(pending, 'slack:UREQ', true, now).ok).toBe(true);
  });
  it('refuses expired and already decided requests', () => {
    expect(checkDecision({ ...pending, expiresAt: now }, 'slack:UAPPROVER', false, now)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/expired at 2026-11-29 10:00 UTC/),
    });
    expect(
      checkDecision({ ...pending, state: 'approved', decidedBy: 'slack:UX' }, 'slack:UAPPROVER', false, now),
    ).toMatchObject({ ok: false, error: 'this request was already approved by slack:UX' });
  });
  it('refuses everyone when no approver is configured', () => {
    expect(checkDecision({ ...pending, approvers: [] }, 'slack:UAPPROVER', true, now)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no approvers are configured/),
    });
  });
});

describe('checkOperator', () => {
  it('allows anyone with no operators listed, else only those listed', () => {
    expect(checkOperator([], 'discord:1').ok).toBe(true);
    expect(checkOperator(['discord:1'], 'discord:1').ok).toBe(true);
    expect(checkOperator(['discord:1'], 'discord:2')).toEqual({
      ok: false,
      error: 'discord:2 may not start runs here; operators: discord:1',
    });
  });
});
