/**
 * Client order ids: every order carries one, so an order whose reply was lost can be found again.
 * Generated ids are unique per process and time-ordered: a prefix, the time in base 36, a counter
 * and random characters, cut to the exchange's grammar.
 */
import { randomBytes } from 'node:crypto';
import { InvalidOrder } from './errors.js';

/** What an exchange accepts as a client order id. */
export interface ClientOrderIdGrammar {
  /** Longest accepted id. */
  maxLength: number;
  /** The characters accepted. */
  pattern: RegExp;
  /** Readable description for error hints: "1–32 letters and digits". */
  description: string;
}

const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const RANDOM_CHARS = 16;
let counter = 0;

/** Random bytes drawn 4 KB at a time: one call to the system's generator per 256 ids, not per id. */
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomChars(count: number): string {
  if (poolOffset + count > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  let text = '';
  for (let i = 0; i < count; i++) text += ALPHANUMERIC[(pool[poolOffset + i] as number) % ALPHANUMERIC.length];
  poolOffset += count;
  return text;
}

/**
 * A fresh client order id of at most `maxLength` alphanumerics, starting with `prefix`: unique per call
 * (time and randomness), valid on every exchange.
 */
export function generateClientOrderId(maxLength: number, prefix = 'ea'): string {
  counter = (counter + 1) % 36 ** 3;
  const time = Date.now().toString(36);
  const sequence = counter.toString(36).padStart(3, '0');
  return `${prefix}${time}${sequence}${randomChars(RANDOM_CHARS)}`.slice(0, Math.min(maxLength, 28));
}

/** Throws `InvalidOrder`, nothing sent, when a client order id breaks the exchange's grammar. */
export function checkClientOrderId(exchange: string, clientOrderId: string, grammar: ClientOrderIdGrammar): void {
  if (typeof clientOrderId !== 'string' || clientOrderId.length > grammar.maxLength || !grammar.pattern.test(clientOrderId)) {
    throw new InvalidOrder({
      exchange,
      message: `clientOrderId ${JSON.stringify(clientOrderId)} breaks ${exchange}'s grammar (${grammar.description})`,
      orderState: 'not-placed',
      hint: `Use ${grammar.description}, or omit clientOrderId and one is generated.`,
    });
  }
}
