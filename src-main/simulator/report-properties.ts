import type { Twin } from 'azure-iot-device';

/** `twin.properties.reported.update` has only a callback form (without one the SDK throws later): promised here. */
export function reportProperties(twin: Twin, patch: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    twin.properties.reported.update(patch, (error?: Error) => (error ? reject(error) : resolve()));
  });
}
