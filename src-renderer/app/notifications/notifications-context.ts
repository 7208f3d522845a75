import { createContext, useContext } from 'react';

export type NoticeSeverity = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
  /** Already translated; the caller knows the words. */
  message: string;
  severity?: NoticeSeverity;
}

export type Notify = (notice: Notice) => void;

export const NotificationsContext = createContext<Notify>(() => {
  throw new Error('useNotify() needs <NotificationsProvider> above it');
});

/** Shows a message in the console's snackbar queue, one after another, e.g. notify({ message: t(savedKey), severity: 'success' }). */
export function useNotify(): Notify {
  return useContext(NotificationsContext);
}
