import type { ReactNode } from 'react';

export function Pane(props: { title: string; testId: string; className?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className={`pane ${props.className ?? ''}`} data-testid={props.testId} aria-label={props.title}>
      <header className="pane-header">
        <h2>{props.title}</h2>
        {props.actions}
      </header>
      <div className="pane-body">{props.children}</div>
    </section>
  );
}

/** What an empty pane says until its feature lands. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
