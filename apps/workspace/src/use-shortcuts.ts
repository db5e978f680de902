import { useEffect, useRef } from 'react';

/**
 * Alt+letter shortcuts anywhere, and `?` outside text fields. The latest handlers are read
 * through a ref, so the listener is bound once.
 */
export function useShortcuts(handlers: Record<string, () => void>): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.tagName === 'TEXTAREA' || target?.tagName === 'INPUT';
      // event.code: Alt+letter types other characters on some layouts (macOS)
      const letter = event.code.startsWith('Key') ? event.code.slice(3).toLowerCase() : event.key;
      const key =
        event.altKey && !event.ctrlKey && !event.metaKey ? letter : !typing && event.key === '?' ? '?' : null;
      const handler = key === null ? undefined : ref.current[key];
      if (!handler || (key !== '?' && !event.altKey)) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
