/**
 * Credential preflight: before a private call is signed, each required field must be present and
 * look like a credential. Nothing is sent otherwise, and the error names the field — never its value.
 * The errors say nothing about orders: this check runs before reads too, and an order refused here
 * is marked `orderState: 'not-placed'` by the create path (Pipeline.placeOrder).
 */
import { AuthInvalid, AuthMissing } from './errors.js';
import type { Credentials } from './types.js';

/** A credential field name: `apiKey`, `secret` or `passphrase`. */
export type CredentialField = keyof Credentials;

const PLACEHOLDER_TEXT = new Set(['undefined', 'null', 'nan', '']);

/** C0 and C1 controls and DEL: a line break, tab, NUL… */
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * Throws `AuthMissing` (naming the field) or `AuthInvalid` (surrounding whitespace, a control
 * character, the text `undefined`…) when the `required` credentials cannot sign; nothing is sent.
 */
export function checkCredentials(exchange: string, credentials: Credentials, required: readonly CredentialField[]): void {
  for (const field of required) {
    const value = credentials[field];
    if (value === undefined || value === null || value === '') {
      throw new AuthMissing({
        exchange,
        message: `${field} is required for private calls and was not given`,
        hint: `Pass ${field} in the exchange options (for example from an environment variable).`,
      });
    }
    if (typeof value !== 'string') {
      throw new AuthInvalid({
        exchange,
        message: `${field} must be a string`,
        hint: `Pass ${field} as the text the exchange showed when the key was created.`,
      });
    }
    if (PLACEHOLDER_TEXT.has(value.trim().toLowerCase())) {
      throw new AuthMissing({
        exchange,
        message: `${field} is the text "${value.trim()}"`,
        hint: `An unset variable was probably turned into text (\`\${process.env.X}\`); check that ${field} is set where the program starts.`,
      });
    }
    if (value !== value.trim()) {
      throw new AuthInvalid({
        exchange,
        message: `${field} has leading or trailing whitespace`,
        hint: `Remove the spaces or newline around ${field}; it was likely copied with them. The exchange would reject the signature.`,
      });
    }
    // Credentials travel in HTTP headers (and WebSocket login frames): a line break inside one
    // would end the header there. No exchange issues keys with control characters.
    if (CONTROL_CHARACTER.test(value)) {
      throw new AuthInvalid({
        exchange,
        message: `${field} contains a control character (a line break, tab or similar)`,
        hint: `Copy ${field} again from the exchange's key page as one line of text; the exchange would reject it.`,
      });
    }
  }
}
