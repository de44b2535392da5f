/** Passwords for the sandbox's built-in accounts: generated, and hashed here because slapadd skips ppolicy. */
import { createHash, randomBytes } from 'node:crypto';

/** A random password of 24 URL-safe characters (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** `{SSHA}` hash as slapd writes it: base64(sha1(password + salt) + salt), with an 8-byte random salt. */
export function hashSsha(password: string, salt: Buffer = randomBytes(8)): string {
  const digest = createHash('sha1').update(password, 'utf8').update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}
