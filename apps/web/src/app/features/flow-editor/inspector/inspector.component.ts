import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import {
  stepTypeRegistry,
  type FlowStep,
  type OnErrorMode,
  type RetryPolicy,
  type StepChanges,
} from '@stepline/domain';
import { FlowEditorController } from '../controller/flow-editor.controller';
import { FlowEditorState } from '../state/flow-editor.state';
import { SchemaFieldComponent, type FieldChange } from './schema-form/schema-field.component';
import { fieldsOf, setPath } from './schema-form/schema-field.model';

/**
 * Fields the catalogue does not mark for the code editor yet; the only type-specific knowledge in
 * the inspector (a JSON Schema keyword such as `contentMediaType` would replace it).
 */
const CODE_FIELDS: Record<string, readonly string[]> = { code: ['source'] };

/**
 * The selected step: common fields (id, name, retry, timeout, on error, disabled, notes), then a
 * form generated from its type's config JSON Schema, then its problems. Without a selection, the
 * flow's input schema (what `input.` autocompletes from).
 */
@Component({
  selector: 'sl-inspector',
  imports: [SchemaFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './inspector.component.html',
  styleUrl: './inspector.component.scss',
  host: { class: 'inspector', 'data-testid': 'inspector' },
})
export class InspectorComponent {
  protected readonly state = inject(FlowEditorState);
  private readonly controller = inject(FlowEditorController);
  protected readonly inputSchemaError = signal<string | null>(null);

  protected readonly step = this.state.selectedStep;
  protected readonly type = computed(() => {
    const step = this.step();
    return step ? this.state.typesByName().get(step.type) : undefined;
  });
  protected readonly fields = computed(() => {
    const step = this.step();
    const type = this.type();
    if (!step || !type) return [];
    return fieldsOf(type.configSchema, {
      expressionFields: type.expressionFields,
      nestedGraphFields: type.nestedGraphs.map((g) => g.field),
      codeFields: CODE_FIELDS[step.type] ?? [],
    });
  });
  protected readonly problems = computed(() => {
    const step = this.step();
    return step ? (this.state.problemsByStep().get(step.id) ?? []) : [];
  });
  /** Config problems by pointer relative to config (`/url`), for the fields' own messages. */
  protected readonly configProblems = computed(
    () =>
      new Map(
        this.problems()
          .filter((p) => p.field?.startsWith('/config/'))
          .map((p) => [p.field?.slice('/config'.length) ?? '', p.message]),
      ),
  );
  protected readonly changedFields = computed(() => {
    const view = this.state.view();
    const step = this.step();
    if (view.mode !== 'diff' || !step) return undefined;
    // Step ids are unique across nested graphs: the step is in the top level or in one body.
    const changes = [view.diff.steps.changed, ...this.state.bodyDiffs().map((d) => d.steps.changed)].flat();
    return changes.find((c) => c.id === step.id)?.fields ?? [];
  });
  protected readonly container = computed(() => {
    const step = this.step();
    return !!step && (stepTypeRegistry.get(step.type)?.nestedGraphs?.length ?? 0) > 0;
  });
  protected readonly inputSchemaText = computed(() => {
    const schema = this.state.draft().inputSchema;
    return schema ? JSON.stringify(schema, null, 2) : '';
  });
  protected readonly selectionCount = computed(() => this.state.selection().size);

  protected update(step: FlowStep, changes: StepChanges, field: string): void {
    this.controller.updateStep(step.id, changes, `${step.id}:${field}`);
  }

  protected onConfig(step: FlowStep, change: FieldChange): void {
    this.controller.updateStep(
      step.id,
      { config: setPath(step.config, change.path, change.value) },
      `${step.id}:config.${change.path}`,
    );
  }

  protected rename(step: FlowStep, event: Event): void {
    const input = event.target as HTMLInputElement;
    const next = input.value.trim();
    if (next === step.id) return;
    if (!this.controller.renameStep(step.id, next)) input.value = step.id;
  }

  protected onText(step: FlowStep, key: 'name' | 'notes', value: string): void {
    this.update(step, { [key]: value.trim() === '' ? null : value }, key);
  }

  protected onTimeout(step: FlowStep, raw: string): void {
    const n = Number(raw);
    this.update(
      step,
      { timeoutMs: raw.trim() === '' || !Number.isFinite(n) ? null : Math.trunc(n) },
      'timeoutMs',
    );
  }

  protected onRetry(step: FlowStep, key: keyof RetryPolicy, raw: string): void {
    const current: Partial<RetryPolicy> = step.retry ?? {};
    const value =
      key === 'backoff' ? raw || undefined : raw.trim() === '' ? undefined : Math.trunc(Number(raw));
    const next = { ...current, [key]: value } as Partial<RetryPolicy>;
    for (const k of Object.keys(next) as (keyof RetryPolicy)[]) if (next[k] === undefined) delete next[k];
    const retry = next.maxAttempts === undefined ? null : (next as RetryPolicy);
    this.update(step, { retry }, `retry.${key}`);
  }

  protected onError(step: FlowStep, value: string): void {
    this.update(step, { onError: value === 'fail' ? null : (value as OnErrorMode) }, 'onError');
  }

  protected onDisabled(step: FlowStep, value: boolean): void {
    this.update(step, { disabled: value ? true : null }, 'disabled');
  }

  protected onInputSchema(raw: string): void {
    if (raw.trim() === '') {
      this.inputSchemaError.set(null);
      this.controller.setInputSchema(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      this.inputSchemaError.set(null);
      this.controller.setInputSchema(parsed as Record<string, unknown>);
    } catch {
      this.inputSchemaError.set('Not a JSON object yet — the schema is kept until it parses.');
    }
  }

  protected openBody(step: FlowStep): void {
    this.controller.enterBody(step.id);
  }

  protected asText(value: unknown): string {
    return value === undefined || value === null ? '' : String(value);
  }
}
