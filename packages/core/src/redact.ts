/**
 * Secrets never leave the library: not in errors, events, logs or `util.inspect`. A Redactor knows
 * the credential values of one exchange instance and masks them wherever they might appear,
 * including in text an exchange echoes back.
 */
const MASK = '[redacted]';
const SENSITIVE_NAME = /key|sign|secret|passphrase|password|token|authorization/i;

export class Redactor {
  readonly #values: string[];

  constructor(values: ReadonlyArray<string | undefined>) {
    // Longest first so a value that contains another is masked whole.
    this.#values = values
      .filter((value): value is string => typeof value === 'string' && value.trim().length >= 4)
      .map((value) => value.trim())
      .sort((a, b) => b.length - a.length);
  }

  text(text: string): string {
    let masked = text;
    for (const value of this.#values) masked = masked.split(value).join(MASK);
    return masked;
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const masked: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      masked[name] = SENSITIVE_NAME.test(name) ? MASK : this.text(value);
    }
    return masked;
  }

  /** Masks `name=value` pairs of sensitive names in a query string or form body, then known values. */
  params(text: string): string {
    return this.text(text.replace(/([^&=?]+)=([^&]*)/g, (pair, name: string) => (SENSITIVE_NAME.test(name) ? `${name}=${MASK}` : pair)));
  }

  /** Masks a body that may be JSON or form text. */
  body(text: string): string {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      return this.text(
        text.replace(/("([^"]*)"\s*:\s*)"([^"]*)"/g, (pair, prefix: string, name: string) =>
          SENSITIVE_NAME.test(name) ? `${prefix}"${MASK}"` : pair,
        ),
      );
    }
    return this.params(text);
  }
}
