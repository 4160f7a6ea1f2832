export * from './tokens.js';
export * from './passwords.js';
export * from './secrets-cipher.js';
export * from './secrets-reencryption.js';
export * from './webhook-signature.js';
