import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Result } from '../../src-shared/contract/result.ts';
import { IPC_EVENT, IPC_INVOKE, type BenchBridge } from '../../src-shared/contract/wire.ts';

// Runs sandboxed: bundled to CommonJS that requires nothing but 'electron'.
const bridge: BenchBridge = {
  invoke: (channel, payload) => ipcRenderer.invoke(IPC_INVOKE, channel, payload) as Promise<Result<unknown>>,
  subscribe(listener) {
    const relay = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, relay);
    };
  },
};

contextBridge.exposeInMainWorld('benchBridge', bridge);
