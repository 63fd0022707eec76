/**
 * The documentation check of the published packages' entry points: `coverage.mjs` converts them
 * with TypeDoc and fails when an exported symbol, or a member a user reaches through one, has no
 * doc comment. Run here so that the test command (and CI) fails with the names of what lacks one.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

describe('doc comments', () => {
  it('every exported symbol and member of every published package is documented', () => {
    const result = spawnSync(process.execPath, [path.resolve(__dirname, '../coverage.mjs')], { encoding: 'utf8' });
    const figure = /documentation coverage: (\d+) \/ (\d+)/.exec(result.stdout);
    expect(result.stderr).toBe('');
    expect(figure).not.toBeNull();
    const [, documented, total] = figure as RegExpExecArray;
    expect(Number(total)).toBeGreaterThan(500);
    // The names of what lacks a comment, listed by the script, are the useful failure message.
    expect(result.stdout.split('\n').filter((line) => line.startsWith('undocumented:'))).toEqual([]);
    expect(documented).toBe(total);
    expect(result.status).toBe(0);
  });
});
