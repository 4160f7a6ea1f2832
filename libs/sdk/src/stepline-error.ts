/** One field problem of a 422 (JSON pointer into the request). */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/** Every non-2xx answer of the API, as the problem+json it carried (`code` is stable; match on it). */
export class SteplineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
    readonly requestId?: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'SteplineError';
  }

  static async fromResponse(response: Response, body?: unknown): Promise<SteplineError> {
    const problem = (body ?? (await response.json().catch(() => undefined))) as
      { code?: string; detail?: string; errors?: FieldProblem[]; requestId?: string } | undefined;
    return new SteplineError(
      response.status,
      problem?.code ?? `http.${response.status}`,
      problem?.detail ?? response.statusText,
      problem?.errors ?? [],
      problem?.requestId,
      problem,
    );
  }
}
