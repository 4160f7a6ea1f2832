import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { CodeEditorComponent } from '../code-editor.component';
import { ExpressionInputComponent } from '../expressions/expression-input.component';
import { getPath, setPath, type FieldModel } from './schema-field.model';

export interface FieldChange {
  readonly path: string;
  readonly value: unknown;
}

let nextId = 0;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One field of a schema-driven form (recursive for groups); emits changes by config path. */
@Component({
  selector: 'sl-schema-field',
  imports: [ExpressionInputComponent, CodeEditorComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './schema-field.component.html',
  styleUrl: './schema-field.component.scss',
})
export class SchemaFieldComponent {
  readonly field = input.required<FieldModel>();
  /** The whole config; each field reads its own path. */
  readonly config = input.required<Record<string, unknown>>();
  readonly stepId = input<string | undefined>(undefined);
  readonly readOnly = input(false);
  readonly problems = input<ReadonlyMap<string, string>>(new Map());
  readonly changed = output<FieldChange>();

  protected readonly id = `field-${nextId++}`;
  protected readonly jsonError = signal<string | null>(null);
  protected readonly value = computed(() => getPath(this.config(), this.field().path));
  protected readonly text = computed(() => {
    const v = this.value();
    return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
  });
  protected readonly json = computed(() => {
    const v = this.value();
    return v === undefined ? '' : JSON.stringify(v, null, 2);
  });
  protected readonly entries = computed(() => {
    const v = this.value();
    return isRecord(v) ? Object.entries(v).map(([key, value]) => ({ key, value: String(value ?? '') })) : [];
  });
  protected readonly items = computed(() => {
    const v = this.value();
    return Array.isArray(v) ? (v as unknown[]) : [];
  });
  protected readonly jsonHint = computed(() =>
    this.field().expression === 'template' ? 'JSON; strings may hold {{ expressions }}' : 'JSON',
  );
  protected readonly problem = computed(() =>
    this.problems().get(`/${this.field().path.replace(/\./g, '/')}`),
  );

  protected emit(value: unknown): void {
    this.changed.emit({ path: this.field().path, value });
  }

  protected onText(value: string): void {
    this.emit(value === '' && !this.field().required ? undefined : value);
  }

  protected onNumber(raw: string): void {
    if (raw.trim() === '') return this.emit(undefined);
    const n = Number(raw);
    if (Number.isFinite(n)) this.emit(this.field().integer ? Math.trunc(n) : n);
  }

  protected onJson(raw: string): void {
    if (raw.trim() === '') {
      this.jsonError.set(null);
      return this.emit(undefined);
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      this.jsonError.set(null);
      this.emit(parsed);
    } catch {
      this.jsonError.set('Not valid JSON yet — the value is kept until it parses.');
    }
  }

  protected setEntry(index: number, key: string, value: string): void {
    const rows = this.entries().map((e, i) => (i === index ? { key, value } : e));
    this.emit(Object.fromEntries(rows.filter((r) => r.key !== '').map((r) => [r.key, r.value])));
  }

  protected addEntry(): void {
    const rows = this.entries();
    let name = 'name';
    for (let n = 2; rows.some((r) => r.key === name); n++) name = `name-${n}`;
    this.emit(Object.fromEntries([...rows, { key: name, value: '' }].map((r) => [r.key, r.value])));
  }

  protected removeEntry(index: number): void {
    this.emit(
      Object.fromEntries(
        this.entries()
          .filter((_, i) => i !== index)
          .map((r) => [r.key, r.value]),
      ),
    );
  }

  protected setItem(index: number, value: unknown): void {
    this.emit(this.items().map((item, i) => (i === index ? value : item)));
  }

  protected addItem(): void {
    const template = this.field().kind === 'group-list' ? {} : '';
    this.emit([...this.items(), template]);
  }

  protected removeItem(index: number): void {
    this.emit(this.items().filter((_, i) => i !== index));
  }

  /** A change inside one item of a group list, by the child field's path inside the item. */
  protected onItemChange(index: number, change: FieldChange): void {
    const item = this.items()[index];
    this.setItem(index, setPath(isRecord(item) ? item : {}, change.path, change.value));
  }

  protected asRecord(value: unknown): Record<string, unknown> {
    return isRecord(value) ? value : {};
  }

  protected asText(value: unknown): string {
    return typeof value === 'string' ? value : '';
  }
}
