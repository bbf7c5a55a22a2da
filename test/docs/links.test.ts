import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function markdownFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name));
  return [join(root, 'README.md'), join(root, 'CONTRIBUTING.md'), ...docs].filter((path) => existsSync(path));
}

// [text](target) and ![alt](target); fenced code is skipped so examples are not checked as links.
const LINK = /!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

function relativeLinks(path: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  let fenced = false;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
      if (fenced) return;
      for (const match of text.replace(/`[^`]*`/g, '').matchAll(LINK)) {
        const target = match[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
        links.push({ target, line: index + 1 });
      }
    });
  return links;
}

describe('docs links', () => {
  const files = markdownFiles();

  it('finds the README and the docs', () => {
    expect(files.map((f) => relative(root, f))).toContain('README.md');
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [relative(root, f), f]))(
    'every relative link and image in %s resolves',
    (_, file) => {
      const broken = relativeLinks(file)
        .map(({ target, line }) => ({
          target,
          line,
          path: resolve(dirname(file), decodeURI(target.split('#')[0]!)),
        }))
        .filter(({ path }) => !existsSync(path) || (statSync(path).isFile() && statSync(path).size === 0))
        .map(({ target, line }) => `${relative(root, file)}:${line} → ${target}`);
      expect(broken).toEqual([]);
    },
  );
});
