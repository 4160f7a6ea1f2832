export * from './outbound-url.js';
export { systemLookup, type LookupAddress, type LookupFn } from './guarded-connector.js';
export * from './outbound-http.client.js';
