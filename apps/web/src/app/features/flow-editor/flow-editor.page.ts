import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { FlowCanvasComponent } from './canvas/flow-canvas.component';
import { DraftAutosave } from './controller/draft-autosave';
import { FlowEditorController } from './controller/flow-editor.controller';
import { VersionsController } from './controller/versions.controller';
import { InspectorComponent } from './inspector/inspector.component';
import { PaletteComponent } from './palette/palette.component';
import { ProblemsPanelComponent } from './problems/problems-panel.component';
import { FlowEditorState } from './state/flow-editor.state';
import { StatusBadgeComponent } from '../runs/shared/status-badge.component';
import { RunWaitingForComponent } from '../runs/detail/run-waiting-for.component';
import { StepPanelComponent } from '../runs/detail/step-panel.component';
import { RunFollower } from '../runs/shared/run-follower';
import { tickingClock } from '../runs/shared/ticking-clock';
import { TestRunController } from './test-run/test-run.controller';
import { TestRunDialogComponent } from './test-run/test-run-dialog.component';
import { TEST_RUNNER } from './test-run/test-run.seam';
import { VersionsPanelComponent } from './versions/versions-panel.component';
import { TriggersPanelComponent } from '../triggers/panel/triggers-panel.component';

type SideTab = 'inspector' | 'problems' | 'versions' | 'triggers';

const SAVE_LABELS = {
  saved: 'All changes saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Not saved',
  conflict: 'Conflict',
} as const;

/**
 * `/flows/:id` — the flow editor. State, controllers and autosave are provided here, so each open
 * editor has its own; the components below read the state and call the controllers.
 */
