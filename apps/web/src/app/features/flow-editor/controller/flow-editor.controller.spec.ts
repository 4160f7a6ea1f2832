import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { stepTypeRegistry, type Role } from '@stepline/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_STORAGE, AuthStore } from '../../../core/auth/auth.store';
import { MemoryStorage, sessionResponse } from '../../../core/auth/testing/auth-fixtures';
import {
  answerData,
  answerProblem,
  expectOperation,
  isOperation,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import { branchingFlow } from '../model/model.fixtures';
import { copySelection } from '../model/definition-clipboard';
import { FlowEditorState } from '../state/flow-editor.state';
import { AUTOSAVE_DEBOUNCE_MS, DraftAutosave } from './draft-autosave';
import { FlowEditorController } from './flow-editor.controller';
import { VersionsController } from './versions.controller';

const catalogue = stepTypeRegistry.list().map((d) => ({
  type: d.type,
  category: d.category,
  title: d.title,
  description: d.description,
  configSchema: d.configSchema,
  defaults: d.defaults,
  outputPorts: [],
  terminal: !!d.terminal,
  expressionFields: [...(d.expressionFields ?? [])],
  nestedGraphs: (d.nestedGraphs ?? []).map((g) => ({ field: g.field, locals: [...g.locals] })),
}));
const flow = {
  id: 'flow-1',
  name: 'Orders',
  description: null,
  tags: ['crm'],
  archivedAt: null,
  publishedVersion: null,
  latestVersion: 1,
  draftRevision: 1,
};
const draft = (revision = 1, definition: unknown = branchingFlow()) => ({
  flowId: 'flow-1',
  definition,
  revision,
  saved: true,
  version: 1,
  problems: [],
});

/** Waits for a condition (HTTP stubs and effects settle asynchronously), failing after a deadline. */
const until = async (condition: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
};

describe('flow editor use cases', () => {
  let http: HttpTestingController;
  let state: FlowEditorState;
  let controller: FlowEditorController;

  const open = async (role: Role = 'editor') => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
        { provide: AUTOSAVE_DEBOUNCE_MS, useValue: 0 },
        FlowEditorState,
        FlowEditorController,
        DraftAutosave,
        VersionsController,
      ],
    });
    TestBed.inject(AuthStore).set(sessionResponse({ role }));
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(FlowEditorState);
    controller = TestBed.inject(FlowEditorController);
    TestBed.inject(DraftAutosave);
    const opened = controller.open('flow-1');
    const request = expectOperation(http, 'OpenFlowEditor');
    expect(variablesOf(request)).toEqual({ flowId: 'flow-1' });
    answerData(request, { flow, flowDraft: draft(), stepTypes: catalogue });
    await opened;
  };
  /** The next request of an operation sent asynchronously (after a debounce, an await). */
  const nextOperation = async (name: string): Promise<TestRequest> => {
    let found: TestRequest | undefined;
    await until(() => (found ??= http.match(isOperation(name))[0]) !== undefined, name);
    return found as TestRequest;
  };
  const saveRequest = () => nextOperation('SaveFlowDraft');

  afterEach(() => http.verify());

  it('opens the flow with its draft and catalogue, editable for an editor', async () => {
    await open();
    expect(state.load()).toBe('ready');
    expect(state.flow()?.name).toBe('Orders');
    expect(state.draft().steps.map((s) => s.id)).toEqual(['fetch', 'check', 'ok', 'notify']);
    expect(state.readOnly()).toBe(false);
  });

  it('lists secret names for autocomplete after opening, for a role that may read secrets', async () => {
    await open('admin');
    const first = expectOperation(http, 'EditorSecretNames');
    answerData(first, { secrets: { data: [{ name: 'API_TOKEN' }], nextCursor: 'next' } });
    const second = await nextOperation('EditorSecretNames');
    expect(variablesOf(second)).toEqual({ cursor: 'next' });
    answerData(second, { secrets: { data: [{ name: 'SLACK_HOOK' }], nextCursor: null } });
    await until(() => state.secretNames().length === 2, 'secret names');
    expect(state.secretNames()).toEqual(['API_TOKEN', 'SLACK_HOOK']);
  });

  it('asks no secret names for a role that cannot list secrets', async () => {
    await open('editor');
    http.expectNone(isOperation('EditorSecretNames'));
    expect(state.secretNames()).toEqual([]);
  });

  it('opens read-only for a viewer, and refuses edits', async () => {
    await open('viewer');
    expect(state.readOnly()).toBe(true);
    expect(controller.addStep('http')).toBeUndefined();
    expect(state.draft().steps).toHaveLength(4);
  });

  it('adds a step with a fresh id and the type defaults, selected', async () => {
    await open();
    const id = controller.addStep('http', { x: 10, y: 20 });
    expect(id).toBe('http_1');
    const added = state.draft().steps.at(-1);
    expect(added).toMatchObject({
      id: 'http_1',
      type: 'http',
      name: 'HTTP request',
      position: { x: 10, y: 20 },
    });
    expect(added?.config).toEqual(stepTypeRegistry.get('http')?.defaults);
    expect([...state.selection()]).toEqual(['http_1']);
    (await saveRequest()).flush({ data: { saveFlowDraft: draft(2) } });
  });

  it('connects ports, and refuses a cycle with the reason shown', async () => {
    await open();
    expect(controller.connect('out|ok|', 'in|notify')).toBe(true);
    expect(state.draft().edges).toContainEqual({ from: 'ok', to: 'notify' });
    expect(controller.connect('out|notify|', 'in|fetch')).toBe(false);
    expect(state.notice()?.text).toMatch(/^Cannot connect: .*form a cycle/);
    (await saveRequest()).flush({ data: { saveFlowDraft: draft(2) } });
  });

  it('saves the draft after an edit with the revision it started from', async () => {
    await open();
    controller.updateStep('ok', { name: 'All good' });
    const request = await saveRequest();
    expect(variablesOf(request)['revision']).toBe(1);
    expect((variablesOf(request)['definition'] as { steps: { name?: string }[] }).steps[2]?.name).toBe(
      'All good',
    );
    answerData(request, { saveFlowDraft: draft(2) });
    await until(() => state.save() === 'saved', 'saved');
    expect(state.revision()).toBe(2);
  });

  it('stops on a conflict and reloads the other tab’s draft when asked', async () => {
    await open();
    controller.updateStep('ok', { name: 'Mine' });
    answerProblem(await saveRequest(), 412, 'precondition.failed');
    await until(() => state.save() === 'conflict', 'the conflict');
    controller.updateStep('ok', { name: 'Still mine' });
    http.expectNone(isOperation('SaveFlowDraft'));

    const theirs = branchingFlow();
    theirs.steps[2] = { ...theirs.steps[2]!, name: 'Theirs' };
    const reloading = TestBed.inject(DraftAutosave).reloadTheirs();
    answerData(expectOperation(http, 'FlowDraft'), { flowDraft: draft(7, theirs) });
    await reloading;
    expect(state.save()).toBe('saved');
    expect(state.revision()).toBe(7);
    expect(state.draft().steps[2]?.name).toBe('Theirs');
  });

  it('keeps my edits as a new flow when asked after a conflict', async () => {
    await open();
    controller.updateStep('ok', { name: 'Mine' });
    answerProblem(await saveRequest(), 412, 'precondition.failed');
    await until(() => state.save() === 'conflict', 'the conflict');
    const copying = TestBed.inject(DraftAutosave).keepMineAsCopy();
    const create = expectOperation(http, 'CreateFlow');
    const input = variablesOf(create)['input'] as {
      name: string;
      tags: string[];
      definition: { steps: { name?: string }[] };
    };
    expect(input.name).toBe('Orders (copy)');
    expect(input.tags).toEqual(['crm']);
    expect(input.definition.steps[2]?.name).toBe('Mine');
    answerData(create, { createFlow: { id: 'flow-2', name: 'Orders (copy)' } });
    await copying;
  });

  it('puts the problems of a refused publish on the steps', async () => {
    await open();
    const publishing = TestBed.inject(VersionsController).publish('first');
    const request = await nextOperation('PublishFlow');
    expect(variablesOf(request)).toEqual({ flowId: 'flow-1', changeNote: 'first', revision: 1 });
    answerProblem(request, 422, 'flow.invalid_definition', {
      problems: [
        { path: '/steps/1/config/expression', code: 'expression.unknown_step', message: 'no step "ghost"' },
      ],
    });
    expect(await publishing).toBe(false);
    expect(state.problemsByStep().get('check')?.[0]?.message).toBe('no step "ghost"');
  });

  it('pastes steps copied in another flow, renaming ids that are taken', async () => {
    await open();
    const copied = copySelection(branchingFlow(), new Set(['fetch', 'check']))!;
    controller.paste(copied);
    expect(state.draft().steps.map((s) => s.id)).toEqual([
      'fetch',
      'check',
      'ok',
      'notify',
      'fetch_1',
      'check_1',
    ]);
    expect([...state.selection()]).toEqual(['fetch_1', 'check_1']);
    controller.undo();
    expect(state.draft().steps).toHaveLength(4);
    (await saveRequest()).flush({ data: { saveFlowDraft: draft(2) } });
  });
});
