import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of a request or job carries. Filled by the API middleware and the worker. */
export interface RequestContext {
  requestId: string;
  tenantId?: string;
  runId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  /** Adds fields (tenant, run) once they are known, e.g. after authentication. */
  assign(fields: Partial<RequestContext>): void {
    const store = storage.getStore();
    if (store) Object.assign(store, fields);
  },
};
