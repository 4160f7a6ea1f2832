import type { HttpTestingController, TestRequest } from '@angular/common/http/testing';

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
  operationName: string;
}

/** The body a GraphQL request was posted with. */
export const graphqlBody = (request: TestRequest): GraphqlBody => request.request.body as GraphqlBody;

/** The variables of a GraphQL request, to assert what the editor asked for. */
export const variablesOf = (request: TestRequest): Record<string, unknown> => graphqlBody(request).variables;

/** The one pending request of a GraphQL operation, by its name (`FlowsList`, `Members` …). */
export const expectOperation = (http: HttpTestingController, operationName: string): TestRequest =>
  http.expectOne(isOperation(operationName), `GraphQL operation ${operationName}`);

/** Asserts no request of that operation is pending. */
export const expectNoOperation = (http: HttpTestingController, operationName: string): void =>
  http.expectNone(isOperation(operationName), `GraphQL operation ${operationName}`);

/** Answers with data, as the API does on success. */
export const answerData = (request: TestRequest, data: object): void => request.flush({ data });

/**
 * Answers with one error carrying a problem code, shaped as the API's ProblemFilter shapes it
 * (HTTP 200, `errors[0].extensions.code` and `status`).
 */
export const answerProblem = (
  request: TestRequest,
  status: number,
  code: string,
  extensions: Record<string, unknown> = {},
  message = code,
): void => request.flush({ data: null, errors: [{ message, extensions: { code, status, ...extensions } }] });

/** A request matcher for `http.match` / `expectNone` by operation name. */
export const isOperation =
  (operationName: string) =>
  (r: { url: string; body: unknown }): boolean =>
    r.url === '/graphql' && (r.body as GraphqlBody | null)?.operationName === operationName;

/** Answers every pending flows-list request with an empty list (the frame opens on /flows). */
export const answerEmptyFlowsList = (http: HttpTestingController): void => {
  for (const request of http.match(isOperation('FlowsList')))
    answerData(request, { flows: { data: [], nextCursor: null } });
};
