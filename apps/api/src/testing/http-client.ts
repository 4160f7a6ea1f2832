/** A minimal JSON client over real HTTP for integration tests. */
export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      headers: res.headers,
      body: (/application\/(problem\+)?json/.test(type) && text ? JSON.parse(text) : text) as T,
    };
  }

  get = <T = any>(path: string, o?: RequestOptions) => this.request<T>('GET', path, o);
  post = <T = any>(path: string, body?: unknown, o?: RequestOptions) =>
    this.request<T>('POST', path, { ...o, body });
  put = <T = any>(path: string, body?: unknown, o?: RequestOptions) =>
    this.request<T>('PUT', path, { ...o, body });
  patch = <T = any>(path: string, body?: unknown, o?: RequestOptions) =>
    this.request<T>('PATCH', path, { ...o, body });
  delete = <T = any>(path: string, o?: RequestOptions) => this.request<T>('DELETE', path, o);

  /** A GraphQL operation; answers the whole `{ data, errors }` envelope. */
  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string) {
    const res = await this.post<{
      data?: T;
      errors?: Array<{ message: string; extensions?: Record<string, any> }>;
    }>('/graphql', { query, variables }, { token });
    return res.body;
  }
}
