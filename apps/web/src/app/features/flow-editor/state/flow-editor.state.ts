import { Injectable, computed, signal } from '@angular/core';
import {
  diffNestedGraphs,
  emptyDefinition,
  listGraphs,
  stepTypeRegistry,
  validateDefinition,
  type DefinitionDiff,
  type FieldProblem,
  type FlowDefinition,
  type FlowGraph,
  type GraphPath,
} from '@stepline/domain';
import type { FlowMeta, StepTypeEntry, VersionSummary } from '../flow-editor.graphql';
import { redo, record, startHistory, undo, type EditorHistory } from '../model/editor-history';
import { placeProblems, problemsByStep } from '../model/problem-locator';

/** What the canvas shows: the draft (editable), one version (read-only) or two versions compared. */
export type EditorView =
  | { readonly mode: 'draft' }
  | { readonly mode: 'version'; readonly number: number; readonly definition: FlowDefinition }
  | {
      readonly mode: 'diff';
      readonly from: number;
      readonly to: number | 'draft';
      readonly fromDefinition: FlowDefinition;
      readonly toDefinition: FlowDefinition;
      readonly diff: DefinitionDiff;
    };

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'error' | 'conflict';
export type LoadStatus = 'loading' | 'ready' | 'error';

export interface Notice {
  readonly kind: 'error' | 'info';
  readonly text: string;
}

/** Edits typed into one field within this window make one undo step. */
const COALESCE_MS = 1200;

/**
 * The flow editor's state as signals: the flow, the catalogue, the draft with its undo history,
 * the selection, the graph being shown (top level or a forEach body), save status and the view.
 * Everything is read-only from outside; `FlowEditorController` changes it through the methods
 * below, which hold no I/O and no decisions beyond bookkeeping.
 */
@Injectable()
export class FlowEditorState {
  private readonly _load = signal<LoadStatus>('loading');
  private readonly _loadError = signal<string | null>(null);
  private readonly _flow = signal<FlowMeta | null>(null);
  private readonly _catalogue = signal<readonly StepTypeEntry[]>([]);
  private readonly _history = signal<EditorHistory<FlowDefinition>>(startHistory(emptyDefinition()));
  private readonly _revision = signal(0);
  /** The definition the server holds at `revision` (what an autosave compares against). */
  private readonly _savedDefinition = signal<FlowDefinition>(emptyDefinition());
  private readonly _save = signal<SaveStatus>('saved');
  private readonly _saveError = signal<string | null>(null);
  private readonly _selection = signal<ReadonlySet<string>>(new Set());
  private readonly _scope = signal<GraphPath>([]);
  private readonly _view = signal<EditorView>({ mode: 'draft' });
  private readonly _notice = signal<Notice | null>(null);
  private readonly _publishProblems = signal<readonly FieldProblem[]>([]);
  private readonly _versions = signal<readonly VersionSummary[]>([]);
  private readonly _canEdit = signal(false);
  private readonly _secretNames = signal<readonly string[]>([]);
  /** False while the canvas holds validation back until its first paint (see `holdValidation`). */
  private readonly _validating = signal(true);
  private lastCoalesce: { key: string; at: number } | null = null;

  readonly load = this._load.asReadonly();
  readonly loadError = this._loadError.asReadonly();
  readonly flow = this._flow.asReadonly();
  readonly catalogue = this._catalogue.asReadonly();
  readonly revision = this._revision.asReadonly();
  readonly savedDefinition = this._savedDefinition.asReadonly();
  readonly save = this._save.asReadonly();
  readonly saveError = this._saveError.asReadonly();
  readonly selection = this._selection.asReadonly();
  readonly scope = this._scope.asReadonly();
  readonly view = this._view.asReadonly();
  readonly notice = this._notice.asReadonly();
  readonly versions = this._versions.asReadonly();
  readonly canEdit = this._canEdit.asReadonly();
  /** The tenant's secret names for `secrets.` autocomplete (none for roles that cannot list them). */
  readonly secretNames = this._secretNames.asReadonly();

  /** The draft as edited here (may be ahead of the server until the autosave lands). */
  readonly draft = computed(() => this._history().present);
  readonly canUndo = computed(() => this._history().past.length > 0);
  readonly canRedo = computed(() => this._history().future.length > 0);
  readonly readOnly = computed(
    () => !this._canEdit() || this._view().mode !== 'draft' || this._flow()?.archivedAt != null,
  );
  /** The definition on the canvas: the draft, the version opened, or the newer side of a diff. */
  readonly shown = computed<FlowDefinition>(() => {
    const view = this._view();
    if (view.mode === 'version') return view.definition;
    if (view.mode === 'diff') return view.toDefinition;
    return this.draft();
  });
  /** The graph at the current scope of the shown definition (falls back to the top level). */
  readonly graph = computed<FlowGraph>(() => graphAt(this.shown(), this._scope()));
  /** Compared versions: the diff of every forEach body that changed (none outside a diff). */
  readonly bodyDiffs = computed(() => {
    const view = this._view();
    return view.mode === 'diff' ? diffNestedGraphs(view.fromDefinition, view.toDefinition) : [];
  });
  readonly typesByName = computed(() => new Map(this._catalogue().map((t) => [t.type, t])));
  readonly stepIds = computed(
    () =>
      new Set(
        listGraphs(this.draft(), stepTypeRegistry).flatMap(({ graph }) => graph.steps.map((s) => s.id)),
      ),
  );
  /** Live validation with the shared validator: what publish would refuse, with JSON pointers. */
  readonly validation = computed(() =>
    this._validating() ? validateDefinition(this.draft()) : { ok: true, problems: [] },
  );
  readonly problems = computed(() => {
    const published = this._publishProblems();
    const own = this.validation().problems;
    const seen = new Set(own.map((p) => `${p.path} ${p.code}`));
    const extra = published.filter((p) => !seen.has(`${p.path} ${p.code}`));
    return placeProblems(this.draft(), [...own, ...extra]);
  });
  readonly problemsByStep = computed(() => problemsByStep(this.problems()));
  readonly selectedStep = computed(() => {
    const [only, ...more] = this._selection();
    if (only === undefined || more.length > 0) return undefined;
    return listGraphs(this.shown(), stepTypeRegistry)
      .flatMap(({ graph }) => graph.steps)
      .find((s) => s.id === only);
  });

