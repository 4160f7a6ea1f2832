export * from './address-policy.js';
export * from './url-host.js';
