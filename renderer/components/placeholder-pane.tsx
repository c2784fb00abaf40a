// The details pane when no single client is selected: a hint, a multi-selection summary, or a relay.
import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons/icon';

export interface PlaceholderPaneProps {
  readonly icon: IconName;
  readonly title: string;
  readonly children?: ReactNode;
  readonly testId: string;
}

export function PlaceholderPane({ icon, title, children, testId }: PlaceholderPaneProps) {
  return (
    <div className="placeholder" data-testid={testId}>
      <Icon name={icon} sizePx={40} className="tone-muted" />
      <h2>{title}</h2>
      {children}
    </div>
  );
}
