/** The keyboard shortcuts, as the help panel shows them (App binds them). */
export const SHORTCUTS: [string, string][] = [
  ['Alt+A', 'Accept the selected (or oldest) waiting conversation'],
  ['Alt+N', 'Next conversation'],
  ['Alt+C', 'Close the selected conversation'],
  ['Alt+R', 'Focus the reply box'],
  ['Alt+H', 'Earlier conversations of this customer'],
  ['?', 'Show or hide this help'],
];

export function Shortcuts({ onClose }: { onClose: () => void }) {
  return (
    <div className="shortcuts" role="dialog" aria-label="Keyboard shortcuts">
      <header>
        <h3>Keyboard shortcuts</h3>
        <button type="button" onClick={onClose} aria-label="Close shortcuts">
          ✕
        </button>
      </header>
      <dl>
        {SHORTCUTS.map(([key, what]) => (
          <div key={key} className="row">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
