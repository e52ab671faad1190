import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createSshExecutor } from '../../../src/pipeline/executors/ssh.js';
import { sshServices } from '../../helpers/remote-services.js';

const controlDir = await mkdtemp('/tmp/tb-readmany-');
const services = await sshServices(controlDir);
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  await rm(controlDir, { recursive: true, force: true });
});

describe.runIf(services !== null)('the SSH executor’s batched reads', () => {
  it('answers several reads in one round trip exactly as separate reads would', async () => {
    if (!services) throw new Error('unreachable: guarded by runIf');
    const ssh = createSshExecutor(services.gpu.options);
    cleanup.push(() => ssh.close());
    const dir = (await ssh.exec(['mktemp', '-d', '/tmp/taobot-readmany-XXXXXX'])).stdout.trim();
    cleanup.push(() => ssh.exec(['rm', '-rf', dir]));
    // Binary bytes, a line with "missing" in it, an empty file and one that does not exist.
    const binary = Buffer.from([0, 10, 13, 255, 10, 0x6d, 0x69, 0x73, 0x73, 0x69, 0x6e, 0x67, 10]);
    await ssh.write(`${dir}/a.bin`, binary);
    await ssh.write(`${dir}/b.txt`, 'missing\n12 34\nlast line without newline');
    await ssh.write(`${dir}/empty`, '');
    const requests = [
      { path: `${dir}/a.bin`, offset: 1, maxBytes: 100 },
      { path: `${dir}/nope`, offset: 0, maxBytes: 10 },
      { path: `${dir}/b.txt`, offset: 8, maxBytes: 6 },
      { path: `${dir}/empty`, offset: 0, maxBytes: 10 },
      { path: `${dir}/b.txt`, offset: 500, maxBytes: 10 },
    ];
    const batched = await ssh.readMany?.(requests);
    const separate = await Promise.all(requests.map((r) => ssh.read(r.path, r.offset, r.maxBytes)));
    expect(batched).toEqual(separate);
    expect(batched?.[0]?.data).toEqual(binary.subarray(1));
    expect(batched?.[1]).toBeNull();
    expect(batched?.[2]).toEqual({ data: Buffer.from('12 34\n'), size: 39 });
    expect(batched?.[4]).toEqual({ data: Buffer.alloc(0), size: 39 });
  });
});
