import { Injectable, inject, signal } from '@angular/core';
import { diffDefinitions, type FieldProblem } from '@stepline/domain';
import { firstValueFrom } from 'rxjs';
import { detailedMessageForHttpError, messageForHttpError } from '../../../core/errors/http-error-message';
import { problemCodeOf } from '../../../core/errors/field-problems';
import { problemOf } from '../../../core/errors/problem';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import {
  FlowDraftDocument,
  FlowVersionDocument,
  FlowVersionsDocument,
  FlowMetaDocument,
  PublishFlowDocument,
  RollbackFlowDocument,
} from '../flow-editor.graphql';
import { FlowEditorState } from '../state/flow-editor.state';
import { asDefinition } from './definition-input';
import { DraftAutosave } from './draft-autosave';

export const VERSIONS_PAGE_SIZE = 50;

/** Publish, the versions list, opening one read-only, comparing two on the canvas, rollback. */
@Injectable()
export class VersionsController {
  private readonly state = inject(FlowEditorState);
  private readonly graphql = inject(GraphqlClient);
  private readonly autosave = inject(DraftAutosave);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  async loadVersions(): Promise<void> {
    const flowId = this.state.flow()?.id;
    if (!flowId) return;
    try {
      const { flowVersions } = await firstValueFrom(
        this.graphql.request(FlowVersionsDocument, { flowId, limit: VERSIONS_PAGE_SIZE }),
      );
      this.state.setVersions(flowVersions.data);
      this.error.set(null);
    } catch (error) {
      this.error.set(messageForHttpError(error));
    }
  }

  /**
   * Saves pending edits, then publishes the draft at the revision just saved. A definition the
   * API refuses (422 `flow.invalid_definition`) puts its problems on the nodes.
   */
  async publish(changeNote: string): Promise<boolean> {
    const flowId = this.state.flow()?.id;
    if (!flowId || this.busy()) return false;
    this.busy.set(true);
    this.error.set(null);
    try {
      if (!(await this.autosave.flush())) {
        this.error.set('The draft could not be saved, so it was not published.');
        return false;
      }
      const { publishFlow } = await firstValueFrom(
        this.graphql.request(PublishFlowDocument, {
          flowId,
          changeNote: changeNote.trim() || null,
          revision: this.state.revision(),
        }),
      );
      await this.refreshAfterPublish(flowId);
      this.state.setNotice({ kind: 'info', text: `Published version ${publishFlow.number}.` });
      return true;
    } catch (error) {
      const code = problemCodeOf(error);
      if (code === 'flow.invalid_definition') {
        const problems = (problemOf(error)?.problems ?? []) as FieldProblem[];
        this.state.setPublishProblems(problems);
        this.error.set(
          `Not published: ${problems.length} problem(s) to fix first — they are marked on the steps.`,
        );
      } else if (code === 'precondition.failed') {
        this.state.conflicted();
        this.error.set('Someone else changed the draft. Choose how to continue.');
      } else this.error.set(detailedMessageForHttpError(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  /** Shows version `number` read-only on the canvas. */
  async open(number: number): Promise<void> {
    const definition = await this.fetchDefinition(number);
    if (definition) this.state.show({ mode: 'version', number, definition });
  }

  /** Compares version `from` with `to` (a newer version or the draft) on the canvas. */
  async compare(from: number, to: number | 'draft'): Promise<void> {
    const fromDefinition = await this.fetchDefinition(from);
    const toDefinition = to === 'draft' ? this.state.draft() : await this.fetchDefinition(to);
    if (!fromDefinition || !toDefinition) return;
    this.state.show({
      mode: 'diff',
      from,
      to,
      fromDefinition,
      toDefinition,
      diff: diffDefinitions(fromDefinition, toDefinition),
    });
  }

  backToDraft(): void {
    this.state.show({ mode: 'draft' });
  }

  /** Publishes a copy of version `number` as the next version; the draft follows it. */
  async rollback(number: number): Promise<boolean> {
    const flowId = this.state.flow()?.id;
    if (!flowId || this.busy()) return false;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { rollbackFlow } = await firstValueFrom(
        this.graphql.request(RollbackFlowDocument, {
          flowId,
          version: number,
          changeNote: `rollback to v${number}`,
        }),
      );
      await this.refreshAfterPublish(flowId);
      this.state.show({ mode: 'draft' });
      this.state.setNotice({
        kind: 'info',
        text: `Rolled back: version ${rollbackFlow.number} is a copy of v${number}.`,
      });
      return true;
    } catch (error) {
      this.error.set(detailedMessageForHttpError(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private async refreshAfterPublish(flowId: string): Promise<void> {
    const [{ flowDraft }, { flow }] = await Promise.all([
      firstValueFrom(this.graphql.request(FlowDraftDocument, { flowId })),
      firstValueFrom(this.graphql.request(FlowMetaDocument, { flowId })),
    ]);
    this.state.updateFlow(flow);
    this.state.resetDraft(asDefinition(flowDraft.definition), flowDraft.revision);
    await this.loadVersions();
  }

  private async fetchDefinition(number: number) {
    const flowId = this.state.flow()?.id;
    if (!flowId) return undefined;
    try {
      const { flowVersion } = await firstValueFrom(
        this.graphql.request(FlowVersionDocument, { flowId, number }),
      );
      return asDefinition(flowVersion.definition);
    } catch (error) {
      this.error.set(messageForHttpError(error));
      return undefined;
    }
  }
}
