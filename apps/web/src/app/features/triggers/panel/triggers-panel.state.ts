import { Injectable, computed, signal } from '@angular/core';
import { BusyIds } from '../../../shared/busy-ids';
import type { Trigger } from '../triggers.graphql';
import type { FormProblem, TriggerForm } from '../shared/trigger-form';

/** A webhook URL just created or rotated: the token is in it, so it is shown once and forgotten. */
export interface RevealedUrl {
  triggerId: string;
  url: string;
  curl: string;
  rotated: boolean;
}

/** The form being edited: a new trigger (`id` null) or an existing one. */
export interface EditedTrigger {
  id: string | null;
  initial: TriggerForm;
}

/** What the triggers panel of one flow shows. Written by `TriggersPanelController` only. */
@Injectable()
export class TriggersPanelState {
  readonly load = signal<'loading' | 'error' | 'ready'>('loading');
  readonly loadError = signal<string | null>(null);
  readonly triggers = signal<readonly Trigger[]>([]);
  readonly editing = signal<EditedTrigger | null>(null);
  readonly saving = signal(false);
  readonly saveError = signal<string | null>(null);
  /** The API's problems with the last save, each placed on the form field it names. */
  readonly saveProblems = signal<readonly FormProblem[]>([]);
  readonly revealed = signal<RevealedUrl | null>(null);
  /** Triggers with a toggle, rotation or deletion in flight. */
  readonly busy = new BusyIds();
  readonly actionError = signal<string | null>(null);

  readonly editedTrigger = computed(() => {
    const id = this.editing()?.id;
    return id ? (this.triggers().find((t) => t.id === id) ?? null) : null;
  });

  reset(): void {
    this.load.set('loading');
    this.loadError.set(null);
    this.triggers.set([]);
    this.editing.set(null);
    this.saving.set(false);
    this.clearSaveRefusal();
    this.revealed.set(null);
    this.busy.clear();
    this.actionError.set(null);
  }

  upsert(trigger: Trigger): void {
    this.triggers.update((list) =>
      list.some((t) => t.id === trigger.id)
        ? list.map((t) => (t.id === trigger.id ? trigger : t))
        : [...list, trigger],
    );
  }

  remove(id: string): void {
    this.triggers.update((list) => list.filter((t) => t.id !== id));
  }

  /** Forgets the API's refusal of the last save (its message and its field problems). */
  clearSaveRefusal(): void {
    this.saveError.set(null);
    this.saveProblems.set([]);
  }
}
