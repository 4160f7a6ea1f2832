import { DestroyRef, Injectable, InjectionToken, effect, inject, untracked } from '@angular/core';
import { Router } from '@angular/router';
import type { FlowDefinition } from '@stepline/domain';
import { firstValueFrom } from 'rxjs';
import { messageForHttpError } from '../../../core/errors/http-error-message';
import { problemCodeOf } from '../../../core/errors/field-problems';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { CreateFlowDocument } from '../../flows/flows.graphql';
import { FlowDraftDocument, SaveFlowDraftDocument } from '../flow-editor.graphql';
import { FlowEditorState } from '../state/flow-editor.state';
import { asDefinition } from './definition-input';

/** How long editing pauses before the draft is saved. */
export const AUTOSAVE_DEBOUNCE_MS = new InjectionToken<number>('AUTOSAVE_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 800,
});

/**
 * Saves the draft a moment after each edit, with the revision it started from: the API refuses a
 * stale revision (`precondition.failed`), so two editors never silently overwrite each other.
 * On a conflict saving stops until the user chooses: reload theirs, or keep mine as a new flow.
 * One save is in flight at a time; edits made meanwhile are saved right after.
 */
@Injectable()
export class DraftAutosave {
  private readonly state = inject(FlowEditorState);
  private readonly graphql = inject(GraphqlClient);
  private readonly router = inject(Router);
  private readonly debounceMs = inject(AUTOSAVE_DEBOUNCE_MS);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<boolean> | undefined;

  constructor() {
    effect(() => {
      const draft = this.state.draft();
      const status = this.state.save();
      if (status !== 'unsaved' || this.state.view().mode !== 'draft' || !this.state.canEdit()) return;
      untracked(() => this.schedule(draft));
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  /** Saves now (before publishing); resolves false when the draft could not be saved. */
  async flush(): Promise<boolean> {
    clearTimeout(this.timer);
    if (this.inFlight) await this.inFlight;
    if (this.state.draft() === this.state.savedDefinition()) return this.state.save() === 'saved';
    return this.saveNow();
  }

  /** Conflict choice 1: drop local edits and load the draft someone else saved. */
  async reloadTheirs(): Promise<void> {
    const flowId = this.state.flow()?.id;
    if (!flowId) return;
    try {
      const { flowDraft } = await firstValueFrom(this.graphql.request(FlowDraftDocument, { flowId }));
      this.state.resetDraft(asDefinition(flowDraft.definition), flowDraft.revision);
    } catch (error) {
      this.state.saveFailed(messageForHttpError(error));
    }
  }

  /** Conflict choice 2: keep local edits as a new flow (a copy) and open it. */
  async keepMineAsCopy(): Promise<void> {
    const flow = this.state.flow();
    if (!flow) return;
    try {
      const { createFlow } = await firstValueFrom(
        this.graphql.request(CreateFlowDocument, {
          input: {
            name: `${flow.name} (copy)`.slice(0, 200),
            description: flow.description ?? undefined,
            tags: [...flow.tags],
            definition: this.state.draft(),
          },
        }),
      );
      await this.router.navigate(['/flows', createFlow.id]);
    } catch (error) {
      this.state.saveFailed(messageForHttpError(error));
    }
  }

  private schedule(draft: FlowDefinition): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.state.draft() === draft) void this.saveNow();
    }, this.debounceMs);
  }

  private saveNow(): Promise<boolean> {
    if (this.inFlight) return this.inFlight.then(() => this.saveNow());
    const flowId = this.state.flow()?.id;
    if (!flowId || this.state.save() === 'conflict') return Promise.resolve(false);
    const definition = this.state.draft();
    this.state.savingStarted();
    this.inFlight = firstValueFrom(
      this.graphql.request(SaveFlowDraftDocument, { flowId, definition, revision: this.state.revision() }),
    )
      .then(({ saveFlowDraft }) => {
        this.state.saved(definition, saveFlowDraft.revision);
        return true;
      })
      .catch((error: unknown) => {
        if (problemCodeOf(error) === 'precondition.failed') this.state.conflicted();
        else this.state.saveFailed(messageForHttpError(error));
        return false;
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