@Component({
  selector: 'sl-flow-editor-page',
  imports: [
    RouterLink,
    FlowCanvasComponent,
    PaletteComponent,
    InspectorComponent,
    ProblemsPanelComponent,
    VersionsPanelComponent,
    StatusBadgeComponent,
    StepPanelComponent,
    RunWaitingForComponent,
    TestRunDialogComponent,
    TriggersPanelComponent,
  ],
  providers: [
    FlowEditorState,
    FlowEditorController,
    DraftAutosave,
    VersionsController,
    RunFollower,
    TestRunController,
    { provide: TEST_RUNNER, useExisting: TestRunController },
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './flow-editor.page.html',
  styleUrl: './flow-editor.page.scss',
  host: {
    '(keydown)': 'onKeydown($event)',
    '(document:copy)': 'onCopy($event)',
    '(document:paste)': 'onPaste($event)',
  },
})
export class FlowEditorPage {
  /** The route's `:id`. */
  readonly id = input.required<string>();
  /** Query params `?panel=triggers&trigger=<id>` (links from the Triggers page) open that tab. */
  readonly panel = input<string | undefined>();
  readonly trigger = input<string | undefined>();
  protected readonly state = inject(FlowEditorState);
  protected readonly controller = inject(FlowEditorController);
  protected readonly versions = inject(VersionsController);
  protected readonly autosave = inject(DraftAutosave);
  protected readonly testRun = inject(TestRunController);
  /** Moves the "until" hints of a waiting test run. */
  protected readonly now = tickingClock(() => this.testRun.waitingFor().length > 0);
  private readonly canvas = viewChild(FlowCanvasComponent);

  protected readonly tab = signal<SideTab>('inspector');
  protected readonly publishing = signal(false);
  protected readonly testRunning = signal(false);
  /** The step panel of the selected step was closed (until another step is selected). */
  private readonly stepPanelClosedFor = signal<string | null>(null);
  /** Why "Test run" is disabled, or null: the server runs the saved, valid draft. */
  protected readonly testRunBlocked = computed(() => {
    if (!this.testRun.mayStart()) return 'Your role may not start runs.';
    if (this.state.flow()?.archivedAt) return 'This flow is archived.';
    if (this.state.view().mode !== 'draft') return 'Go back to the draft to test-run it.';
    const problems = this.problemCount();
    if (problems) return `Fix the draft's ${problems} problem(s) first.`;
    const save = this.state.save();
    if (save === 'unsaved' || save === 'saving') return 'Waiting for the draft to be saved…';
    if (save !== 'saved') return 'The draft is not saved.';
    if (this.testRun.active()) return 'A test run is in progress.';
    return null;
  });
  /** The selected step's latest attempt in the last test run. */
  protected readonly selectedAttempt = computed(() => {
    const step = this.state.selectedStep();
    if (!step || this.stepPanelClosedFor() === step.id) return null;
    return this.testRun.attemptOf(step.id);
  });
  protected readonly saveLabel = computed(() => SAVE_LABELS[this.state.save()]);
  protected readonly problemCount = computed(() => this.state.problems().length);
  protected readonly breadcrumbs = computed(() =>
    this.state.scope().map((s, i) => ({ depth: i + 1, label: s.stepId })),
  );
  protected readonly diffSummary = computed(() => {
    const view = this.state.view();
    if (view.mode !== 'diff') return null;
    const { steps, edges, settings } = view.diff;
    return {
      title: `Comparing v${view.from} → ${view.to === 'draft' ? 'draft' : `v${view.to}`}`,
      added: steps.added.length,
      removed: steps.removed.length,
      changed: steps.changed.length,
      edges: edges.added.length + edges.removed.length,
      settings: settings.changed,
    };
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.controller.open(id));
    });
    effect(() => {
      if (this.panel() === 'triggers') untracked(() => this.tab.set('triggers'));
    });
    // Selecting a step shows its inspector.
    effect(() => {
      if (this.state.selectedStep()) untracked(() => this.tab.set('inspector'));
    });
  }

  protected startTestRun(input: unknown): void {
    const flow = this.state.flow();
    if (!flow) return;
    this.testRun.start(flow.id, input);
    this.testRunning.set(false);
  }

  protected rerunFrom(stepId: string): void {
    const flow = this.state.flow();
    if (flow) this.testRun.rerunFrom(flow.id, stepId);
  }

  protected closeStepPanel(): void {
    this.stepPanelClosedFor.set(this.state.selectedStep()?.id ?? null);
  }

  protected onStepChosen(id: string): void {
    this.tab.set('inspector');
    requestAnimationFrame(() => this.canvas()?.focusStep(id));
  }

  protected async publish(note: string): Promise<void> {
    if (await this.versions.publish(note)) {
      this.publishing.set(false);
      this.tab.set('versions');
    } else if (this.state.problems().length) this.tab.set('problems');
  }

  protected fit(): void {
    this.canvas()?.fit();
  }

  protected zoomIn(): void {
    this.canvas()?.zoomIn();
  }

  protected zoomOut(): void {
    this.canvas()?.zoomOut();
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (isTextField(event.target)) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === 'z') {
      event.preventDefault();
      if (event.shiftKey) this.controller.redo();
      else this.controller.undo();
    } else if (mod && key === 'y') {
      event.preventDefault();
      this.controller.redo();
    } else if (mod && key === 'a') {
      event.preventDefault();
      this.canvas()?.selectAll();
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && !this.state.readOnly()) {
      event.preventDefault();
      this.controller.deleteSelection(this.canvas()?.selectedConnectionIds() ?? []);
    } else if (event.key === 'Escape') {
      this.controller.select([]);
    }
  }

  protected onCopy(event: ClipboardEvent): void {
    if (isTextField(event.target) || this.state.selection().size === 0) return;
    const text = this.controller.copyText();
    if (!text) return;
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
  }

  protected onPaste(event: ClipboardEvent): void {
    if (isTextField(event.target) || this.state.readOnly()) return;
    event.preventDefault();
    this.controller.paste(event.clipboardData?.getData('text/plain') || undefined);
  }
}

const isTextField = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
