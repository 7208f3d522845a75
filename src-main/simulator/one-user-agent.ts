import { createRequire } from 'node:module';

/**
 * The device SDKs build their user agent on every connect and registration through getos, which
 * on Linux runs `lsb_release -a` (a Python script, ~200 ms of CPU here). The answer never changes
 * within a process, so the fleet asks once: the shared getos module is replaced in the require
 * cache by a memo before any SDK loads it. Must be imported before the SDKs.
 */
type GetOsCallback = (error: Error | null, os?: unknown) => void;
type GetOs = (callback: GetOsCallback) => void;

const require = createRequire(import.meta.url);
const commonEntries = [
  'azure-iot-common',
  'azure-iot-provisioning-device-mqtt/node_modules/azure-iot-common',
  'azure-iot-provisioning-device-http/node_modules/azure-iot-common',
  'azure-iot-provisioning-device/node_modules/azure-iot-common',
];

function memoize(real: GetOs): GetOs {
  let answer: { error: Error | null; os?: unknown } | null = null;
  let waiting: GetOsCallback[] | null = null;
  return (callback) => {
    if (answer) {
      const { error, os } = answer;
      process.nextTick(() => callback(error, os));
      return;
    }
    if (waiting) {
      waiting.push(callback);
      return;
    }
    waiting = [callback];
    real((error, os) => {
      answer = { error, os };
      const callbacks = waiting ?? [];
      waiting = null;
      for (const cb of callbacks) cb(error, os);
    });
  };
}

let installed = false;

/** Installs the memo for every copy of getos the SDKs resolve; returns how many were replaced. */
export function installOneUserAgent(): number {
  if (installed) return 0;
  installed = true;
  const paths = new Set<string>();
  for (const entry of commonEntries) {
    try {
      paths.add(createRequire(require.resolve(entry)).resolve('getos'));
    } catch {
      // that nested copy is not installed: nothing to replace
    }
  }
  for (const path of paths) {
    const real = require(path) as GetOs;
    const cached = require.cache[path];
    if (cached) cached.exports = memoize(real);
  }
  return paths.size;
}
