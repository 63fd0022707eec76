/** Recorded WEEX payloads from ../shared/fixtures/weex, parsed losslessly like the pipeline does. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseJson } from '@exchange-adapters/core/adapter';

export const FIXTURE_DIR = path.resolve(__dirname, '../../../../shared/fixtures/weex');

export interface Fixture {
  source: string;
  request: { method: string; path: string; query: Record<string, string> | null; body: unknown };
  response: unknown;
}

export function loadFixture(name: string): Fixture {
  return parseJson(readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8')) as Fixture;
}

/** The response as wire text (ids that arrived as big numbers stay exact strings). */
export function responseText(name: string): string {
  return JSON.stringify(loadFixture(name).response);
}
