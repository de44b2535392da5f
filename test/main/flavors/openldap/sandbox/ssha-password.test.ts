import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generatePassword, hashSsha } from '../../../../../main/flavors/openldap/sandbox/ssha-password';

describe('#hashSsha()', () => {
  it('stores sha1(password + salt) followed by the salt', () => {
    const salt = Buffer.from('0011223344556677', 'hex');
    const hash = hashSsha('secret', salt);
    const raw = Buffer.from(hash.slice('{SSHA}'.length), 'base64');
    expect(raw.subarray(20)).toEqual(salt);
    expect(raw.subarray(0, 20)).toEqual(createHash('sha1').update('secret').update(salt).digest());
  });

  it('salts every hash differently', () => {
    expect(hashSsha('same')).not.toBe(hashSsha('same'));
  });
});

describe('#generatePassword()', () => {
  it('makes 24 URL-safe characters, different each time', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(password);
  });
});
