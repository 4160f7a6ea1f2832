import { Injectable, computed, signal } from '@angular/core';
import { parseRunInput } from './run-input';

/** Which definition a run uses: the published version, or the draft (a "test run"). */
export type RunVersionChoice = 'published' | 'draft';

/** The flow a Run button starts: the fields of the flows list row or the editor's flow. */
export interface RunnableFlow {
  id: string;
  name: string;
  publishedVersion: number | null;
  draftRevision: number | null;
  archivedAt: string | null;
}

/**
 * The Run dialog: open or not, the version chosen, the JSON typed, and the start in flight.
 * Read-only from outside; `RunStartController` changes it.
 */
@Injectable()
export class RunStartState {
  private readonly _open = signal(false);
  private readonly _version = signal<RunVersionChoice>('published');
  private readonly _text = signal('{}');
  /** The text was typed by the user: a schema arriving later must not overwrite it. */
  private readonly _edited = signal(false);
  private readonly _loadingSchema = signal(false);
  private readonly _starting = signal(false);
  private readonly _error = signal<string | null>(null);

  readonly open = this._open.asReadonly();
  readonly version = this._version.asReadonly();
  readonly text = this._text.asReadonly();
  readonly edited = this._edited.asReadonly();
  readonly loadingSchema = this._loadingSchema.asReadonly();
  readonly starting = this._starting.asReadonly();
  readonly error = this._error.asReadonly();

  readonly parsed = computed(() => parseRunInput(this._text()));
  readonly inputError = computed(() => {
    const parsed = this.parsed();
    return parsed.ok ? null : parsed.message;
  });

  opened(version: RunVersionChoice): void {
    this._open.set(true);
    this._version.set(version);
    this._text.set('{}');
    this._edited.set(false);
    this._error.set(null);
    this._starting.set(false);
  }

  closed(): void {
    this._open.set(false);
  }

  chooseVersion(version: RunVersionChoice): void {
    this._version.set(version);
    this._error.set(null);
  }

  typed(text: string): void {
    this._text.set(text);
    this._edited.set(true);
    this._error.set(null);
  }

  schemaLoading(loading: boolean): void {
    this._loadingSchema.set(loading);
  }

  /** A sample input from the schema, unless the user already typed their own. */
  prefill(text: string): void {
    if (!this._edited()) this._text.set(text);
  }

  startBegan(): void {
    this._starting.set(true);
    this._error.set(null);
  }

  startFailed(message: string): void {
    this._starting.set(false);
    this._error.set(message);
  }

  startDone(): void {
    this._starting.set(false);
    this._open.set(false);
  }
}
