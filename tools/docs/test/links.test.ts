/**
 * Every relative link in every committed Markdown file points to a file inside the repository,
 * and to a heading of it when it names an anchor. Links to the web are not fetched (tests stay on
 * loopback); links out of the repository (`../shared/…`) fail, since a reader of the published
 * package or of GitHub cannot follow them.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { committedMarkdownFiles, headingAnchors, markdownLinks, readMarkdown, repoRoot } from './markdown.js';

const files = committedMarkdownFiles();
const documents = new Map(files.map((file) => [file, readMarkdown(file)]));

function problemsOf(file: string): string[] {
  const document = documents.get(file);
  if (!document) return [`${file} could not be read`];
  const problems: string[] = [];
  for (const { target, line } of markdownLinks(document)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto:, …
    const [rawPath = '', anchor] = target.split('#', 2);
    const decoded = decodeURIComponent(rawPath);
    const resolved = decoded === '' ? path.join(repoRoot, file) : path.resolve(repoRoot, path.dirname(file), decoded);
    const where = `${file}:${line} → ${target}`;
    if (path.relative(repoRoot, resolved).startsWith('..')) {
      problems.push(`${where}: points outside the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
      problems.push(`${where}: an anchor into something that is not a Markdown file`);
      continue;
    }
    const relative = path.relative(repoRoot, resolved);
    const targetDocument = documents.get(relative) ?? readMarkdown(relative);
    if (!headingAnchors(targetDocument).has(anchor)) problems.push(`${where}: no heading with anchor #${anchor}`);
  }
  return problems;
}

describe('relative links in Markdown', () => {
  it('finds the Markdown files (README.md among them)', () => {
    expect(files).toContain('README.md');
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s: every relative link resolves inside the repository', (file) => {
    expect(problemsOf(file)).toEqual([]);
  });

  it('the checker itself refuses a link out of the repository, a missing file and a missing anchor', () => {
    const probe = readMarkdown('README.md');
    probe.prose = [{ line: 1, text: 'See [design](../shared/DESIGN.md), [gone](docs/nope.md) and [anchor](README.md#no-such-heading).' }];
    documents.set('probe.md', probe);
    try {
      const problems = problemsOf('probe.md');
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/outside the repository/);
      expect(problems[1]).toMatch(/no such file/);
      expect(problems[2]).toMatch(/no heading with anchor #no-such-heading/);
    } finally {
      documents.delete('probe.md');
    }
  });
});
