import type { Client as DeviceClient } from 'azure-iot-device';
import type { DeviceRunner, RunnerHost } from './device-runner.ts';
import { describe } from './describe-error.ts';
import { reportProperties } from './report-properties.ts';

const STEPS = [0, 25, 50, 75, 100];
const STEP_MS = 300;

/** A pretend firmware update that reports its progress through reported properties. */
export async function runFirmwareUpdate(runner: DeviceRunner, client: DeviceClient, host: RunnerHost, version: string): Promise<void> {
  try {
    const twin = await client.getTwin();
    for (const progress of STEPS) {
      if (runner.client !== client) return;
      await reportProperties(twin, { firmware: { targetVersion: version, status: progress < 100 ? 'downloading' : 'applied', progress } });
      host.log(runner.id, 'info', `firmware ${version}: ${progress}%`);
      if (progress < 100) await new Promise((resolve) => setTimeout(resolve, STEP_MS));
    }
    await reportProperties(twin, { firmware: { currentVersion: version, status: 'current' } });
  } catch (error) {
    runner.fail(`firmware update ${version} failed: ${describe(error)}`);
  }
}
