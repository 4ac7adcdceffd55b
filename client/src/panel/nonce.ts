import { randomBytes } from 'node:crypto';

/** A CSP nonce: 128 random bits from the platform's CSPRNG, fresh for every webview load. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}
