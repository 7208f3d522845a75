import { PushError } from './push-errors.ts';
import { openSerialPort, type PortOpener } from './open-port.ts';
import { type LineEntry, SerialLink } from './serial-link.ts';
import { type PushContext, type PushOutcome, type PushPlan, runPush } from './push-session.ts';

export interface PortPushOptions extends Omit<PushContext, 'link'> {
  path: string;
  baudRate?: number;
  openPort?: PortOpener;
  onEntry?: (entry: LineEntry) => void;
}

/** The detect step (open the port) and then the push; the port is closed afterwards either way. */
export async function pushOverPort(plan: PushPlan, options: PortPushOptions): Promise<PushOutcome> {
  options.onStep?.({ step: 'detect', status: 'running', at: Date.now() });
  let link: SerialLink;
  try {
    const port = await (options.openPort ?? openSerialPort)(options.path, options.baudRate ?? 115200);
    link = new SerialLink(port);
  } catch (error) {
    const failure = error instanceof PushError ? error : new PushError('SERIAL_OPEN_FAILED', 'detect', `Cannot open ${options.path}: ${(error as Error).message}`);
    options.onStep?.({ step: 'detect', status: 'failed', at: Date.now(), code: failure.code, message: failure.message });
    throw failure;
  }
  options.onStep?.({ step: 'detect', status: 'ok', at: Date.now() });
  if (options.onEntry) link.on('entry', options.onEntry);
  try {
    return await runPush(plan, { ...options, link });
  } finally {
    await link.close();
  }
}
