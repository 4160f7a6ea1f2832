import { DestroyRef, Injectable, inject } from '@angular/core';
import { Subscription, finalize } from 'rxjs';
import { placeProblems } from '../../../core/errors/field-problems';
import { detailedMessageForHttpError, messageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient, type TypedDocument } from '../../../core/graphql/graphql.client';
import { API_BASE_URL, apiUrl } from '../../../core/http/api-base-url';
import { curlExample } from '../shared/curl-example';
import {
  LIMITS,
  configFromForm,
  formFromTrigger,
  newTriggerForm,
  type FormProblem,
  type TriggerForm,
  type TriggerKind,
} from '../shared/trigger-form';
import {
  CreateTriggerDocument,
  DeleteTriggerDocument,
  FlowTriggersDocument,
  RotateTriggerTokenDocument,
  UpdateTriggerDocument,
  type Trigger,
  type TriggerWithToken,
} from '../triggers.graphql';
import { TriggersPanelState } from './triggers-panel.state';

/**
 * Where the API's problems with a trigger (JSON pointers into its input) sit in the form: next to
 * the control that edits the value (`/config/maxBodyBytes` → the KiB field). The rest (the kind,
 * auth type, style or mode, which the form only offers valid values for) join the message above
 * the buttons.
 */
const FORM_FIELD_OF_PATH = {
  version: 'version',
  'config/methods': 'methods',
  'config/auth/header': 'header',
  'config/auth/secret': 'secret',
  'config/auth/replayWindowSeconds': 'replayWindowSeconds',
  'config/timeoutSeconds': 'timeoutSeconds',
  'config/headers': 'headers',
  'config/maxBodyBytes': 'maxBodyKiB',
  'config/cron': 'cron',
  'config/timezone': 'timezone',
  'config/intervalSeconds': 'intervalSeconds',
  'config/event': 'event',
  'config/filter': 'filter',
} as const;
const API_PATHS = Object.keys(FORM_FIELD_OF_PATH) as (keyof typeof FORM_FIELD_OF_PATH)[];
/** The API counts the body limit in bytes; the form in KiB. */
const WORDING = { '/config/maxBodyBytes field.range': `1 to ${LIMITS.maxBodyKiB} KiB.` };

