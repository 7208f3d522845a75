import type { EventName, EventOf } from '../../src-shared/contract/index.ts';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Typed fan-out of main-process events to whichever shells are attached (an Electron window, web sockets). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  /** Returns the function that detaches the listener. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
