import { describe, expect, it } from 'vitest';
import {
  createTrtexecParser,
  dottedTensorrtVersion,
  parseTrtexecOutput,
  summarizeTrtexec,
} from '../../../src/pipeline/parsers/trtexec.js';
import { TRTEXEC_7, TRTEXEC_8 } from './samples.js';

describe('parseTrtexecOutput', () => {
  it('reads the TensorRT 8 performance summary and verdict', () => {
    expect(parseTrtexecOutput(TRTEXEC_8)).toEqual({
      throughputQps: 97.8649,
      latencyMeanMs: 10.7971,
      latencyP99Ms: 10.9744,
      latencyMinMs: 10.642,
      latencyMaxMs: 10.9861,
      latencyMedianMs: 10.7972,
      gpuComputeMeanMs: 10.1824,
      gpuComputeP99Ms: 10.39,
      passed: true,
      tensorrtVersion: '8.5.2',
      engineBuildSeconds: null,
      errors: [],
      // The banner, Enqueue Time and H2D Latency lines carry nothing the summary keeps.
      skipped: 3,
    });
  });

  it('reads the TensorRT 7 sections when each statistic has its own line', () => {
    expect(parseTrtexecOutput(TRTEXEC_7)).toMatchObject({
      throughputQps: 0,
      latencyMinMs: 13.1,
      latencyMaxMs: 14.2,
      latencyMeanMs: 13.4,
      latencyMedianMs: 13.3,
      latencyP99Ms: 13.9,
      gpuComputeMeanMs: 12.8239,
      gpuComputeP99Ms: 13.2598,
      passed: true,
      tensorrtVersion: null,
    });
  });

  it('reports nulls when only the GPU Compute block of TensorRT 7 is present', () => {
    const summary = parseTrtexecOutput(
      '[I] GPU Compute\n[I] mean: 12.8239 ms\n[I] percentile: 13.2598 ms at 99%\n',
    );
    expect(summary).toMatchObject({
      gpuComputeMeanMs: 12.8239,
      gpuComputeP99Ms: 13.2598,
      latencyMeanMs: null,
      passed: null,
    });
  });

  it('ignores percentiles other than 99% when TensorRT 7 prints them', () => {
    const summary = parseTrtexecOutput(
      '[I] Host Latency\n[I] percentile: 20 ms at 90%\n[I] percentile: 30 ms at 99%\n',
    );
    expect(summary.latencyP99Ms).toBe(30);
  });

  it('collects errors and a failed verdict when an engine build fails', () => {
    const text = [
      '[03/14/2023-10:00:00] [I] [TRT] [MemUsageChange] Init CUDA: CPU +203, GPU +0, now: CPU 221, GPU 2805 (MiB)',
      '[03/14/2023-10:00:01] [E] [TRT] 4: [network.cpp::validate::2789] Error Code 4: Internal Error (Network must have at least one output)',
      '[03/14/2023-10:00:01] [E] Engine could not be created from network',
      '&&&& FAILED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=model.onnx',
      '',
    ].join('\n');
    expect(parseTrtexecOutput(text)).toMatchObject({
      passed: false,
      tensorrtVersion: '8.6.1',
      errors: [
        '[TRT] 4: [network.cpp::validate::2789] Error Code 4: Internal Error (Network must have at least one output)',
        'Engine could not be created from network',
      ],
    });
  });

  it('collects tao-converter [ERROR] lines when the encoding key is wrong', () => {
    const text = [
      '[INFO] [MemUsageChange] Init CUDA: CPU +203, GPU +0, now: CPU 221, GPU 2805 (MiB)',
      '[ERROR] UffParser: Could not read buffer.',
      "[ERROR] Failed to parse the model, please check the encoding key to make sure it's correct",
      '',
    ].join('\n');
    const summary = parseTrtexecOutput(text);
    expect(summary.errors).toHaveLength(2);
    expect(summary.passed).toBeNull();
  });

  it('reads the engine build time and the printed TensorRT version when trtexec builds an engine', () => {
    const text =
      '[I] TensorRT version: 8.6.1\n[I] Engine built in 153.224 sec.\n&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec\n';
    expect(parseTrtexecOutput(text)).toMatchObject({
      engineBuildSeconds: 153.224,
      tensorrtVersion: '8.6.1',
      passed: null,
    });
  });
});

describe('summarizeTrtexec', () => {
  it('lets later values win when one output holds two runs', () => {
    const parser = createTrtexecParser();
    const events = [...parser.push(TRTEXEC_8), ...parser.push('[I] Throughput: 120 qps\n'), ...parser.end()];
    expect(summarizeTrtexec(events).throughputQps).toBe(120);
  });
});

describe('dottedTensorrtVersion', () => {
  it('decodes four-digit and six-digit version codes', () => {
    expect(dottedTensorrtVersion('8502')).toBe('8.5.2');
    expect(dottedTensorrtVersion('8601')).toBe('8.6.1');
    expect(dottedTensorrtVersion('100300')).toBe('10.3.0');
  });
});
