import { Injectable, signal } from '@angular/core';
import { BusyIds } from '../../../shared/busy-ids';
import { PagedList } from '../shared/paged-list';
import type { Secret } from './secrets.graphql';

/** Which row is being edited, and how: a new value (rotation) or its description. */
export interface SecretEdit {
  id: string;
  mode: 'value' | 'description';
}

/**
 * What the secrets tab shows. Values are never held here: they live in a form control only until
 * the API has them. Signals are read-only outside; `SecretsController` changes them.
 */
@Injectable()
export class SecretsState {
  readonly secrets = new PagedList<Secret>();
  private readonly creatingSignal = signal(false);
  private readonly createErrorSignal = signal<string | null>(null);
  private readonly editingSignal = signal<SecretEdit | null>(null);
  private readonly savingSignal = signal(false);
  private readonly editErrorSignal = signal<string | null>(null);
  private readonly actionErrorSignal = signal<string | null>(null);
  private readonly noticeSignal = signal<string | null>(null);

  readonly creating = this.creatingSignal.asReadonly();
  readonly createError = this.createErrorSignal.asReadonly();
  readonly editing = this.editingSignal.asReadonly();
  readonly saving = this.savingSignal.asReadonly();
  readonly editError = this.editErrorSignal.asReadonly();
  /** Secrets with a delete in flight. */
  readonly deleting = new BusyIds();
  readonly actionError = this.actionErrorSignal.asReadonly();
  /** A short confirmation of the last change ("Value of X replaced"). */
  readonly notice = this.noticeSignal.asReadonly();

  reset(): void {
    this.secrets.reset();
    this.createErrorSignal.set(null);
    this.editingSignal.set(null);
    this.editErrorSignal.set(null);
    this.deleting.clear();
    this.actionErrorSignal.set(null);
    this.noticeSignal.set(null);
  }

  setCreating(on: boolean, error: string | null = null): void {
    this.creatingSignal.set(on);
    this.createErrorSignal.set(error);
  }

  startEdit(edit: SecretEdit | null): void {
    this.editingSignal.set(edit);
    this.editErrorSignal.set(null);
  }

  setSaving(on: boolean, error: string | null = null): void {
    this.savingSignal.set(on);
    this.editErrorSignal.set(error);
  }

  setActionError(message: string | null): void {
    this.actionErrorSignal.set(message);
  }

  setNotice(message: string | null): void {
    this.noticeSignal.set(message);
  }
}
