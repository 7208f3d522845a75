import { useState } from 'react';
import type { SerialPortInfo } from '../../../src-shared/contract/channels/serial.ts';
import { useEvent, useRequest, type ApiError } from '../../api/index.ts';

/** The ports present, kept current by 'serial:ports' (the main process polls while this is open). */
export function useSerialPorts(): { ports: SerialPortInfo[]; error: ApiError | undefined; loading: boolean } {
  const request = useRequest('serial:ports', {});
  const [pushed, setPushed] = useState<SerialPortInfo[]>();
  useEvent('serial:ports', ({ ports }) => setPushed(ports));
  return { ports: pushed ?? request.data?.ports ?? [], error: request.error, loading: request.loading && !pushed };
}
