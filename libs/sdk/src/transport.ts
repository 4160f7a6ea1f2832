import type { Client } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';

/** What each area's API needs of the client: the typed fetch client and the answer/error mapping. */
export interface ApiTransport {
  raw: Client<paths>;
  call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T>;
}

/** Every item of a cursor-paged list, fetching the next page as the iteration reaches it. */
export async function* eachItem<T>(
  page: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor?: string | null }>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const current = await page(cursor);
    yield* current.data;
    cursor = current.nextCursor ?? undefined;
  } while (cursor);
}
