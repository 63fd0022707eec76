/**
 * Secrets never leave the library: not in errors, events, logs or `util.inspect`. A Redactor knows
 * the credential values of one exchange instance and masks them wherever they might appear,
 * including in text an exchange echoes back — and in the forms they take on the way: percent-
 * encoded in a query or form body (either hex case, `+` for space), escaped inside JSON, and
 * base64-encoded at any of the three byte alignments a longer base64 text can give them.
 */
import { type ExchangeError, isExchangeError, reviseError } from './errors.js';

const MASK = '[redacted]';
const SENSITIVE_NAME = /key|sign|secret|passphrase|password|token|authorization/i;
/** Shorter values cannot be masked without masking ordinary words and numbers. */
const MIN_SECRET_LENGTH = 4;
/** A base64 core shorter than this is too likely to occur by chance to be worth masking. */
const MIN_BASE64_CORE = 8;

/** Every spelling of `value` this library or an exchange could produce. */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const percent = encodeURIComponent(value);
  forms.add(percent);
  forms.add(percent.replace(/%[0-9A-F]{2}/g, (sequence) => sequence.toLowerCase()));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  forms.add(JSON.stringify(value).slice(1, -1));
  for (const core of base64Cores(value)) forms.add(core);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * The part of base64(prefix + value + suffix) that depends on `value` alone, for a prefix of 0, 1
 * or 2 bytes: whatever precedes the value in a longer encoded text, one of these appears in it.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    // Characters that mix in bytes of the unknown neighbours are dropped at both ends.
    const skipBytes = (3 - offset) % 3;
    const usable = bytes.subarray(skipBytes);
    const whole = usable.length - (usable.length % 3);
    if (whole <= 0) continue;
    const core = usable.subarray(0, whole).toString('base64');
    if (core.length < MIN_BASE64_CORE) continue;
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/**
 * Masks the given secrets in text and headers, as typed and in their percent-encoded, JSON-escaped and
 * base64 forms.
 */
export class Redactor {
  readonly #forms: string[];

  constructor(values: ReadonlyArray<string | undefined>) {
    const forms = new Set<string>();
    for (const value of values) {
      if (typeof value !== 'string' || value.trim().length < MIN_SECRET_LENGTH) continue;
      for (const form of secretForms(value)) forms.add(form);
      if (value !== value.trim()) for (const form of secretForms(value.trim())) forms.add(form);
    }
    // Longest first so a value that contains another is masked whole.
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
  }

  /** The text with every secret form replaced by `[redacted]`. */
  text(text: string): string {
    let masked = text;
    for (const form of this.#forms) if (masked.includes(form)) masked = masked.split(form).join(MASK);
    return masked;
  }

  /** The headers with every secret form masked. */
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

  /**
   * The error with every text it carries masked (message, exchange message, hint, request path),
   * and its cause when that is one of ours; the same object when there was nothing to mask.
   */
  error<E>(error: E): E {
    if (!isExchangeError(error)) return error;
    const cause = this.error(error.cause);
    const changes = {
      message: this.text(error.detail),
      exchangeMessage: error.exchangeMessage === undefined ? undefined : this.text(error.exchangeMessage),
      hint: this.text(error.hint),
      request: error.request && { method: error.request.method, path: this.params(error.request.path) },
      clientOrderId: error.clientOrderId === undefined ? undefined : this.text(error.clientOrderId),
    };
    const unchanged =
      cause === error.cause &&
      changes.message === error.detail &&
      changes.exchangeMessage === error.exchangeMessage &&
      changes.hint === error.hint &&
      changes.request?.path === error.request?.path &&
      changes.clientOrderId === error.clientOrderId;
    if (unchanged) return error;
    return reviseError(error as ExchangeError, { ...changes, cause }) as E;
  }
}
