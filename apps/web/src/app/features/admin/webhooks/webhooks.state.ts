import { Injectable, signal } from '@angular/core';
import { BusyIds } from '../../../shared/busy-ids';
import { PagedList } from '../shared/paged-list';
import type { WebhookDelivery, WebhookEndpoint } from './webhooks.graphql';

/** A signing secret the API answered once (create, rotate), shown until dismissed. */
export interface ShownSecret {
  endpointId: string;
  url: string;
  secret: string;
  rotated: boolean;
}

/**
 * What the webhooks tab shows. A signing secret is held only while its panel is open. Signals are
 * read-only outside; `WebhooksController` changes them.
 */
@Injectable()
export class WebhooksState {
  readonly endpoints = new PagedList<WebhookEndpoint>();
  readonly deliveries = new PagedList<WebhookDelivery>();
  private readonly shownSecretSignal = signal<ShownSecret | null>(null);
  private readonly creatingSignal = signal(false);
  private readonly createErrorSignal = signal<string | null>(null);
  private readonly editingSignal = signal<string | null>(null);
  private readonly savingSignal = signal(false);
  private readonly editErrorSignal = signal<string | null>(null);
  private readonly actionErrorSignal = signal<string | null>(null);
  private readonly noticeSignal = signal<string | null>(null);
  private readonly selectedSignal = signal<WebhookEndpoint | null>(null);

  readonly shownSecret = this.shownSecretSignal.asReadonly();
  readonly creating = this.creatingSignal.asReadonly();
  readonly createError = this.createErrorSignal.asReadonly();
  /** The endpoint whose settings are open for editing. */
  readonly editing = this.editingSignal.asReadonly();
  readonly saving = this.savingSignal.asReadonly();
  readonly editError = this.editErrorSignal.asReadonly();
  /** Endpoints and deliveries with a change (delete, rotate, toggle, redeliver) in flight. */
  readonly busy = new BusyIds();
  readonly actionError = this.actionErrorSignal.asReadonly();
  readonly notice = this.noticeSignal.asReadonly();
  /** The endpoint whose delivery log is open. */
  readonly selected = this.selectedSignal.asReadonly();

  reset(): void {
    this.endpoints.reset();
    this.deliveries.reset();
    this.shownSecretSignal.set(null);
    this.createErrorSignal.set(null);
    this.editingSignal.set(null);
    this.editErrorSignal.set(null);
    this.busy.clear();
    this.actionErrorSignal.set(null);
    this.noticeSignal.set(null);
    this.selectedSignal.set(null);
  }

  showSecret(shown: ShownSecret | null): void {
    this.shownSecretSignal.set(shown);
  }

  setCreating(on: boolean, error: string | null = null): void {
    this.creatingSignal.set(on);
    this.createErrorSignal.set(error);
  }

  startEdit(id: string | null): void {
    this.editingSignal.set(id);
    this.editErrorSignal.set(null);
  }

  setSaving(on: boolean, error: string | null = null): void {
    this.savingSignal.set(on);
    this.editErrorSignal.set(error);
  }

  setActionError(message: string | null): void {
    this.actionErrorSignal.set(message);
  }

  setNotice(message: string | null): void {
    this.noticeSignal.set(message);
  }

  select(endpoint: WebhookEndpoint | null): void {
    this.selectedSignal.set(endpoint);
  }
}
