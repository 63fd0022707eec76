/**
 * Every pending changeset is one `changeset version` can read: front matter of `"package": bump`
 * lines between `---` fences, naming packages of this repository, then a description. A formatter
 * that rewrote the front matter (into a `## "package": patch` heading, say) would make the release
 * step fail long after the change landed; this fails the change itself.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const dir = path.join(root, '.changeset');
const packageNames = new Set(
  ['packages', 'tools']
    .flatMap((group) => fs.readdirSync(path.join(root, group)).map((name) => path.join(root, group, name, 'package.json')))
    .filter((file) => fs.existsSync(file))
    .map((file) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string }).name),
);
const changesets = fs.readdirSync(dir).filter((name) => name.endsWith('.md') && name !== 'README.md');

it('there are changesets to check', () => {
  expect(changesets.length).toBeGreaterThan(0);
});

it.each(changesets)('%s: front matter of package bumps, then a description', (name) => {
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  expect(match).not.toBeNull();
  const [, frontMatter = '', description = ''] = match as RegExpExecArray;
  const lines = frontMatter.split('\n');
  for (const line of lines) expect(line).toMatch(/^"@exchange-adapters\/[a-z0-9-]+": (patch|minor|major)$/);
  const named = lines.map((line) => line.slice(1, line.indexOf('"', 1)));
  expect(named.filter((pkg) => !packageNames.has(pkg))).toEqual([]);
  expect(description.trim().length).toBeGreaterThan(40);
});
