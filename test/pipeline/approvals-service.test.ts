import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';
import { getApproval, listAudit } from '../../src/db/repositories/approvals.js';
import { getRun, insertRun } from '../../src/db/repositories/runs.js';
import { silentLogger } from '../../src/logger.js';
import {
  type ApprovalDeps,
  decide,
  expireDue,
  requestApproval,
} from '../../src/pipeline/approvals/service.js';
import { err, ok } from '../../src/shared/result.js';
import { createTestDb, type TestDb, testBackends } from '../helpers/test-db.js';

const config = parseConfigText(
  `servers: [{ name: sim, executor: local, tao: "builtin:simulator", workdir: /tmp/x, gpus: 1 }]
models: { ssd_resnet18: { spec: /tmp/spec.txt } }
access: { approvers: ["slack:UAPPROVER", "slack:UREQ"], selfApproval: false, approvalTtl: 1h }
`,
  { source: 'test', baseDir: '/tmp', env: {} },
);

describe.each(testBackends())('approvals on %s', (backend) => {
  let handle: TestDb;
  let now = new Date('2026-11-29T10:00:00Z');
  let kicks = 0;
  const deps = (): ApprovalDeps => ({
    db: handle.db,
    config,
    sinks: new Map(),
    logger: silentLogger(),
    kick: () => {
      kicks += 1;
    },
    now: () => now,
  });
  const pendingRetrain = async (source = 7) => {
    const run = await insertRun(handle.db, {
      kind: 'retrain',
      state: 'pending_approval',
      model: 'ssd_resnet18',
      network: 'ssd',
      server: 'sim',
      requestedBy: 'slack:UREQ',
      platform: 'slack',
      channelId: 'C1',
    });
    const approval = await requestApproval(
      deps(),
      { kind: 'retrain', run, requestedBy: 'slack:UREQ', subject: { sourceRunId: source, threshold: 0.3 } },
      async () => ({ platform: 'slack', channelId: 'C1', messageRef: `${run.id}.000` }),
    );
    return { run, approval };
  };

  beforeAll(async () => {
    handle = await createTestDb(backend);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('lets exactly one of 20 simultaneous approve clicks through and starts one retrain', async () => {
    const { run, approval } = await pendingRetrain(1);
    kicks = 0;
    const clicks = await Promise.all(
      Array.from({ length: 20 }, () => decide(deps(), approval.id, 'slack:UAPPROVER', 'approved')),
    );
    expect(clicks.filter((c) => c.ok)).toHaveLength(1);
    expect(
      clicks.filter((c) => !c.ok).every((c) => !c.ok && /already approved by slack:UAPPROVER/.test(c.error)),
    ).toBe(true);
    expect((await getRun(handle.db, run.id))?.state).toBe('queued');
    expect(kicks).toBe(1);
    const audit = await listAudit(handle.db, `approval:${approval.id}`);
    expect(audit.filter((a) => a.action === 'approve' && a.allowed)).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'approve' && !a.allowed)).toHaveLength(19);
  });

  it('refuses and audits a non-approver and the requester, and leaves the request pending', async () => {
    const { run, approval } = await pendingRetrain(2);
    expect(await decide(deps(), approval.id, 'slack:UOTHER', 'approved')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not an approver/),
    });
    expect(await decide(deps(), approval.id, 'slack:UREQ', 'approved')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/someone else must approve/),
    });
    expect((await getApproval(handle.db, approval.id))?.state).toBe('pending');
    expect((await getRun(handle.db, run.id))?.state).toBe('pending_approval');
    const audit = await listAudit(handle.db, `approval:${approval.id}`);
    expect(audit.map((a) => [a.actor, a.allowed])).toEqual([
      ['slack:UREQ', true],
      ['slack:UOTHER', false],
      ['slack:UREQ', false],
    ]);
  });

  it('cannot use an expired approval, and expiry rejects its run', async () => {
    const { run, approval } = await pendingRetrain(3);
    now = new Date(now.getTime() + 2 * 3_600_000);
    expect(await decide(deps(), approval.id, 'slack:UAPPROVER', 'approved')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/expired at/),
    });
    expect(await expireDue(deps())).toBeGreaterThanOrEqual(1);
    expect((await getApproval(handle.db, approval.id))?.state).toBe('expired');
    expect((await getRun(handle.db, run.id))?.state).toBe('rejected');
  });

  it('voids an older request when the same prune is asked again, and one whose subject changed', async () => {
    const first = await pendingRetrain(4);
    const second = await pendingRetrain(4);
    expect((await getApproval(handle.db, first.approval.id))?.state).toBe('superseded');
    expect(await decide(deps(), first.approval.id, 'slack:UAPPROVER', 'approved')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/already superseded/),
    });
    const changed: ApprovalDeps = {
      ...deps(),
      subjectStillValid: async () => err('the retrain spec changed since the request'),
    };
    expect(await decide(changed, second.approval.id, 'slack:UAPPROVER', 'approved')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/void: the retrain spec changed/),
    });
    expect((await getRun(handle.db, second.run.id))?.state).toBe('rejected');
    const fine: ApprovalDeps = { ...deps(), subjectStillValid: async () => ok(true) };
    const third = await pendingRetrain(5);
    expect(await decide(fine, third.approval.id, 'slack:UAPPROVER', 'rejected')).toMatchObject({ ok: true });
    expect((await getRun(handle.db, third.run.id))?.state).toBe('rejected');
  });
});
