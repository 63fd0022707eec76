/**
 * Credential format: what can be told about a key, secret and passphrase without sending them.
 * Pure functions; messages name the field and where it came from, never its value (the API key's
 * last four characters at most, so that a user can tell which key was read).
 */
import {
  CREDENTIAL_FIELDS,
  type CredentialField,
  type CredentialSource,
  type Credentials,
  EXCHANGE_NAMES,
  type ExchangeId,
  envName,
} from '../connect.js';

export interface Shape {
  pattern: RegExp;
  /** How the exchange issues it, for messages: "36 characters: a UUID (8-4-4-4-12 hex digits)". */
  description: string;
  length?: number;
  /** Characters it is made of, to tell a wrong alphabet from a wrong length. */
  alphabet?: RegExp;
}

const UUID: Shape = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  description: 'a UUID of 36 characters (8-4-4-4-12 lower-case hex digits)',
  length: 36,
  alphabet: /^[0-9a-f-]*$/,
};
const UPPER_HEX_32: Shape = {
  pattern: /^[0-9A-F]{32}$/,
  description: '32 upper-case hex characters',
  length: 32,
  alphabet: /^[0-9A-F]*$/,
};

/**
 * Shapes as each exchange issues them: OKX and OKEx v1 from their docs' examples
 * (protocols/okx-v5.md §2.1, okex-v1.md §4.1); WEEX from public client code and samples (`weex_` +
 * 32 hex key, 64 hex secret) and its FAQ (alphanumeric passphrase). OKX passphrases are chosen by
 * the user and have no fixed shape.
 */
export const CREDENTIAL_SHAPES: Readonly<Record<ExchangeId, Partial<Record<CredentialField, Shape>>>> = {
  okx: { apiKey: UUID, secret: UPPER_HEX_32 },
  weex: {
    apiKey: { pattern: /^weex_[0-9a-f]{32}$/, description: '"weex_" and 32 lower-case hex characters (37 in all)', length: 37 },
    secret: { pattern: /^[0-9a-f]{64}$/, description: '64 lower-case hex characters', length: 64, alphabet: /^[0-9a-f]*$/ },
    passphrase: {
      pattern: /^[A-Za-z0-9]+$/,
      description: 'letters and digits only (WEEX FAQ)',
      alphabet: /^[A-Za-z0-9]*$/,
    },
  },
  'okex-v1': { apiKey: UUID, secret: UPPER_HEX_32 },
};

const PLACEHOLDERS = new Set(['undefined', 'null', 'nan', 'none', '""', "''"]);

export interface FormatProblem {
  field: CredentialField;
  /** What is wrong, naming the field and its source. */
  problem: string;
  fix: string;
}

export interface FormatFinding {
  problems: FormatProblem[];
  /** `…1f2e`: enough to tell which key was read, never the key. */
  keyTail?: string;
}

function sourceText(source: CredentialSource | undefined): string {
  if (!source) return '';
  return source.kind === 'simulator' ? ' (from the simulator)' : ` (from ${source.name})`;
}

function settingHint(exchange: ExchangeId, field: CredentialField, source: CredentialSource | undefined): string {
  if (source?.kind === 'flag') return `pass it with ${source.name}`;
  return `set ${envName(exchange, field)} (or pass --${field === 'apiKey' ? 'api-key' : field})`;
}

/** Checks one field; undefined when it looks right. */
function checkField(
  exchange: ExchangeId,
  field: CredentialField,
  value: string | undefined,
  source: CredentialSource | undefined,
): FormatProblem | undefined {
  const name = EXCHANGE_NAMES[exchange];
  const from = sourceText(source);
  if (value === undefined || value === '') {
    return {
      field,
      problem: `${field} is missing${from}`,
      fix: `${settingHint(exchange, field, source)} to the ${field} ${name} showed when the key was created`,
    };
  }
  const trimmed = value.trim();
  if (trimmed === '')
    return { field, problem: `${field} is blank${from}`, fix: `${settingHint(exchange, field, source)} to the real value` };
  if (PLACEHOLDERS.has(trimmed.toLowerCase())) {
    return {
      field,
      problem: `${field} is the text "${trimmed}"${from}: an unset variable was turned into text`,
      fix: `${settingHint(exchange, field, source)} where the program starts, before it is read`,
    };
  }
  if (value !== trimmed) {
    return {
      field,
      problem: `${field} has ${/^\s/.test(value) ? 'leading' : 'trailing'} whitespace${from}`,
      fix: `remove the spaces or newline around ${field}; it was likely copied with them, and ${name} would reject the signature`,
    };
  }
  if (/^(["'`]).*\1$/.test(value)) {
    return {
      field,
      problem: `${field} is wrapped in quotes${from}`,
      fix: 'remove the quotes: they were probably kept from a .env or shell file',
    };
  }
  if (/\s/.test(value)) return { field, problem: `${field} contains whitespace${from}`, fix: `copy ${field} again in one piece` };
  if (/[^\x21-\x7e]/.test(value)) {
    return { field, problem: `${field} contains characters outside printable ASCII${from}`, fix: `copy ${field} again as plain text` };
  }
  const shape = CREDENTIAL_SHAPES[exchange][field];
  if (!shape || shape.pattern.test(value)) return undefined;
  const expect = `${name} issues ${field === 'apiKey' ? 'API keys' : `${field}s`} as ${shape.description}`;
  if (shape.length !== undefined && value.length !== shape.length) {
    return {
      field,
      problem: `${field} is ${value.length} characters${from}; ${expect}`,
      fix: `copy ${field} again in full from where ${name} showed it`,
    };
  }
  if (shape.alphabet?.test(value.toUpperCase()) && !shape.alphabet.test(value)) {
    return {
      field,
      problem: `${field} has lower-case letters${from}; ${expect}`,
      fix: `copy ${field} again: something changed its case, and a changed secret signs wrongly`,
    };
  }
  if (shape.alphabet?.test(value.toLowerCase()) && !shape.alphabet.test(value)) {
    return {
      field,
      problem: `${field} has upper-case letters${from}; ${expect}`,
      fix: `copy ${field} again: something changed its case`,
    };
  }
  return {
    field,
    problem: `${field} has characters ${name} does not use there${from}; ${expect}`,
    fix: `check that ${field} is the value ${name} showed, and not another field`,
  };
}

/** All format problems of a set of credentials; the first one is the cause. */
export function checkFormat(
  exchange: ExchangeId,
  credentials: Credentials,
  sources: Partial<Record<CredentialField, CredentialSource>>,
): FormatFinding {
  const problems: FormatProblem[] = [];
  for (const field of CREDENTIAL_FIELDS[exchange]) {
    const problem = checkField(exchange, field, credentials[field], sources[field]);
    if (problem) problems.push(problem);
  }
  // A secret shaped like the API key (or the reverse) means two values were swapped.
  const shapes = CREDENTIAL_SHAPES[exchange];
  const { apiKey, secret } = credentials;
  if (problems.length > 0 && apiKey && secret && shapes.apiKey?.pattern.test(secret) && shapes.secret?.pattern.test(apiKey)) {
    problems.splice(0, problems.length, {
      field: 'apiKey',
      problem: 'apiKey and secret are swapped: the apiKey has the shape of a secret and the secret that of an API key',
      fix: 'exchange the two values',
    });
  }
  const keyTail = apiKey && apiKey.trim().length >= 8 ? `…${apiKey.trim().slice(-4)}` : undefined;
  return { problems, keyTail };
}
