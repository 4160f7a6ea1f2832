import {
  evaluateExpression,
  renderTemplate,
  type EvaluationContext,
  type FlowDefinition,
} from '@stepline/domain';
import type { TestRunView } from '../../test-run/test-run.seam';

/** Bound of one preview evaluation: a preview must never stall typing. */
export const PREVIEW_LIMITS = { timeoutMs: 100 } as const;
/** How long typing pauses before the focused field is evaluated again. */
export const PREVIEW_DEBOUNCE_MS = 200;
/** Lines of pretty JSON shown under a field before "…". */
export const PREVIEW_MAX_LINES = 6;
const PREVIEW_MAX_CHARS = 600;
/** What a secret reads as in a preview: the editor never holds secret values. */
export const SECRET_MASK = '•••';

export type ExpressionPreview =
  | { readonly kind: 'none' }
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/**
 * The evaluation context of the last test run, as the worker would build it for a top-level
 * step: the run's input, each step's output/status/error, and `vars` from the run's
 * `setVariable` steps (config `name` → the step's output, which is the value it set), in the
 * draft's step order. forEach `item`/`index` are not previewed (no per-iteration run state).
 */
export const previewContext = (view: TestRunView, definition: FlowDefinition): EvaluationContext => {
  const steps: EvaluationContext['steps'] = {};
  for (const [id, step] of Object.entries(view.steps)) {
    steps[id] = { status: step.status, output: step.output, error: step.error };
  }
  const vars: Record<string, unknown> = {};
  for (const step of definition.steps) {
    const name = step.config['name'];
    if (
      step.type === 'setVariable' &&
      typeof name === 'string' &&
      view.steps[step.id]?.status === 'succeeded'
    ) {
      vars[name] = view.steps[step.id]?.output;
    }
  }
  return {
    input: view.input,
    steps,
    vars,
    secrets: {},
    run: {
      id: view.runId,
      flowId: view.flowId,
      version: 'draft',
      startedAt: view.startedAt ?? '',
      trigger: view.trigger ?? 'manual',
    },
  };
};

/** Names after `secrets.` in a source, each given the mask, so a reference previews as "•••". */
const maskedSecrets = (source: string): Record<string, string> => {
  const masked: Record<string, string> = {};
  for (const match of source.matchAll(/\bsecrets\s*\.\s*([A-Za-z_$][\w$]*)/g)) {
    masked[match[1] as string] = SECRET_MASK;
  }
  return masked;
};

/** Pretty JSON cut to a few lines: a preview is a glance, the run's page shows the whole value. */
export const formatPreviewValue = (value: unknown): string => {
  if (value === undefined) return '(no value)';
  let text: string;
  try {
    text =
      typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value, null, 2) ?? String(value));
  } catch {
    text = String(value);
  }
  const lines = text.split('\n');
  let shown = lines.slice(0, PREVIEW_MAX_LINES).join('\n');
  const cut = lines.length > PREVIEW_MAX_LINES || shown.length > PREVIEW_MAX_CHARS;
  if (shown.length > PREVIEW_MAX_CHARS) shown = shown.slice(0, PREVIEW_MAX_CHARS);
  return cut ? `${shown}\n…` : shown;
};

const failureOf = (error: unknown): ExpressionPreview => {
  const code =
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : 'expression.failed';
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'error', code, message };
};

/**
 * The preview of one field's value against the last test run: its value, or the failure the
 * worker would report (`StepFailure` code + message). `none` when there is no run yet or the field
 * is empty.
 */
export const previewExpression = async (
  source: string,
  kind: 'expression' | 'template',
  view: TestRunView | null,
  definition: FlowDefinition,
): Promise<ExpressionPreview> => {
  if (view === null || source.trim() === '') return { kind: 'none' };
  const context = { ...previewContext(view, definition), secrets: maskedSecrets(source) };
  try {
    const value =
      kind === 'expression'
        ? await evaluateExpression(source, context, PREVIEW_LIMITS)
        : await renderTemplate(source, context, PREVIEW_LIMITS);
    return { kind: 'value', text: formatPreviewValue(value) };
  } catch (error) {
    return failureOf(error);
  }
};
