/**
 * Markdown reading shared by the documentation tests: the committed Markdown files, their links
 * (outside code), their headings as GitHub anchors, and their fenced code blocks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');

/** Every Markdown file git tracks (or, outside a git checkout, every one outside node_modules). */
export function committedMarkdownFiles(): string[] {
  try {
    const listed = execFileSync('git', ['ls-files', '-z', '--', '*.md'], { cwd: repoRoot, encoding: 'utf8' });
    return listed
      .split('\0')
      .filter((file) => file !== '' && existsSync(path.join(repoRoot, file)))
      .sort();
  } catch {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(repoRoot, dir))) {
        if (entry === 'node_modules' || entry === '.git' || entry === 'dist' || entry === 'api') continue;
        const relative = path.join(dir, entry);
        if (statSync(path.join(repoRoot, relative)).isDirectory()) walk(relative);
        else if (entry.endsWith('.md')) found.push(relative);
      }
    };
    walk('.');
    return found.sort();
  }
}

export interface CodeBlock {
  /** Language and attributes after the fence: `ts`, `ts no-run`. */
  info: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export interface MarkdownDocument {
  file: string;
  /** The text outside fenced blocks, with inline code blanked out (links in code are not links). */
  prose: Array<{ line: number; text: string }>;
  blocks: CodeBlock[];
}

export function readMarkdown(file: string): MarkdownDocument {
  const lines = readFileSync(path.join(repoRoot, file), 'utf8').split('\n');
  const prose: MarkdownDocument['prose'] = [];
  const blocks: CodeBlock[] = [];
  let fence: { marker: string; info: string; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const opening = /^\s*(`{3,}|~{3,})\s*(.*)$/.exec(text);
    if (fence) {
      if (opening?.[1]?.startsWith(fence.marker) && opening?.[2] === '') {
        blocks.push({ info: fence.info, code: fence.body.join('\n'), line: fence.line });
        fence = undefined;
      } else fence.body.push(text);
      return;
    }
    if (opening) {
      fence = { marker: opening[1] as string, info: (opening[2] ?? '').trim(), line: index + 1, body: [] };
      return;
    }
    prose.push({ line: index + 1, text: text.replace(/(`+)[^`]*?\1/g, (match) => ' '.repeat(match.length)) });
  });
  return { file, prose, blocks };
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2… */
export function headingAnchors(document: MarkdownDocument): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const { text } of document.prose) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const slug = (heading[1] as string)
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const seen = counts.get(slug) ?? 0;
    anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
    counts.set(slug, seen + 1);
  }
  // Explicit anchors: <a id="…"> / <a name="…">.
  for (const { text } of document.prose) for (const match of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] as string);
  return anchors;
}

export interface MarkdownLink {
  target: string;
  line: number;
}

/** Inline links and images `[text](target)`, and reference definitions `[label]: target`. */
export function markdownLinks(document: MarkdownDocument): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of document.prose) {
    for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      links.push({ target: match[1] as string, line });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+["'(].*)?$/.exec(text);
    if (definition) links.push({ target: definition[1] as string, line });
  }
  return links;
}
