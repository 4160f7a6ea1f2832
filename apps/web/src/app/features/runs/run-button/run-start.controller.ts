import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, catchError, finalize, map, of, switchMap, type Observable } from 'rxjs';
import { detailedMessageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import {
  RunDraftDefinitionDocument,
  RunVersionDefinitionDocument,
  StartRunDocument,
  type StartedRun,
} from '../runs.graphql';
import { initialInputText } from './run-input';
import { RunStartState, type RunVersionChoice, type RunnableFlow } from './run-start.state';

const WORDING = {
  'validation.failed': 'The input does not match the flow’s input schema.',
  'flow.archived': 'This flow is archived: restore it to run it.',
  'flow.not_published': 'This flow has no published version yet: run the draft instead.',
  'flow.invalid_definition': 'The draft has problems to fix before it can run.',
  'idempotency.key_reused': 'This start was already sent with another input. Try again.',
} as const;

/**
 * The Run dialog's use cases: open it (prefilled from the chosen version's input schema), start
 * the run. Each distinct (version, input) gets its own idempotency key, kept across attempts: a
 * double click or a retry after a lost answer starts one run, not two.
 */
@Injectable()
export class RunStartController {
  private readonly graphql = inject(GraphqlClient);
  private readonly state = inject(RunStartState);
  private readonly destroyRef = inject(DestroyRef);
  private readonly schemaLoads = new Subject<{ flow: RunnableFlow; version: RunVersionChoice }>();
  private idempotency: { body: string; key: string } | null = null;

  constructor() {
    this.schemaLoads
      .pipe(
        switchMap(({ flow, version }) => {
          this.state.schemaLoading(true);
          return this.definitionOf(flow, version).pipe(
            // Without a schema the box stays `{}`: the API still checks the input on start.
            catchError(() => of(undefined)),
            finalize(() => this.state.schemaLoading(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((definition) => {
        if (definition !== undefined) this.state.prefill(initialInputText(definition));
      });
  }

  /** The versions this flow can run, the published one first. */
  versionsOf(flow: RunnableFlow): RunVersionChoice[] {
    const versions: RunVersionChoice[] = [];
    if (flow.publishedVersion !== null) versions.push('published');
    if (flow.draftRevision !== null || flow.publishedVersion === null) versions.push('draft');
    return versions;
  }

  open(flow: RunnableFlow): void {
    const version = this.versionsOf(flow)[0] ?? 'draft';
    this.idempotency = null;
    this.state.opened(version);
    this.schemaLoads.next({ flow, version });
  }

  close(): void {
    this.state.closed();
  }

  chooseVersion(flow: RunnableFlow, version: RunVersionChoice): void {
    if (version === this.state.version()) return;
    this.state.chooseVersion(version);
    this.schemaLoads.next({ flow, version });
  }

  type(text: string): void {
    this.state.typed(text);
  }

  /** Resolves the started run, or null when the input is invalid or the API refused. */
  start(flow: RunnableFlow): Promise<StartedRun | null> {
    const parsed = this.state.parsed();
    if (!parsed.ok || this.state.starting()) return Promise.resolve(null);
    const version = this.state.version() === 'draft' ? 'draft' : String(flow.publishedVersion);
    const idempotencyKey = this.keyFor(JSON.stringify([version, parsed.value]));
    this.state.startBegan();
    return new Promise((resolve) => {
      this.graphql
        .request(StartRunDocument, {
          flowId: flow.id,
          input: { input: parsed.value, version, idempotencyKey },
        })
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({
          next: ({ startRun }) => {
            this.state.startDone();
            resolve(startRun);
          },
          error: (error: unknown) => {
            this.state.startFailed(detailedMessageForHttpError(error, WORDING));
            resolve(null);
          },
        });
    });
  }

  private keyFor(body: string): string {
    if (this.idempotency?.body !== body) this.idempotency = { body, key: newKey() };
    return this.idempotency.key;
  }

  private definitionOf(flow: RunnableFlow, version: RunVersionChoice): Observable<unknown> {
    if (version === 'published' && flow.publishedVersion !== null)
      return this.graphql
        .request(RunVersionDefinitionDocument, { flowId: flow.id, number: flow.publishedVersion })
        .pipe(map(({ flowVersion }) => flowVersion.definition));
    return this.graphql
      .request(RunDraftDefinitionDocument, { flowId: flow.id })
      .pipe(map(({ flowDraft }) => flowDraft.definition));
  }
}

/** A random key; `crypto.randomUUID` needs a secure context, so plain HTTP gets a fallback. */
const newKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
