// A tiny observable store: the controller replaces the state object on every change, React reads it
// with useSyncExternalStore, so components re-render from one source of truth.
import { useSyncExternalStore } from 'react';

export class Store<S> {
  private listeners = new Set<() => void>();

  constructor(private current: S) {}

  get state(): S {
    return this.current;
  }

  update(change: (state: S) => S): void {
    this.current = change(this.current);
    this.listeners.forEach((listener) => listener());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
}

export function useStore<S>(store: Store<S>): S {
  return useSyncExternalStore(store.subscribe, () => store.state);
}
