import type { ReactNode } from 'react';

export interface ScreenHeaderProps {
  title: string;
  backHref?: string;
  /** A back arrow for a step inside one screen (no URL of its own). */
  onBack?: () => void;
  actions?: ReactNode;
}

export function ScreenHeader({ title, backHref, onBack, actions }: ScreenHeaderProps) {
  return (
    <header className="screen-header">
      {backHref ? (
        <a className="icon-button" href={backHref} aria-label="Back">
          ←
        </a>
      ) : onBack ? (
        <button type="button" className="icon-button" onClick={onBack} aria-label="Back">
          ←
        </button>
      ) : null}
      <h1>{title}</h1>
      {actions ? <div className="screen-header-actions">{actions}</div> : null}
    </header>
  );
}
