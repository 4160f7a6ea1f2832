import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretDecryptionError, SecretsCipher, type EncryptedValue } from './secrets-cipher.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const cipher = (
  activeKeyId = 'k1',
  keys: Array<[string, Buffer]> = [
    ['k1', k1],
    ['k2', k2],
  ],
) => new SecretsCipher({ keys: new Map(keys), activeKeyId });
const acme = { tenantId: '6f1c2a54-1f0e-4c1f-9d7a-0b2b8d1e4a11', name: 'API_TOKEN' };

const reasonOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretDecryptionError);
    return (error as SecretDecryptionError).reason;
  }
  return undefined;
};
const flipped = (b: Buffer, at = 0) => {
  const copy = Buffer.from(b);
  copy[at % copy.length] ^= 0x01;
  return copy;
};

describe('SecretsCipher', () => {
  it('decrypts what it encrypted, for any text, under the active key', () => {
    const c = cipher();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2_000 }), (text) => {
        const value = c.encrypt(text, acme);
        expect(value.keyId).toBe('k1');
        expect(c.decrypt(value, acme)).toBe(text);
      }),
    );
  });

  it('never stores the plaintext and never repeats a nonce', () => {
    const c = cipher();
    const a = c.encrypt('same value', acme);
    const b = c.encrypt('same value', acme);
    expect(a.ciphertext.toString('utf8')).not.toContain('same value');
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect([a.iv.length, a.authTag.length]).toEqual([12, 16]);
  });

  it('decrypts a value written under an older key that is still configured', () => {
    const old = cipher('k2').encrypt('rotate me', acme);
    const current = cipher('k1');
    expect(current.isCurrent(old)).toBe(false);
    expect(current.decrypt(old, acme)).toBe('rotate me');
  });

  it('refuses a key id that is not configured', () => {
    const value = cipher('k2').encrypt('v', acme);
    expect(reasonOf(() => cipher('k1', [['k1', k1]]).decrypt(value, acme))).toBe('unknown_key');
  });

  it('refuses a value relabelled with another configured key id', () => {
    const value = cipher('k1').encrypt('v', acme);
    expect(reasonOf(() => cipher().decrypt({ ...value, keyId: 'k2' }, acme))).toBe('authentication_failed');
  });

  it('refuses a tampered ciphertext, tag or nonce, whichever bit flips', () => {
    const c = cipher();
    const value = c.encrypt('a value worth stealing', acme);
    fc.assert(
      fc.property(
        fc.constantFrom<keyof Omit<EncryptedValue, 'keyId'>>('ciphertext', 'authTag', 'iv'),
        fc.nat(),
        (field, at) => {
          const tampered = { ...value, [field]: flipped(value[field], at) };
          expect(reasonOf(() => c.decrypt(tampered, acme))).toBe('authentication_failed');
        },
      ),
    );
  });

  it('refuses a truncated tag or nonce rather than accepting a short one', () => {
    const c = cipher();
    const value = c.encrypt('v', acme);
    expect(reasonOf(() => c.decrypt({ ...value, authTag: value.authTag.subarray(0, 4) }, acme))).toBe(
      'authentication_failed',
    );
    expect(reasonOf(() => c.decrypt({ ...value, iv: value.iv.subarray(0, 8) }, acme))).toBe(
      'authentication_failed',
    );
  });

  it('binds the ciphertext to its tenant and name: moved anywhere else it does not decrypt', () => {
    const c = cipher();
    const value = c.encrypt('tenant-bound', acme);
    expect(
      reasonOf(() => c.decrypt(value, { ...acme, tenantId: '0f1c2a54-1f0e-4c1f-9d7a-0b2b8d1e4a11' })),
    ).toBe('authentication_failed');
    expect(reasonOf(() => c.decrypt(value, { ...acme, name: 'API_TOKEN_2' }))).toBe('authentication_failed');
  });

  it('keeps key material and values out of its error messages', () => {
    const value = cipher('k2').encrypt('plaintext-here', acme);
    try {
      cipher('k1', [['k1', k1]]).decrypt(value, acme);
    } catch (error) {
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text).not.toContain('plaintext-here');
      expect(text).not.toContain(k1.toString('base64'));
    }
  });

  it('refuses to start with an active key id it does not have', () => {
    expect(() => cipher('k3')).toThrow(/k3/);
  });
});
