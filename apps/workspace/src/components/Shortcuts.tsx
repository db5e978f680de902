import { Dialog } from './Dialog.tsx';

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
    <Dialog className="shortcuts" title="Keyboard shortcuts" closeLabel="Close shortcuts" onClose={onClose}>
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
    </Dialog>
  );
}
