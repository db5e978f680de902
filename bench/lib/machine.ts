import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** The machine a run was taken on (printed and stored with the figures). */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  node: string;
  memoryGiB: number;
  /** 1-minute load average at start and end: above the core count means other load was present. */
  loadAverage: { start: number; end?: number };
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: { start: loadavg()[0]! },
  };
}
