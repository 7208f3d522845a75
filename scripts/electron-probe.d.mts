/** Verdict of scripts/electron-probe.mjs: whether the Electron binary can run here, and if not, why. */
export type ElectronProbe = { usable: true; executablePath: string; version: string } | { usable: false; reason: string };
export function probeElectron(options?: { timeoutMs?: number }): ElectronProbe;
