import { fileURLToPath } from 'node:url';
import type { ConfigInput } from './schema.js';

/** NVIDIA's sample SSD-ResNet18 KITTI specs, shipped with taobot under `specs/`. */
export const SAMPLE_SPECS_DIR = fileURLToPath(new URL('../../specs/', import.meta.url));

/** The marker in `servers[].tao` and `devices[].trtexec` that selects taobot's built-in TAO simulator. */
export const SIMULATOR = 'builtin:simulator';

/**
 * What `npm start` runs with no configuration file (design §3): the terminal adapter, embedded PGlite under
 * `.taobot/`, one local server running the simulator, a simulated Jetson, and NVIDIA's sample SSD specs.
 */
export function embeddedDefaults(dataDir = '.taobot'): ConfigInput {
  return {
    dataDir,
    chat: { shell: true },
    servers: [
      {
        name: 'sim',
        executor: 'local',
        tao: SIMULATOR,
        taoVersion: 5,
        workdir: `${dataDir}/runs`,
        gpus: 2,
      },
    ],
    // One terminal, two people: `@reviewer /approve 1` approves as the reviewer (see the README).
    access: { approvers: ['shell:reviewer'], selfApproval: false },
    devices: [
      {
        name: 'sim-jetson',
        trtexec: SIMULATOR,
        taoConverter: SIMULATOR,
        workdir: `${dataDir}/devices/sim-jetson`,
      },
    ],
    models: {
      ssd_resnet18: {
        network: 'ssd',
        spec: `${SAMPLE_SPECS_DIR}ssd_train_resnet18_kitti.txt`,
        retrainSpec: `${SAMPLE_SPECS_DIR}ssd_retrain_resnet18_kitti.txt`,
        key: 'nvidia_tlt',
        targetMap: 0.7,
      },
    },
  };
}
