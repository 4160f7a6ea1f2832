import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';

/**
 * A webhook URL just created or rotated, with copy buttons and a curl example. The token is part
 * of the URL, so this is the only time it is shown (like an API key): it lives in this component's
 * input until dismissed.
 */
@Component({
  selector: 'sl-webhook-url-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'panel panel--notice url-panel',
    role: 'region',
    'aria-label': 'Webhook URL',
    'data-testid': 'webhook-url-revealed',
  },
  template: `
    <h3 class="url-panel__heading">{{ rotated() ? 'New webhook URL' : 'Your webhook URL' }}</h3>
    <p class="url-panel__text">
      Shown only once: the token in it is the credential. Copy it now.
      @if (rotated()) {
        The previous URL stopped working.
      }
    </p>
    <div class="url-panel__row">
      <label class="visually-hidden" for="webhook-url">Webhook URL</label>
      <input
        #field
        id="webhook-url"
        class="field__input url-panel__value"
        readonly
        [value]="url()"
        data-testid="webhook-url"
        (focus)="field.select()"
      />
      <button type="button" class="button button--small" data-testid="copy-url" (click)="copy('url', url())">
        {{ copied() === 'url' ? 'Copied' : 'Copy' }}
      </button>
    </div>
    <div class="url-panel__curl-head">
      <span class="field__label">Try it with curl</span>
      <button
        type="button"
        class="button button--small"
        data-testid="copy-curl"
        (click)="copy('curl', curl())"
      >
        {{ copied() === 'curl' ? 'Copied' : 'Copy' }}
      </button>
    </div>
    <pre class="url-panel__curl" data-testid="curl-example">{{ curl() }}</pre>
    @if (copyFailed()) {
      <p class="url-panel__text" role="status">Copying is blocked here: select the text and copy it.</p>
    }
    <button type="button" class="button button--small" data-testid="url-dismiss" (click)="dismissed.emit()">
      Done
    </button>
  `,
  styles: `
    :host {
      display: grid;
      gap: var(--sl-space-2);
      margin: var(--sl-space-3);
      padding: var(--sl-space-3);
    }
    .url-panel__heading {
      margin: 0;
      font-size: 0.9375rem;
      font-weight: 600;
    }
    .url-panel__text {
      margin: 0;
      color: var(--sl-color-text-muted);
      font-size: 0.8125rem;
    }
    .url-panel__row,
    .url-panel__curl-head {
      display: flex;
      gap: var(--sl-space-2);
      align-items: center;
      justify-content: space-between;
    }
    .url-panel__value {
      flex: 1;
      min-width: 0;
      font-family: var(--sl-font-mono);
      font-size: 0.75rem;
    }
    .url-panel__curl {
      margin: 0;
      padding: var(--sl-space-2);
      overflow-x: auto;
      border-radius: var(--sl-radius-md);
      background: var(--sl-color-surface);
      font-family: var(--sl-font-mono);
      font-size: 0.6875rem;
      white-space: pre;
    }
  `,
})
export class WebhookUrlPanelComponent {
  readonly url = input.required<string>();
  readonly curl = input.required<string>();
  readonly rotated = input(false);
  readonly dismissed = output();

  protected readonly copied = signal<'url' | 'curl' | null>(null);
  protected readonly copyFailed = signal(false);

  protected async copy(what: 'url' | 'curl', text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copied.set(what);
      this.copyFailed.set(false);
    } catch {
      this.copyFailed.set(true);
    }
  }
}
