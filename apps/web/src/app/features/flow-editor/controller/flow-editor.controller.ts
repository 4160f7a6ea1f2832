import { Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import {
  applyOperations,
  isAppError,
  locateStep,
  stepTypeRegistry,
  type FlowEdge,
  type FlowOperation,
  type FlowStep,
  type GraphPath,
  type StepChanges,
  type StepPosition,
} from '@stepline/domain';
import { firstValueFrom } from 'rxjs';
import { AuthStore } from '../../../core/auth/auth.store';
import { messageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { EditorSecretNamesDocument, OpenFlowEditorDocument } from '../flow-editor.graphql';
import { checkConnection } from '../model/connection-rules';
import { NEXT_PORT, TRIGGER_NODE_ID, parseConnectionId, parseConnectorId } from '../model/connector-ids';
import { copySelection, pasteOperations } from '../model/definition-clipboard';
import { freshStepId, idPrefixOf } from '../model/step-ids';
import { FlowEditorState } from '../state/flow-editor.state';
import { asDefinition } from './definition-input';

/** At most this many pages of 100 secret names are read for autocomplete. */
const SECRET_NAME_PAGES = 10;

/**
 * Editing use cases of the flow editor: open, add, connect, move, delete, change, rename, copy and
 * paste, undo and redo, auto-layout, selection and sub-canvas navigation. Every edit goes through
 * the domain's operations (`applyOperations`) — the same ones the API applies — and refusals
 * come back as a notice with the domain's reason. Saving is `DraftAutosave`'s job.
 */
@Injectable()
export class FlowEditorController {
  private readonly state = inject(FlowEditorState);
  private readonly graphql = inject(GraphqlClient);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  /** In-memory fallback when the async clipboard is not available (tests, insecure origins). */
  private clipboard: string | undefined;

  async open(flowId: string): Promise<void> {
    this.state.beginLoad();
    try {
      const { flow, flowDraft, stepTypes } = await firstValueFrom(
        this.graphql.request(OpenFlowEditorDocument, { flowId }),
      );
      const canEdit = this.auth.can('update', 'FlowVersion');
      this.state.loaded(flow, stepTypes, asDefinition(flowDraft.definition), flowDraft.revision, canEdit);
    } catch (error) {
      this.state.failLoad(messageForHttpError(error));
      return;
    }
    void this.loadSecretNames();
  }

  /**
   * Secret names for `secrets.` autocomplete, after the flow is open (nothing waits for them).
   * Names only — no document asks for a value; roles that may not list secrets get none.
   */
  private async loadSecretNames(): Promise<void> {
    this.state.setSecretNames([]);
    if (!this.auth.can('read', 'Secret')) return;
    const names: string[] = [];
    let cursor: string | null | undefined;
    try {
      for (let page = 0; page < SECRET_NAME_PAGES; page++) {
        const { secrets } = await firstValueFrom(
          this.graphql.request(EditorSecretNamesDocument, { cursor: cursor ?? null }),
        );
        names.push(...secrets.data.map((s) => s.name));
        cursor = secrets.nextCursor;
        if (!cursor) break;
      }
    } catch {
      // Autocomplete goes on without secret names; nothing else depends on them.
    }
    this.state.setSecretNames(names);
  }

  /** Applies operations to the draft as one undo step; false (and a notice) when refused. */
  apply(operations: readonly FlowOperation[], coalesce?: string): boolean {
    if (this.state.readOnly() || operations.length === 0) return false;
    try {
      this.state.edit(applyOperations(this.state.draft(), operations), coalesce);
      this.state.setNotice(null);
      return true;
    } catch (error) {
      if (!isAppError(error)) throw error;
      this.state.setNotice({ kind: 'error', text: error.problems[0]?.message ?? error.message });
      return false;
    }
  }

  /** Adds a step of `type` at `position` (flow coordinates) in the graph shown, and selects it. */
  addStep(type: string, position?: StepPosition): string | undefined {
    const entry = this.state.typesByName().get(type);
    if (!entry) return undefined;
    const id = freshStepId(idPrefixOf(type), this.state.stepIds());
    const step: FlowStep = {
      id,
      type,
      name: entry.title,
      config: structuredClone((entry.defaults ?? {}) as Record<string, unknown>),
      position: position ?? this.nextFreePosition(),
    };
    const parent = this.state.scope().at(-1)?.stepId;
    if (!this.apply([{ type: 'addStep', step, ...(parent ? { parent } : {}) }])) return undefined;
    this.state.select([id]);
    return id;
  }

  /** Connects two connectors; refused (with the validator's reason) when the edge is not allowed. */
  connect(sourceConnectorId: string, targetConnectorId: string | undefined): boolean {
    if (this.state.readOnly() || !targetConnectorId) return false;
    const source = parseConnectorId(sourceConnectorId);
    const target = parseConnectorId(targetConnectorId);
    if (source?.kind !== 'out' || target?.kind !== 'in' || source.stepId === TRIGGER_NODE_ID) return false;
    const edge: FlowEdge =
      source.port === NEXT_PORT
        ? { from: source.stepId, to: target.stepId }
        : { from: source.stepId, to: target.stepId, when: source.port };
    const check = checkConnection(this.state.draft(), edge);
    if (!check.ok) {
      this.state.setNotice({ kind: 'error', text: `Cannot connect: ${check.reason}` });
      return false;
    }
    this.state.edit(check.definition);
    this.state.setNotice(null);
    return true;
  }

  moveSteps(moves: readonly { id: string; position: StepPosition }[]): void {
    const ids = this.state.stepIds();
    const operations = moves
      .filter((m) => ids.has(m.id))
      .map((m): FlowOperation => ({ type: 'moveStep', stepId: m.id, position: round(m.position) }));
    this.apply(operations);
  }

  /** Deletes the selected steps and connections (connection ids come from the canvas). */
  deleteSelection(connectionIds: readonly string[] = []): void {
    const steps = [...this.state.selection()].filter((id) => this.state.stepIds().has(id));
    const edges = connectionIds.flatMap((id) => {
      const edge = parseConnectionId(id);
      return edge && !steps.includes(edge.from) && !steps.includes(edge.to) ? [edge] : [];
    });
    this.apply([
      ...edges.map((edge): FlowOperation => ({ type: 'disconnect', edge })),
      ...steps.map((stepId): FlowOperation => ({ type: 'removeStep', stepId })),
    ]);
  }

  updateStep(stepId: string, changes: StepChanges, coalesce?: string): void {
    this.apply(
      [{ type: 'updateStep', stepId, changes }],
      coalesce ?? `${stepId}:${Object.keys(changes).join(',')}`,
    );
  }

  renameStep(stepId: string, newId: string): boolean {
    const ok = this.apply([{ type: 'renameStep', stepId, newId }]);
    if (ok) this.state.select([newId]);
    return ok;
  }

  setInputSchema(inputSchema: Record<string, unknown> | undefined): void {
    this.apply([{ type: 'setInputSchema', ...(inputSchema ? { inputSchema } : {}) }], 'inputSchema');
  }

  undo(): void {
    if (!this.state.readOnly()) this.state.undo();
  }

  redo(): void {
    if (!this.state.readOnly()) this.state.redo();
  }

  select(ids: Iterable<string>): void {
    this.state.select(ids);
  }

  /** Selects a step wherever it is: the canvas switches to the graph that holds it. */
  revealStep(stepId: string): void {
    const found = locateStep(this.state.draft(), stepId, stepTypeRegistry);
    if (!found) return;
    if (this.state.view().mode !== 'draft') this.state.show({ mode: 'draft' });
    const path = found.located.path;
    const same =
      path.length === this.state.scope().length &&
      path.every((p, i) => this.state.scope()[i]?.stepId === p.stepId);
    if (!same) this.state.enterScope(path);
    this.state.select([stepId]);
  }

  /** Opens a container's nested graph (a forEach body) as the canvas. */
  enterBody(stepId: string): void {
    const step = this.state.graph().steps.find((s) => s.id === stepId);
    const field = step && stepTypeRegistry.get(step.type)?.nestedGraphs?.[0]?.field;
    if (!field) return;
    if (!this.state.readOnly() && typeof step.config[field] !== 'object') {
      this.updateStep(stepId, { config: { ...step.config, [field]: { steps: [], edges: [] } } });
    }
    this.state.enterScope([...this.state.scope(), { stepId, field }]);
  }

  leaveTo(depth: number): void {
    this.state.enterScope(this.state.scope().slice(0, depth) as GraphPath);
  }

  /**
   * The selection as definition JSON (pastable into any flow, in any tab), remembered here too:
   * the page puts it on the system clipboard from the copy event.
   */
  copyText(): string | undefined {
    const text = copySelection(this.state.graph(), this.state.selection());
    if (!text) return undefined;
    this.clipboard = text;
    this.state.setNotice({ kind: 'info', text: `Copied ${this.state.selection().size} step(s).` });
    return text;
  }

  /** Pastes copied steps (from the clipboard text, else from the last copy in this editor). */
  paste(fromText?: string): void {
    const text = fromText || this.clipboard;
    if (!text || this.state.readOnly()) return;
    const parent = this.state.scope().at(-1)?.stepId;
    const result = pasteOperations(this.state.draft(), text, parent);
    if (!result.ok) {
      this.state.setNotice({ kind: 'error', text: result.reason });
      return;
    }
    if (this.apply(result.operations)) this.state.select(result.pastedIds);
  }

  /** Lays out the graph shown (ELK, layered, left to right), as one undo step. */
  async autoLayout(): Promise<void> {
    if (this.state.readOnly()) return;
    const { layoutGraph } = await import('./auto-layout');
    const positions = await layoutGraph(this.state.graph());
    this.moveSteps([...positions].map(([id, position]) => ({ id, position })));
  }

  dismissNotice(): void {
    this.state.setNotice(null);
  }

  /** Leaves for another flow (the copy made after a conflict). */
  async openFlow(flowId: string): Promise<void> {
    await this.router.navigate(['/flows', flowId]);
  }

  private nextFreePosition(): StepPosition {
    const steps = this.state.graph().steps;
    if (steps.length === 0) return { x: 0, y: 0 };
    const maxX = Math.max(...steps.map((s) => s.position?.x ?? 0));
    const last = steps[steps.length - 1];
    return { x: maxX + 280, y: last?.position?.y ?? 0 };
  }
}

const round = (p: StepPosition): StepPosition => ({ x: Math.round(p.x), y: Math.round(p.y) });
