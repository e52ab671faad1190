import { describe, expect, it } from 'vitest';
import {
  appsQueryArgv,
  gpuQueryArgv,
  parseAppsQuery,
  parseGpuQuery,
} from '../../../src/pipeline/gpus/nvidia-smi.js';
import { readFixture } from '../../helpers/fixtures.js';

const UUID = 'GPU-10cca8ee-0b56-117d-313e-b2cba65021d8';
const fixture = (name: string) => readFixture('nvidia-smi', name);

describe('nvidia-smi argv', () => {
  it('asks for the six GPU fields and the four process fields as CSV, as argv arrays', () => {
    expect(gpuQueryArgv()).toEqual([
      'nvidia-smi',
      '--query-gpu=index,uuid,name,memory.used,memory.total,utilization.gpu',
      '--format=csv',
    ]);
    expect(appsQueryArgv()).toEqual([
      'nvidia-smi',
      '--query-compute-apps=pid,process_name,used_gpu_memory,gpu_uuid',
      '--format=csv',
    ]);
  });
});

describe('parseGpuQuery on the captured outputs', () => {
  it('reads the idle H200 with header and units, by the header (extra columns ignored)', () => {
    expect(parseGpuQuery(fixture('query-gpu.csv'))).toEqual({
      rows: [
        {
          index: 0,
          uuid: UUID,
          name: 'NVIDIA H200',
          memoryUsedMiB: 0,
          memoryTotalMiB: 143771,
          utilizationPercent: 0,
        },
      ],
      skipped: 0,
    });
  });

  it('reads the idle output without header and units by position', () => {
    const parsed = parseGpuQuery(fixture('query-gpu-idle-noheader.csv'));
    expect(parsed.skipped).toBe(0);
    expect(parsed.rows).toEqual([
      {
        index: 0,
        uuid: UUID,
        name: 'NVIDIA H200',
        memoryUsedMiB: 0,
        memoryTotalMiB: 143771,
        utilizationPercent: 0,
      },
    ]);
  });

  it('reads the H200 under load', () => {
    const [gpu] = parseGpuQuery(fixture('query-gpu-busy.csv')).rows;
    expect(gpu).toMatchObject({
      index: 0,
      memoryUsedMiB: 1395,
      memoryTotalMiB: 143771,
      utilizationPercent: 100,
    });
  });
});

describe('parseGpuQuery on the documented variants', () => {
  it('reads a header without units in the values (`--format=csv,nounits`)', () => {
    const text =
      'index, uuid, name, memory.used [MiB], memory.total [MiB], utilization.gpu [%]\n' +
      '0, GPU-a, NVIDIA RTX A4000, 15012, 16376, 97\n1, GPU-b, NVIDIA GeForce RTX 2070, 1, 8192, 0\n';
    const parsed = parseGpuQuery(text);
    expect(parsed.skipped).toBe(0);
    expect(parsed.rows.map((r) => [r.index, r.name, r.memoryUsedMiB, r.utilizationPercent])).toEqual([
      [0, 'NVIDIA RTX A4000', 15012, 97],
      [1, 'NVIDIA GeForce RTX 2070', 1, 0],
    ]);
  });

  it('follows the header when the columns come in another order', () => {
    const text =
      'uuid, utilization.gpu [%], index, memory.total [MiB], memory.used [MiB], name\nGPU-x, 5 %, 3, 8192 MiB, 700 MiB, Tesla T4\n';
    expect(parseGpuQuery(text).rows).toEqual([
      {
        index: 3,
        uuid: 'GPU-x',
        name: 'Tesla T4',
        memoryUsedMiB: 700,
        memoryTotalMiB: 8192,
        utilizationPercent: 5,
      },
    ]);
  });

  it('reads [N/A] and [Not Supported] as no value', () => {
    const text = '0, GPU-a, NVIDIA Jetson, [N/A], [N/A], [Not Supported]\r\n';
    expect(parseGpuQuery(text).rows[0]).toMatchObject({
      memoryUsedMiB: null,
      memoryTotalMiB: null,
      utilizationPercent: null,
    });
  });

  it('counts garbage lines and keeps the good rows, never throwing', () => {
    const text = [
      'NVIDIA-SMI has failed because it couldn\u2019t communicate with the NVIDIA driver.',
      '0, GPU-a, NVIDIA A100, 10 MiB, 40960 MiB, 0 %',
      '1, GPU-b, NVIDIA A100, lots, 40960 MiB, 0 %',
      '2, GPU-c',
      '',
      '[N/A], GPU-d, NVIDIA A100, 0, 1, 0',
      '3, GPU-e, NVIDIA A100, 0 MiB, 40960 MiB, 0 %',
    ].join('\n');
    const parsed = parseGpuQuery(text);
    expect(parsed.rows.map((r) => r.index)).toEqual([0, 3]);
    expect(parsed.skipped).toBe(4);
    expect(parsed.firstSkipped).toMatch(/^NVIDIA-SMI has failed/);
    expect(parseGpuQuery('')).toEqual({ rows: [], skipped: 0 });
    expect(parseGpuQuery('\u0000\u0001,,,\n')).toMatchObject({ rows: [], skipped: 1 });
  });
});

describe('parseAppsQuery', () => {
  it('reads the idle output as no processes', () => {
    expect(parseAppsQuery(fixture('query-apps-idle.csv'))).toEqual({ rows: [], skipped: 0 });
  });

  it('reads the busy output: one python3 on the H200', () => {
    expect(parseAppsQuery(fixture('query-apps-busy.csv'))).toEqual({
      rows: [{ pid: 504, processName: 'python3', usedMemoryMiB: 1386, gpuUuid: UUID }],
      skipped: 0,
    });
  });

  it('reads rows without header by position, [N/A] memory, and a comma inside a process name', () => {
    const text =
      '504, python3, 1386, GPU-a\n' +
      '77, /opt/my, odd/bin/trainer, [N/A], GPU-b\n' +
      'not-a-pid, x, 1 MiB, GPU-c\n';
    const parsed = parseAppsQuery(text);
    expect(parsed.rows).toEqual([
      { pid: 504, processName: 'python3', usedMemoryMiB: 1386, gpuUuid: 'GPU-a' },
      { pid: 77, processName: '/opt/my, odd/bin/trainer', usedMemoryMiB: null, gpuUuid: 'GPU-b' },
    ]);
    expect(parsed.skipped).toBe(1);
  });
});