/** Triggers panel use cases: list a flow's triggers, create, edit, enable/disable, rotate, delete. */
@Injectable()
export class TriggersPanelController {
  private readonly graphql = inject(GraphqlClient);
  private readonly state = inject(TriggersPanelState);
  private readonly baseUrl = inject(API_BASE_URL);
  private flowId: string | null = null;
  private loading: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.loading?.unsubscribe());
  }

  open(flowId: string): void {
    if (flowId === this.flowId) return;
    this.flowId = flowId;
    this.state.reset();
    this.reload();
  }

  reload(): void {
    const flowId = this.flowId;
    if (!flowId) return;
    this.loading?.unsubscribe();
    this.state.load.set('loading');
    this.loading = this.graphql.request(FlowTriggersDocument, { flowId }).subscribe({
      next: ({ triggers }) => {
        this.state.triggers.set(triggers);
        this.state.load.set('ready');
      },
      error: (error: unknown) => {
        this.state.loadError.set(messageForHttpError(error));
        this.state.load.set('error');
      },
    });
  }

  startCreate(kind: TriggerKind = 'webhook'): void {
    this.state.clearSaveRefusal();
    this.state.editing.set({ id: null, initial: newTriggerForm(kind) });
  }

  startEdit(trigger: Trigger): void {
    this.state.clearSaveRefusal();
    this.state.editing.set({ id: trigger.id, initial: formFromTrigger(trigger) });
  }

  cancelEdit(): void {
    this.state.editing.set(null);
    this.state.clearSaveRefusal();
  }

  /** Saves the edited form; the form has checked itself (`configFromForm`) before. */
  save(form: TriggerForm): void {
    const editing = this.state.editing();
    const flowId = this.flowId;
    if (!editing || !flowId || this.state.saving()) return;
    const stored = this.state.editedTrigger();
    const { config } = configFromForm(form, stored);
    this.state.saving.set(true);
    this.state.clearSaveRefusal();
    const done = () => this.state.saving.set(false);
    const failed = (error: unknown) => this.showSaveProblems(error);
    if (editing.id === null) {
      this.graphql
        .request(CreateTriggerDocument, {
          flowId,
          input: { kind: form.kind, enabled: form.enabled, version: form.version, config },
        })
        .pipe(finalize(done))
        .subscribe({
          next: ({ createTrigger }) => {
            this.state.upsert(createTrigger.trigger);
            this.state.editing.set(null);
            if (createTrigger.trigger.kind === 'webhook') this.reveal(createTrigger, false);
          },
          error: failed,
        });
    } else {
      this.graphql
        .request(UpdateTriggerDocument, {
          id: editing.id,
          input: { enabled: form.enabled, version: form.version, config },
        })
        .pipe(finalize(done))
        .subscribe({
          next: ({ updateTrigger }) => {
            this.state.upsert(updateTrigger);
            this.state.editing.set(null);
          },
          error: failed,
        });
    }
  }

  setEnabled(trigger: Trigger, enabled: boolean): void {
    this.act(trigger, UpdateTriggerDocument, { id: trigger.id, input: { enabled } }, ({ updateTrigger }) =>
      this.state.upsert(updateTrigger),
    );
  }

  rotate(trigger: Trigger): void {
    this.act(trigger, RotateTriggerTokenDocument, { id: trigger.id }, ({ rotateTriggerToken }) => {
      this.state.upsert(rotateTriggerToken.trigger);
      this.reveal(rotateTriggerToken, true);
    });
  }

  remove(trigger: Trigger): void {
    this.act(trigger, DeleteTriggerDocument, { id: trigger.id }, () => {
      this.state.remove(trigger.id);
      if (this.state.editing()?.id === trigger.id) this.state.editing.set(null);
      if (this.state.revealed()?.triggerId === trigger.id) this.state.revealed.set(null);
    });
  }

  dismissRevealed(): void {
    this.state.revealed.set(null);
  }

  /** The absolute URL of a webhook path (the API serves the editor, so the same origin by default). */
  absoluteUrl(path: string): string {
    const base = this.baseUrl || (typeof location === 'undefined' ? '' : location.origin);
    return apiUrl(base, path);
  }

  /**
   * A refused save: each problem the API names a field for goes next to that field; the general
   * message above the buttons says what failed, with the problems no field shows.
   */
  private showSaveProblems(error: unknown): void {
    const { fields, unplaced } = placeProblems(error, API_PATHS, WORDING);
    const problems: FormProblem[] = [];
    for (const path of API_PATHS) {
      const message = fields[path];
      if (message !== undefined) problems.push({ field: FORM_FIELD_OF_PATH[path], message });
    }
    this.state.saveProblems.set(problems);
    this.state.saveError.set([messageForHttpError(error), ...unplaced].join(' '));
  }

  private reveal(answer: TriggerWithToken, rotated: boolean): void {
    if (!answer.url) return;
    const url = this.absoluteUrl(answer.url);
    this.state.revealed.set({
      triggerId: answer.trigger.id,
      url,
      curl: curlExample(url, answer.trigger.config),
      rotated,
    });
  }

  private act<TResult, TVariables>(
    trigger: Trigger,
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
    onDone: (result: TResult) => void,
  ): void {
    if (this.state.busy.has(trigger.id)) return;
    this.state.actionError.set(null);
    this.state.busy.track(trigger.id, this.graphql.request(document, variables)).subscribe({
      next: onDone,
      error: (error: unknown) => this.state.actionError.set(detailedMessageForHttpError(error)),
    });
  }
}
