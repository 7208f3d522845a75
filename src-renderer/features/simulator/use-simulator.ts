import { useEffect, useMemo, useState } from 'react';
import type { DeviceLogLine, SimulatedDevice, SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';
import { useEvent, useRequest, type ApiError } from '../../api/index.ts';

/** The fleet's status: asked once, then kept current by 'simulator:status' (once a second while a fleet runs). */
export function useSimulatorStatus(): { status: SimulatorStatus | undefined; error: ApiError | undefined; setStatus(status: SimulatorStatus): void } {
  const request = useRequest('simulator:status', {});
  const [pushed, setPushed] = useState<SimulatorStatus>();
  useEvent('simulator:status', setPushed);
  useEffect(() => {
    if (request.data) setPushed(request.data);
  }, [request.data]);
  return { status: pushed ?? request.data, error: request.error, setStatus: setPushed };
}

/** Every simulated device, asked once (again when the fleet's pid changes) and merged with the batched updates. */
export function useSimulatedDevices(fleetKey: string): SimulatedDevice[] {
  const request = useRequest('simulator:devices', {});
  const { reload } = request;
  const [byId, setById] = useState<Map<string, SimulatedDevice>>(new Map());
  useEffect(() => reload(), [fleetKey, reload]);
  useEffect(() => {
    if (request.data) setById(new Map(request.data.devices.map((d) => [d.id, d])));
  }, [request.data]);
  useEvent('simulator:updates', ({ devices }) => {
    if (!devices.length) return;
    setById((current) => {
      const next = new Map(current);
      for (const device of devices) next.set(device.id, device);
      return next;
    });
  });
  return useMemo(() => [...byId.values()], [byId]);
}

/** One device's recent log lines, then its new lines as they arrive. */
export function useDeviceLog(id: string | null): DeviceLogLine[] {
  const request = useRequest('simulator:deviceLog', { id: id ?? '-' }, { skip: id === null });
  const [lines, setLines] = useState<DeviceLogLine[]>([]);
  useEffect(() => setLines(request.data?.lines ?? []), [request.data]);
  useEvent('simulator:updates', ({ logs }) => {
    const mine = logs.filter((line) => line.id === id);
    if (mine.length) setLines((current) => [...current, ...mine].slice(-500));
  });
  return id === null ? [] : lines;
}
