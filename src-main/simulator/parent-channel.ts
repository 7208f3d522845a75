import type { ChildMessage, ParentMessage } from './protocol.ts';

/** The fleet process's line to the console: Node's IPC when forked, the parent port in an Electron utility process. */
export interface ParentChannel {
  send(message: ChildMessage): void;
  onMessage(listener: (message: ParentMessage) => void): void;
  /** Called when the parent is gone (Node IPC only; a utility process ends with its parent). */
  onGone(listener: () => void): void;
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function parentChannel(): ParentChannel {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data as ParentMessage)),
      onGone: () => undefined,
    };
  }
  return {
    send: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ParentMessage)),
    onGone: (listener) => process.on('disconnect', listener),
  };
}
