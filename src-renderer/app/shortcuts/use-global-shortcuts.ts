import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  /** Ctrl/Cmd+1..9, zero-based. */
  onArea(index: number): void;
  /** '?' outside a text field. */
  onHelp(): void;
  /** Ctrl/Cmd+K. */
  onSearch(): void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** The console-wide keys; '?' is left alone inside text fields, where it is just a character. */
export function useGlobalShortcuts(handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const command = event.ctrlKey || event.metaKey;
      if (command && !event.altKey && /^[1-9]$/.test(event.key)) {
        event.preventDefault();
        latest.current.onArea(Number(event.key) - 1);
      } else if (command && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        latest.current.onSearch();
      } else if (event.key === '?' && !command && !event.altKey && !isTyping(event.target)) {
        event.preventDefault();
        latest.current.onHelp();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
