/** "Columns…": a disclosure with one checkbox per column; the last visible column cannot be hidden. */
import { useEffect, useId, useRef, useState } from 'react';

interface ColumnChooserProps {
  columns: readonly { key: string; header: string }[];
  hidden: ReadonlySet<string>;
  onToggle(key: string): void;
}

export function ColumnChooser({ columns, hidden, onToggle }: ColumnChooserProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const visible = columns.filter((column) => !hidden.has(column.key)).length;

  // A click elsewhere closes it, as menus do.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && root.current?.contains(event.target) !== true) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointer);
    return () => window.removeEventListener('pointerdown', onPointer);
  }, [open]);

  return (
    <div
      className="column-chooser"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          root.current?.querySelector('button')?.focus();
        }
      }}
    >
      <button type="button" className="button button--quiet" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        Columns…
      </button>
      {open && (
        <fieldset id={panelId} className="column-chooser__panel">
          <legend>Show columns</legend>
          {columns.map((column) => {
            const shown = !hidden.has(column.key);
            return (
              <label key={column.key} className="checkbox">
                <input type="checkbox" checked={shown} disabled={shown && visible === 1} onChange={() => onToggle(column.key)} />
                {column.header}
              </label>
            );
          })}
        </fieldset>
      )}
    </div>
  );
}
