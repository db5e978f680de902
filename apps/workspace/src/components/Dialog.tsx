import type { ReactNode } from 'react';

/** A panel with a title and a close button (the history, the shortcut help). */
export function Dialog({
  className,
  title,
  closeLabel,
  onClose,
  children,
}: {
  className: string;
  title: string;
  /** The close button's accessible name. */
  closeLabel: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <div className={className} role="dialog" aria-label={title}>
      <header>
        <h3>{title}</h3>
        <button type="button" onClick={onClose} aria-label={closeLabel}>
          ✕
        </button>
      </header>
      {children}
    </div>
  );
}
