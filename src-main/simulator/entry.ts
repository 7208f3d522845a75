// The simulator fleet's own process: `node src-main/simulator/entry.ts`, started by the simulator
// service with an IPC channel. It prints nothing secret: keys arrive over IPC only, stderr carries
// failures without them. Announces itself with {type:'ready'} and exits when told to stop or
// when its parent goes away.
import { Fleet } from './fleet.ts';
import type { ChildMessage, ParentMessage } from './protocol.ts';
import { redactSecrets } from '../security/redact.ts';

let fleet: Fleet | null = null;
let unattributedErrors = 0;

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

// azure-iot-provisioning-device-mqtt throws "callback is not a function" out of its socket
// handler when a registration's connection drops; the device SDKs may throw from timers too.
// Those are one device's failure, never the fleet's: counted against the device whose callback
// threw (known through its async context), and the process keeps running.
process.on('uncaughtException', (error) => {
  if (fleet?.blame(error)) return;
  if (error instanceof TypeError && /azure-iot-/.test(error.stack ?? '')) {
    unattributedErrors += 1;
    process.stderr.write(`simulator: SDK error outside any device (${unattributedErrors}): ${redactSecrets(error.message)}\n`);
    return;
  }
  process.stderr.write(`simulator: ${redactSecrets(error.stack ?? String(error))}\n`);
  process.exit(1);
});
process.on('unhandledRejection', (reason) => {
  const error = reason instanceof Error ? reason : new Error(String(reason));
  if (fleet?.blame(error)) return;
  process.stderr.write(`simulator: unhandled rejection: ${redactSecrets(error.message)}\n`);
});

async function stop(code: number): Promise<never> {
  const running = fleet;
  fleet = null;
  if (running) await running.stop().catch(() => undefined);
  send({ type: 'stopped' });
  process.exit(code);
}

process.on('message', (raw: unknown) => {
  const message = raw as ParentMessage;
  switch (message.type) {
    case 'start':
      if (fleet) return;
      fleet = new Fleet(message.config, send);
      fleet.add(message.devices);
      return;
    case 'add':
      fleet?.add(message.devices);
      return;
    case 'remove':
      void fleet?.remove(message.ids);
      return;
    case 'pause':
    case 'resume':
      fleet?.setPaused(message.type === 'pause');
      return;
    case 'fault':
      fleet?.setFault(message.fault, message.active, message.ids);
      return;
    case 'reprovision':
      fleet?.reprovision(message.ids);
      return;
    case 'stop':
      void stop(0);
      return;
  }
});
// The parent went away (killed, crashed): close the devices and go, never linger as an orphan.
process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
// The SDKs are loaded by now: this is the fleet process's memory before any device.
send({ type: 'ready', pid: process.pid, rssKb: Math.round(process.memoryUsage.rss() / 1024) });
