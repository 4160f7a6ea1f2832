import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { fullDateTime, relativeTime } from '../../../shared/relative-time';
import type { RunDetail } from '../runs.graphql';

type Wait = RunDetail['waitingFor'][number];

/**
 * What a waiting run waits for (docs/adr/0006-durable-waits.md): a delay and until when, an event
 * by name and correlation key, an approval (decided from the approvals inbox) — each with its
 * timeout when it has one.
 */
@Component({
  selector: 'sl-run-waiting-for',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section
      class="panel run-waiting-for"
      data-testid="run-waiting-for"
      aria-labelledby="run-waiting-heading"
    >
      <h2 class="panel__title" id="run-waiting-heading">Waiting for</h2>
      <ul class="run-waiting-for__list">
        @for (wait of waits(); track wait.id) {
          <li data-testid="run-wait" [attr.data-kind]="wait.kind">
            <span class="mono">{{ wait.stepId }}</span>:
            @switch (wait.kind) {
              @case ('delay') {
                a delay
              }
              @case ('event') {
                the event <span class="mono" data-testid="run-wait-event">{{ wait.eventName }}</span>
                @if (wait.correlationKey; as key) {
                  with key <span class="mono" data-testid="run-wait-key">{{ key }}</span>
                } @else {
                  (any key)
                }
              }
              @case ('approval') {
                <a routerLink="/approvals" data-testid="run-wait-approval">an approval</a>
              }
              @case ('subflow') {
                @if (wait.childRunId; as childId) {
                  the subflow run
                  <a class="mono" data-testid="run-wait-child" [routerLink]="['/runs', childId]">{{
                    childId.slice(0, 8)
                  }}</a>
                } @else {
                  a subflow run
                }
              }
              @default {
                {{ wait.kind }}
              }
            }
            @if (wait.until; as until) {
              — until
              <time
                data-testid="run-wait-until"
                [attr.datetime]="until"
                [attr.title]="relativeTime(until, now())"
                >{{ fullDateTime(until) }}</time
              >
            } @else {
              — no time limit
            }
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    .run-waiting-for {
      margin-bottom: var(--sl-space-4);
    }
    .run-waiting-for__list {
      margin: 0;
      padding-left: var(--sl-space-4);
    }
  `,
})
export class RunWaitingForComponent {
  readonly waits = input.required<readonly Wait[]>();
  readonly now = input<number>(Date.now());

  protected readonly fullDateTime = fullDateTime;
  protected readonly relativeTime = relativeTime;
}
