// A popup menu (context menu and toolbar drop-down): arrow keys move, Enter runs, Esc or a click
// outside closes, focus returns to the opener. Positioned in viewport pixels and kept on screen.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Icon, type IconName } from './icons/icon';

export type MenuEntry =
  | {
      readonly kind: 'item';
      readonly id: string;
      readonly label: string;
      readonly icon?: IconName;
      readonly disabled?: boolean;
      readonly danger?: boolean;
      readonly hint?: string;
      readonly tone?: string;
    }
  | { readonly kind: 'separator' };

export interface MenuProps {
  readonly entries: readonly MenuEntry[];
  readonly xPx: number;
  readonly yPx: number;
  readonly label: string;
  readonly testId: string;
  readonly onPick: (id: string) => void;
  readonly onClose: () => void;
}

export function Menu({ entries, xPx, yPx, label, testId, onPick, onClose }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: xPx, top: yPx });

  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const box = el.getBoundingClientRect();
    setPos({
      left: Math.max(4, Math.min(xPx, window.innerWidth - box.width - 4)),
      top: Math.max(4, Math.min(yPx, window.innerHeight - box.height - 4)),
    });
    el.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [xPx, yPx]);

  // The latest onClose, so the listeners below are set up once per menu and not on every render.
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const onDown = (e: MouseEvent): void => {
      if (ref.current !== null && !ref.current.contains(e.target as Node)) closeRef.current();
    };
    const onBlur = (): void => closeRef.current();
    window.addEventListener('mousedown', onDown, true);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('blur', onBlur);
      before?.focus();
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent): void => {
    const items = [
      ...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []),
    ];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
      next?.focus();
    } else if (e.key === 'Home') items[0]?.focus();
    else if (e.key === 'End') items[items.length - 1]?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      data-testid={testId}
      style={pos}
      onKeyDown={onKeyDown}
    >
      {entries.map((entry, i) =>
        entry.kind === 'separator' ? (
          <div key={`sep-${i}`} className="menu-separator" role="separator" />
        ) : (
          <div
            key={entry.id}
            role="menuitem"
            tabIndex={-1}
            aria-disabled={entry.disabled === true ? true : undefined}
            className={`menu-item${entry.danger === true ? ' danger' : ''}`}
            data-testid={`menu-${entry.id}`}
            onClick={() => {
              if (entry.disabled === true) return;
              onClose();
              onPick(entry.id);
            }}
            onKeyDown={(e) => {
              if ((e.key === 'Enter' || e.key === ' ') && entry.disabled !== true) {
                e.preventDefault();
                onClose();
                onPick(entry.id);
              }
            }}
          >
            <span className="menu-icon">
              {entry.icon !== undefined && <Icon name={entry.icon} className={entry.tone} />}
            </span>
            <span className="menu-label">{entry.label}</span>
            {entry.hint !== undefined && <span className="menu-hint">{entry.hint}</span>}
          </div>
        ),
      )}
    </div>
  );
}
