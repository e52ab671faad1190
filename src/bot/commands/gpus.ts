import { listRunsInStates } from '../../db/repositories/runs.js';
import {
  type GpuHolder,
  type InventoryGpu,
  readServerInventory,
  type ServerInventory,
} from '../../pipeline/gpus/inventory.js';
import { GPU_HOLDING_STATES } from '../../pipeline/runs/run-state.js';
import type { Card } from '../core/types.js';
import type { Command } from '../services.js';

const NAME = /^[a-z0-9][a-z0-9_.-]*$/i;
const HEADERS = ['GPU', 'name', 'memory used / total', 'util', 'held by'];
const ALIGN: Array<'left' | 'right'> = ['right', 'left', 'right', 'right', 'left'];

const mib = (value: number | null): string => (value === null ? '?' : String(Math.round(value)));

function heldBy(holder: GpuHolder, gpu?: InventoryGpu): string {
  if (holder.kind === 'run') return `run #${holder.runId}`;
  if (holder.kind === 'free') return 'free';
  if (holder.apps.length === 0) {
    return `another process (${mib(gpu?.memoryUsedMiB ?? null)} MiB in use, none listed)`;
  }
  const apps = holder.apps.map(
    (a) =>
      `${a.processName ?? 'process'} (pid ${a.pid}${a.usedMemoryMiB === null ? '' : `, ${mib(a.usedMemoryMiB)} MiB`})`,
  );
  return `another process: ${apps.join(', ')}`;
}

/** The card of one server: its GPUs from nvidia-smi, or from the configuration when there is none to ask. */
export function gpuCard(inventory: ServerInventory): Card {
  const { server, configured } = inventory;
  if (inventory.source === 'nvidia-smi') {
    const free = inventory.gpus.filter((g) => g.index < configured && g.holder.kind === 'free').length;
    const notes = [`${free} of ${configured} free for taobot`];
    if (inventory.gpus.length !== configured) {
      notes.push(
        `nvidia-smi lists ${inventory.gpus.length}, taobot uses GPUs 0–${configured - 1} (gpus: ${configured})`,
      );
    }
    if (inventory.skipped > 0) notes.push(`${inventory.skipped} line(s) of nvidia-smi output not understood`);
    notes.push(`nvidia-smi at ${inventory.at.toISOString().slice(11, 19)} UTC`);
    return {
      title: `GPUs on ${server}`,
      ...(inventory.appsError
        ? { lines: [`Processes unknown (${inventory.appsError}): busy GPUs are judged by memory in use.`] }
        : {}),
      table: {
        headers: HEADERS,
        rows: inventory.gpus.map((g) => [
          String(g.index),
          g.name ?? '?',
          `${mib(g.memoryUsedMiB)} / ${mib(g.memoryTotalMiB)} MiB`,
          g.utilizationPercent === null ? '?' : `${g.utilizationPercent} %`,
          heldBy(g.holder, g) + (g.index >= configured ? ' · not used by taobot' : ''),
        ]),
        align: ALIGN,
      },
      footer: notes.join(' · '),
    };
  }
  const table = {
    headers: HEADERS,
    rows: inventory.gpus.map((g) => [
      String(g.index),
      inventory.source === 'simulated' ? 'simulated GPU' : '—',
      '—',
      '—',
      heldBy(g.holder),
    ]),
    align: ALIGN,
  };
  const free = inventory.gpus.filter((g) => g.holder.kind === 'free').length;
  const footer = `${free} of ${configured} free for taobot, by taobot’s own runs`;
  if (inventory.source === 'error') {
    return {
      title: `GPUs on ${server}: nvidia-smi gave no answer`,
      tone: 'warning',
      lines: [
        `nvidia-smi on ${server}: ${inventory.error}`,
        'Placement goes by taobot’s own runs until it answers.',
      ],
      table,
      footer,
    };
  }
  if (inventory.source === 'simulated') {
    return {
      title: `[SIMULATED] GPUs on ${server}`,
      lines: [
        `${server} runs taobot’s TAO simulator: these ${configured} GPUs are simulated, there is no nvidia-smi and nothing is measured.`,
      ],
      table,
      footer,
    };
  }
  return {
    title: `GPUs on ${server} (Slurm)`,
    lines: [
      `Slurm allocates the GPUs of its nodes; nvidia-smi on the login node would not show them. taobot uses up to ${configured} at a time.`,
    ],
    table,
    footer,
  };
}

/**
 * `/gpus [server]`: one table per server (index, name, memory used/total, utilization, held by). Read-only; the
 * servers are asked in parallel, each within nvidia-smi's time limit.
 *
 * @example
 * /gpus        → GPUs on gpu1 · 0 NVIDIA H200 1395 / 143771 MiB 100 % another process: python3 (pid 504, 1386 MiB)
 * /gpus sim    → [SIMULATED] GPUs on sim
 */
export const gpusCommand: Command = {
  name: 'gpus',
  description: 'Show each server’s GPUs: memory, utilization and who holds them',
  sideEffects: [],
  help: 'Asks nvidia-smi on each GPU server (or one: /gpus gpu1) for its GPUs and compute processes, and shows which taobot run holds each GPU. Simulated servers and Slurm clusters are shown from the configuration.',
  options: [
    {
      name: 'server',
      type: 'string',
      positional: true,
      description: 'only this server',
      pattern: NAME,
      patternHint: 'must be a server name',
    },
  ],
  async run({ options, reply, services }) {
    const wanted = options.server as string | undefined;
    const servers = services.config.servers.filter((s) => wanted === undefined || s.name === wanted);
    if (servers.length === 0) {
      await reply.ephemeral({
        title: `/gpus: there is no server ${wanted}`,
        tone: 'warning',
        lines: [`Servers: ${services.config.servers.map((s) => s.name).join(', ')}`],
      });
      return;
    }
    const holders = await listRunsInStates(services.db, GPU_HOLDING_STATES);
    const inventories = await Promise.all(
      servers.map((s) =>
        readServerInventory(
          s,
          () => services.executorFor(s),
          holders.filter((r) => r.server === s.name),
        ),
      ),
    );
    for (const inventory of inventories) await reply.post(gpuCard(inventory));
  },
};
