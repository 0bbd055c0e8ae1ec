// Repository checks that no package owns: every relative link in the docs resolves inside the
// repository, and the setup commands the docs give are the ones CI runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tracked = (pattern) =>
  execFileSync('git', ['ls-files', '-z', '--', pattern], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
const read = (file) => readFileSync(join(root, file), 'utf8');

/** Markdown links and images, `[text](target)`, outside code blocks and inline code. */
function linksOf(markdown) {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

test('every relative link in a tracked Markdown file points to a file inside the repository', () => {
  const broken = [];
  for (const file of tracked('*.md')) {
    if (file.startsWith('.changeset/')) continue;
    for (const link of linksOf(read(file))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('#')) continue; // URLs, anchors
      const target = resolve(root, dirname(file), decodeURI(link.split('#')[0]));
      const inside = !relative(root, target).startsWith('..');
      if (!inside || !existsSync(target))
        broken.push(`${file}: ${link}${inside ? ' (missing)' : ' (outside the repository)'}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('the README and CONTRIBUTING give the setup command that CI runs', () => {
  const command = 'npx --yes pnpm@10';
  const ci = read('.ci/run');
  assert.match(ci, /PNPM=\(npx --yes pnpm@10\)/, '.ci/run installs and tests with the README’s command');
  for (const file of ['README.md', 'CONTRIBUTING.md']) {
    const text = read(file);
    assert.ok(text.includes(`${command} install`), `${file} shows "${command} install"`);
    const other = text.match(/npx (?:--yes |-y )?pnpm@[0-9][\w.-]*/g)?.filter((c) => c !== command) ?? [];
    assert.deepEqual(other, [], `${file} spells pnpm one way`);
  }
});

test('any pnpm 10.x may run the install: the version switch to packageManager is off', () => {
  const manifest = JSON.parse(read('package.json'));
  assert.match(manifest.packageManager, /^pnpm@10\.\d+\.\d+$/);
  assert.match(read('pnpm-workspace.yaml'), /^managePackageManagerVersions: false$/m);
});
