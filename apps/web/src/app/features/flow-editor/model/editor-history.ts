/**
 * Undo/redo over immutable snapshots. Definitions share their untouched parts (the domain's
 * operations never mutate), so keeping whole snapshots costs little and undo is a pointer swap.
 */
export interface EditorHistory<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

export const HISTORY_LIMIT = 200;

export const startHistory = <T>(present: T): EditorHistory<T> => ({ past: [], present, future: [] });

/** A new present; the redo branch is dropped. The same value again records nothing. */
export const record = <T>(history: EditorHistory<T>, next: T, limit = HISTORY_LIMIT): EditorHistory<T> => {
  if (next === history.present) return history;
  const past = [...history.past, history.present];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, present: next, future: [] };
};

export const undo = <T>(history: EditorHistory<T>): EditorHistory<T> => {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
  };
};

export const redo = <T>(history: EditorHistory<T>): EditorHistory<T> => {
  const [next, ...future] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future };
};
