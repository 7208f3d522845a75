import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import type { SerialPortInfo } from '../../../src-shared/contract/channels/serial.ts';

type PortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];

export type PortLister = () => Promise<SerialPortInfo[]>;

/** The Linux USB gadget serial ids (g_serial), what a Pi running the agent presents. */
const GADGET = { vendorId: '0525', productId: 'a4a7' };

/** Maps a serialport-style list (udevadm on Linux: real tty kinds only, so a pty never shows: use a manual path). */
export function portLister(list: () => Promise<PortInfo[]> = () => SerialPort.list()): PortLister {
  return async () =>
    (await list()).map((p) => ({
      path: p.path,
      manufacturer: p.manufacturer ?? null,
      serialNumber: p.serialNumber ?? null,
      vendorId: p.vendorId?.toLowerCase() ?? null,
      productId: p.productId?.toLowerCase() ?? null,
      pnpId: p.pnpId ?? null,
      likelyAgent: p.vendorId?.toLowerCase() === GADGET.vendorId && p.productId?.toLowerCase() === GADGET.productId,
    }));
}

export const listSerialPorts: PortLister = portLister();

const signature = (ports: SerialPortInfo[]) => ports.map((p) => `${p.path}|${p.serialNumber ?? ''}|${p.vendorId ?? ''}:${p.productId ?? ''}`).sort().join('\n');

/**
 * Polls the port list (plug and unplug have no portable event; a vanished pty gives none either)
 * every `intervalMs` and reports each change once. Also answers whether a manual path is present.
 */
export class PortWatcher {
  private readonly list: PortLister;
  private readonly intervalMs: number;
  private readonly onChange: (ports: SerialPortInfo[]) => void;
  private timer: NodeJS.Timeout | undefined;
  private last = '';
  private current: SerialPortInfo[] = [];
  private polling = false;

  constructor(list: PortLister, onChange: (ports: SerialPortInfo[]) => void, intervalMs = 1000) {
    this.list = list;
    this.onChange = onChange;
    this.intervalMs = intervalMs;
  }

  /** The ports now (a fresh list), and keeps watching from here on. */
  async ports(): Promise<SerialPortInfo[]> {
    await this.poll();
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref?.();
    return this.current;
  }

  /** Whether a port is there now: listed, or (a manual path such as a pty) present on disk. */
  async present(path: string): Promise<boolean> {
    if (this.current.some((p) => p.path === path)) return true;
    if (existsSync(path)) return true;
    await this.poll();
    return this.current.some((p) => p.path === path);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const ports = await this.list().catch(() => this.current);
      const sig = signature(ports);
      this.current = ports;
      if (sig !== this.last) {
        this.last = sig;
        this.onChange(ports);
      }
    } finally {
      this.polling = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
