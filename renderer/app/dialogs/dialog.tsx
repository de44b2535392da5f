/**
 * A modal dialog on the native <dialog> element: showModal() gives focus containment, Escape to close and
 * the inert background for free; the title names it for assistive technology. When it closes, focus goes
 * back to what opened it (React removes the element before the browser could), or, when that is gone
 * (its row was re-rendered, its toolbar went with the selection), to the grid or tree it was in or next to —
 * never to the page body.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Wider dialogs for editors with lists. */
  size?: 'normal' | 'wide';
}

/** Where focus goes back to: the opener, else the first of its containers that is still on the page and focusable. */
function focusReturn(opener: Element | null): () => void {
  // Found now, while the opener is still on the page: it may go with the dialog's work (a bulk action's bar).
  const fallbacks = [opener?.closest('[role="grid"], [role="tree"], [role="table"]'), opener?.closest('dialog'), opener?.closest('.pane')?.querySelector('[role="grid"], [role="table"]')];
  return () => {
    for (const candidate of [opener, ...fallbacks]) {
      if (candidate instanceof HTMLElement && candidate.isConnected) {
        candidate.focus();
        if (document.activeElement === candidate) return;
      }
    }
    document.querySelector<HTMLElement>('.console__body [role="grid"], .console__body [role="tree"]')?.focus();
  };
}

export function Dialog({ title, onClose, children, size = 'normal' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Latest onClose without re-running the effect (which would close and reopen the dialog).
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const restore = focusReturn(document.activeElement);
    if (!dialog.open) dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      restore();
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog dialog--${size}`} aria-labelledby={titleId}>
      <div className="dialog__header">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <button type="button" className="button button--quiet" aria-label="Close dialog" onClick={() => close.current()}>
          ✕
        </button>
      </div>
      <div className="dialog__body">{children}</div>
    </dialog>
  );
}
