import type { ReactNode } from 'react';

export interface ScreenHeaderProps {
  title: string;
  backHref?: string;
  actions?: ReactNode;
}

export function ScreenHeader({ title, backHref, actions }: ScreenHeaderProps) {
  return (
    <header className="screen-header">
      {backHref ? (
        <a className="icon-button" href={backHref} aria-label="Back">
          ←
        </a>
      ) : null}
      <h1>{title}</h1>
      {actions ? <div className="screen-header-actions">{actions}</div> : null}
    </header>
  );
}
