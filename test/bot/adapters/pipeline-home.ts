import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPECS_DIR } from '../../helpers/taobot-process.js';

/**
 * A throwaway taobot home for the whole TAO workflow on one chat platform: the simulator with fast epochs as the
 * GPU server, one simulated Jetson, the sample train and retrain specs, and two approvers under four-eyes.
 * `chat` is the YAML value of `chat:` (the platform's settings, terminal off).
 */
export function pipelineHome(options: { prefix: string; chat: string; approvers: readonly string[] }): {
  dir: string;
  configText: string;
} {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  mkdirSync(join(dir, 'runs'), { recursive: true });
  const configText = `dataDir: ${join(dir, 'data')}
chat: ${options.chat}
servers:
  - { name: sim, executor: local, tao: "builtin:simulator", taoVersion: 5, workdir: ${join(dir, 'runs')}, gpus: 2, env: { TAOBOT_SIM_EPOCH_MS: "40" } }
devices:
  - { name: jetson, trtexec: "builtin:simulator", taoConverter: "builtin:simulator", workdir: ${join(dir, 'jetson')} }
models:
  ssd_resnet18:
    network: ssd
    spec: ${join(SPECS_DIR, 'ssd_train_resnet18_kitti.txt')}
    retrainSpec: ${join(SPECS_DIR, 'ssd_retrain_resnet18_kitti.txt')}
    key: test-key
access: { approvers: ${JSON.stringify(options.approvers)}, selfApproval: false }
pipeline: { reconcileIntervalMs: 100, maxMapDrop: 0.05 }
`;
  return { dir, configText };
}
