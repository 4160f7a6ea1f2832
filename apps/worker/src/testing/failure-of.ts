import { isStepFailure, type StepFailure } from '@stepline/domain';

/** The `StepFailure` a promise rejects with; anything else (a success, another error) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<StepFailure> {
  const outcome = await promise.then(
    () => new Error('expected a StepFailure, but the promise resolved'),
    (error: unknown) => error,
  );
  if (!isStepFailure(outcome)) throw outcome;
  return outcome;
}