  beginLoad(): void {
    this._load.set('loading');
    this._loadError.set(null);
  }

  failLoad(message: string): void {
    this._load.set('error');
    this._loadError.set(message);
  }

  loaded(
    flow: FlowMeta,
    catalogue: readonly StepTypeEntry[],
    definition: FlowDefinition,
    revision: number,
    canEdit: boolean,
  ): void {
    this._flow.set(flow);
    this._catalogue.set(catalogue);
    this._canEdit.set(canEdit);
    this.resetDraft(definition, revision);
    this._view.set({ mode: 'draft' });
    this._scope.set([]);
    this._load.set('ready');
  }

  /** A fresh draft from the server (open, reload after a conflict, after publish or rollback). */
  resetDraft(definition: FlowDefinition, revision: number): void {
    this._history.set(startHistory(definition));
    this._savedDefinition.set(definition);
    this._revision.set(revision);
    this._save.set('saved');
    this._saveError.set(null);
    this._publishProblems.set([]);
    this._selection.set(new Set());
    this.lastCoalesce = null;
  }

  updateFlow(flow: FlowMeta): void {
    this._flow.set(flow);
  }

  /**
   * Records an edit. Edits with the same `coalesce` key in quick succession (typing in one field)
   * replace each other in the history, so one undo takes back the whole burst.
   */
  edit(next: FlowDefinition, coalesce?: string): void {
    const now = Date.now();
    const history = this._history();
    const merge =
      coalesce !== undefined &&
      this.lastCoalesce?.key === coalesce &&
      now - this.lastCoalesce.at < COALESCE_MS &&
      history.past.length > 0;
    this._history.set(merge ? { ...history, present: next, future: [] } : record(history, next));
    this.lastCoalesce = coalesce !== undefined ? { key: coalesce, at: now } : null;
    this.markChanged();
  }

  undo(): void {
    this._history.update(undo);
    this.lastCoalesce = null;
    this.markChanged();
  }

  redo(): void {
    this._history.update(redo);
    this.lastCoalesce = null;
    this.markChanged();
  }

  private markChanged(): void {
    this._publishProblems.set([]);
    if (this._save() !== 'conflict') this._save.set('unsaved');
    const present = this.stepIds();
    const kept = [...this._selection()].filter((id) => present.has(id));
    if (kept.length !== this._selection().size) this._selection.set(new Set(kept));
  }

  savingStarted(): void {
    this._save.set('saving');
    this._saveError.set(null);
  }

  /** The server stored `definition` at `revision`; newer local edits keep the status unsaved. */
  saved(definition: FlowDefinition, revision: number): void {
    this._savedDefinition.set(definition);
    this._revision.set(revision);
    this._save.set(this.draft() === definition ? 'saved' : 'unsaved');
  }

  saveFailed(message: string): void {
    this._save.set('error');
    this._saveError.set(message);
  }

  conflicted(): void {
    this._save.set('conflict');
  }

  select(ids: Iterable<string>): void {
    this._selection.set(new Set(ids));
  }

  enterScope(scope: GraphPath): void {
    this._scope.set(scope);
    this._selection.set(new Set());
  }

  show(view: EditorView): void {
    this._view.set(view);
    this._selection.set(new Set());
    this._scope.set([]);
  }

  setNotice(notice: Notice | null): void {
    this._notice.set(notice);
  }

  setPublishProblems(problems: readonly FieldProblem[]): void {
    this._publishProblems.set(problems);
  }

  /**
   * The canvas paints a just-opened flow before validating it (all steps are validated, even the
   * ones not drawn: ≈ 50 ms for 500 steps), then calls `releaseValidation`.
   */
  holdValidation(): void {
    this._validating.set(false);
  }

  releaseValidation(): void {
    this._validating.set(true);
  }

  setSecretNames(names: readonly string[]): void {
    this._secretNames.set(names);
  }

  setVersions(versions: readonly VersionSummary[]): void {
    this._versions.set(versions);
  }
}

/** The graph at `scope` inside `definition`, or the top level when the path no longer resolves. */
export const graphAt = (definition: FlowDefinition, scope: GraphPath): FlowGraph => {
  let graph: FlowGraph = definition;
  for (const { stepId, field } of scope) {
    const nested = graph.steps.find((s) => s.id === stepId)?.config[field] as FlowGraph | undefined;
    if (!nested || !Array.isArray(nested.steps) || !Array.isArray(nested.edges)) return definition;
    graph = nested;
  }
  return graph;
};
