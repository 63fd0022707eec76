import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/okex-v1');

/** The recorded reply of a fixture file, e.g. `spot-ticker`. */
export function fixture<T = unknown>(name: string): T {
  const recorded = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { response: T };
  return recorded.response;
}
