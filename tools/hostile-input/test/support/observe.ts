/**
 * Everything a program can see of an exchange, as text: errors (message, toJSON, util.inspect),
 * events, logger output, util.inspect and JSON of the exchange itself. The credentials must not
 * occur in any of it — raw, percent-encoded (either hex case, `+` for space), JSON-escaped or in
 * base64 at any byte alignment. The forms are computed here, independently of the library's
 * redactor, so the scan checks the redactor rather than repeating it.
 */
import { inspect } from 'node:util';
import type { Exchange, Logger } from '@exchange-adapters/core';

export const EVENT_NAMES = ['request', 'response', 'retry', 'rateLimit', 'clockSync'] as const;

/** The spellings of one credential a careless echo could produce. */
export function credentialForms(value: string): string[] {
  const forms = new Set<string>([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  forms.add(encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  const bytes = Buffer.from(value);
  // Base64 of the value behind 0, 1 or 2 other bytes: the characters that depend on it alone.
  for (const lead of [0, 1, 2]) {
    const text = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
    const first = Math.ceil(lead / 3) * 4;
    const whole = Math.floor((lead + bytes.length) / 3) * 4;
    const core = text.slice(first, whole);
    if (core.length >= 8) forms.add(core).add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((form) => form.length >= 6);
}

/** Paths of the numbers in a unified result that are NaN or infinite (`info` and `error` are the exchange's own). */
export function nonFinite(value: unknown, at = 'result', found: string[] = []): string[] {
  if (typeof value === 'number' && !Number.isFinite(value)) found.push(at);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (key !== 'info' && key !== 'error') nonFinite(item, `${at}.${key}`, found);
  }
  return found;
}

export class Observer {
  readonly texts: string[] = [];
  readonly logger: Logger;

  constructor() {
    const record =
      (level: string) =>
      (message: string, details?: Record<string, unknown>): void => {
        this.texts.push(`${level} ${message} ${inspect(details, { depth: 8 })}`);
      };
    this.logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  }

  watch(exchange: Exchange): void {
    for (const name of EVENT_NAMES) {
      exchange.on(name, (event: unknown) => {
        this.texts.push(`${name} ${inspect(event, { depth: 8 })}`);
      });
    }
  }

  error(error: unknown): void {
    const record = error as { toJSON?: () => unknown; message?: unknown };
    this.texts.push(String(record?.message), JSON.stringify(record?.toJSON?.() ?? null), inspect(error, { depth: 8 }));
  }

  exchange(exchange: Exchange): void {
    this.texts.push(inspect(exchange, { depth: 8, showHidden: true }), JSON.stringify(exchange));
  }

  /** Occurrences of any form of any credential in what was observed (the texts are then dropped), with a few for the report. */
  drainOccurrences(credentials: readonly string[]): { count: number; samples: string[] } {
    const forms = credentials.filter((value) => value.length >= 6).flatMap(credentialForms);
    let count = 0;
    const samples: string[] = [];
    for (const text of this.texts.splice(0)) {
      for (const form of forms) {
        const found = text.split(form).length - 1;
        if (found === 0) continue;
        count += found;
        const at = text.indexOf(form);
        if (samples.length < 5)
          samples.push(`…${text.slice(Math.max(0, at - 120), at)}<<credential>>${text.slice(at + form.length, at + form.length + 60)}…`);
      }
    }
    return { count, samples };
  }
}
