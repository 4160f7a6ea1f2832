import type { Problem } from '../errors/problem';

/** One entry of a GraphQL answer's `errors`, as the API's ProblemFilter shapes it. */
export interface GraphqlErrorEntry {
  message?: string;
  path?: readonly (string | number)[];
  extensions?: {
    code?: string;
    status?: number;
    errors?: Problem['errors'];
    problems?: Problem['problems'];
    requestId?: string;
    [key: string]: unknown;
  };
}

/**
 * A GraphQL operation the API refused. It carries the same problem (code, status, failing fields)
 * a REST call would have answered, so the editor maps both protocols' errors through one table.
 */
export class GraphqlRequestError extends Error {
  override readonly name = 'GraphqlRequestError';

  constructor(
    readonly problem: Problem,
    readonly operationName: string,
  ) {
    super(problem.detail ?? problem.code ?? 'GraphQL request failed');
  }

  get status(): number {
    return this.problem.status ?? 0;
  }

  get code(): string | undefined {
    return this.problem.code;
  }

  /** The first error of an answer (the API stops at the first failing field of a mutation). */
  static from(errors: readonly GraphqlErrorEntry[], operationName: string): GraphqlRequestError {
    const first = errors[0] ?? {};
    const ext = first.extensions ?? {};
    const problem: Problem = {
      ...(ext as object),
      ...(typeof ext.code === 'string' ? { code: ext.code } : {}),
      // An error without a status (e.g. a query the schema rejects) is the client's fault.
      status: typeof ext.status === 'number' ? ext.status : 400,
      detail: first.message,
    };
    return new GraphqlRequestError(problem, operationName);
  }
}
