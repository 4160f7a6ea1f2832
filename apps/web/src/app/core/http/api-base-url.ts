import { InjectionToken } from '@angular/core';

/**
 * Origin prefix for API calls. Empty by default: the API serves the editor, so the browser talks
 * to the same origin and needs no CORS. Tests or a split deployment can provide another value.
 */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', {
  providedIn: 'root',
  factory: () => '',
});

/** Joins the base URL and an absolute API path without doubling or dropping the slash. */
export const apiUrl = (baseUrl: string, path: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
