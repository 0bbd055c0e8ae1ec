#!/usr/bin/env node
// Scaffolds a new primitive op: `pnpm new:op <camelName> [--root <repo>]`.
//
// Creates packages/core/src/ops/<kebab-name>.ts (a working identity op to edit: forward kernel
// and VJP), registers it in packages/core/src/ops/index.ts (one import, one op table entry), adds a functional wrapper to packages/core/src/functional.ts, and creates its spec
// packages/testing/src/specs/<kebab-name>.ts, registered in specs/index.ts. Nothing is written
// unless every edit can be made. Exits 2 with one line on stderr for an invalid or taken name.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: pnpm new:op <camelName> [--root <repo>]   (for example: pnpm new:op softsign)';

const RESERVED = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false ' +
    'finally for function if implements import in instanceof interface let new null package private ' +
    'protected public return static super switch this throw true try typeof var void while with yield ' +
    'arguments eval undefined NaN Infinity defineSpec'
  ).split(' '),
);

/** Prints one readable line and exits with code 2. */
function refuse(message) {
  process.stderr.write(`new:op: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  let name;
  let root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--root') {
      if (argv[i + 1] === undefined) refuse(`--root needs a folder. ${USAGE}`);
      root = resolve(argv[++i]);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (name === undefined) name = arg;
    else refuse(`unexpected argument "${arg}". ${USAGE}`);
  }
  if (name === undefined) refuse(`no op name given. ${USAGE}`);
  return { name, root };
}

/** fooBar → foo-bar; log1p → log1p. */
function kebabCase(name) {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function validateName(name) {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(name) || name.length > 40) {
    refuse(
      `"${name}" is not a valid op name: use camelCase, a lowercase letter then letters or digits (for example softsign or hardTanh)`,
    );
  }
  if (/[A-Z]{2}/.test(name))
    refuse(`"${name}" has consecutive capitals: write acronyms as words (for example geluTanh)`);
  if (RESERVED.has(name)) refuse(`"${name}" is a reserved word; choose another name`);
}

function read(path) {
  if (!existsSync(path)) refuse(`cannot find ${path}: is --root the repository root?`);
  return readFileSync(path, 'utf8');
}

/** The lines of `text` between the line matching `start` and the next line `end` (a string: equal; a RegExp: matching). */
function block(text, start, end, file) {
  const lines = text.split('\n');
  const isEnd = typeof end === 'string' ? (l) => l === end : (l) => end.test(l);
  const from = lines.findIndex((l) => start.test(l));
  const to = from < 0 ? -1 : lines.findIndex((l, i) => i > from && isEnd(l));
  if (from < 0 || to < 0)
    refuse(`cannot find ${start} … "${end}" in ${file}; add the op by hand (see CONTRIBUTING.md)`);
  return { lines, from, to };
}

/** Inserts `line` among the single-line relative imports of `text`, ordered by module path. */
function insertImport(text, line, path, file) {
  const lines = text.split('\n');
  const imports = lines
    .map((l, i) => ({ i, m: /^import .* from '(\.{1,2}\/[^']+)';$/.exec(l) }))
    .filter((x) => x.m?.[1].startsWith('./'));
  if (imports.length === 0) refuse(`cannot find the relative imports of ${file}; add the op by hand`);
  const after = imports.find((x) => x.m[1] > path);
  lines.splice(after ? after.i : imports[imports.length - 1].i + 1, 0, line);
  return lines.join('\n');
}

function opTemplate(name) {
  return `import { unaryOp } from './unary';

/**
 * ${name}(x) = x, element-wise: the working starting point \`pnpm new:op\` made. Write the
 * op's value in the kernel loop and its derivative ∂${name}/∂x, with differentiable ops, as
 * \`derivative: ({ inputs: [x], out }) => …\` in place of the VJP (see sigmoid.ts and
 * CONTRIBUTING.md). ∂/∂x = 1.
 */
export const ${name} = unaryOp<undefined>({
  name: '${name}',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i]!;
  },
  vjp: (g) => [g],
});
`;
}

function wrapperTemplate(name, kebab) {
  return `
/** ${name}(x), element-wise (defined in ops/${kebab}.ts). */
export function ${name}(x: Tensor): Tensor {
  return apply(op.${name}, [x], undefined);
}
`;
}

function specTemplate(name) {
  return `import { ${name} } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** ${name}(x): the identity until its kernel is written; update the values with the op's. */
export const ${name}Spec = defineSpec({
  op: '${name}',
  kind: 'primitive',
  call: (x) => ${name}(x),
  shapes: UNARY_SHAPES,
  domain: 'any',
  secondOrder: true,
  scalar: (x) => x,
  reference: [{ inputs: [[-1, 0.5, 2]], expected: [-1, 0.5, 2], grads: [[1, 1, 1]] }],
  edge: [
    { inputs: [0], expected: 0, grads: [1] },
    { inputs: [1e3], expected: 1e3, grads: [1] },
    { inputs: [-1e3], expected: -1e3, grads: [1] },
    { inputs: [TINY], expected: TINY, grads: [1] },
  ],
});
`;
}

function main() {
  const { name, root } = parseArgs(process.argv.slice(2));
  validateName(name);
  const kebab = kebabCase(name);
  const coreSrc = join(root, 'packages/core/src');
  const paths = {
    op: join(coreSrc, 'ops', `${kebab}.ts`),
    opIndex: join(coreSrc, 'ops/index.ts'),
    functional: join(coreSrc, 'functional.ts'),
    coreIndex: join(coreSrc, 'index.ts'),
    spec: join(root, 'packages/testing/src/specs', `${kebab}.ts`),
    specIndex: join(root, 'packages/testing/src/specs/index.ts'),
  };
  const opIndex = read(paths.opIndex);
  const functional = read(paths.functional);
  const coreIndex = read(paths.coreIndex);
  const specIndex = read(paths.specIndex);

  for (const file of [paths.op, paths.spec]) {
    if (existsSync(file)) refuse(`"${name}" exists: ${relative(root, file)} is already there`);
  }
  const word = new RegExp(`\\b${name}\\b`);
  const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const importsOf = (text) => text.split('\n').filter((l) => l.startsWith('import '));
  if (new RegExp(`^\\s+${name},$`, 'm').test(opIndex)) refuse(`"${name}" exists: it is in the op table`);
  const declared = new RegExp(`^(export )?(function|const|let|class|type|interface) ${name}\\b`, 'm');
  if (declared.test(functional) || declared.test(opIndex)) {
    refuse(`"${name}" exists: functional.ts or ops/index.ts already declares it`);
  }
  if (
    word.test(code(coreIndex)) ||
    [...importsOf(functional), ...importsOf(opIndex)].some((l) => word.test(l))
  ) {
    refuse(`"${name}" exists: @deltagrad/core already uses that name`);
  }
  if (new RegExp(`^\\s+${name}Spec,$`, 'm').test(specIndex))
    refuse(`"${name}" exists: specs/index.ts lists it`);

  // ops/index.ts: one import, one table entry.
  let nextOpIndex = insertImport(
    opIndex,
    `import { ${name} } from './${kebab}';`,
    `./${kebab}`,
    paths.opIndex,
  );
  {
    const { lines, to } = block(nextOpIndex, /^export const opTable\b/, /^\} satisfies /, paths.opIndex);
    lines.splice(to, 0, `  ${name},`);
    nextOpIndex = lines.join('\n');
  }
  if (!/^import \{[^}]*\bopTable as op\b[^}]*\} from '\.\/ops\/index';$/m.test(functional)) {
    refuse(`cannot find the import of opTable in ${paths.functional}; add the wrapper by hand`);
  }
  const nextFunctional = `${functional.replace(/\n*$/, '\n')}${wrapperTemplate(name, kebab)}`;

  // specs/index.ts: import and allSpecs entry, both in order.
  let nextSpecIndex = insertImport(
    specIndex,
    `import { ${name}Spec } from './${kebab}';`,
    `./${kebab}`,
    paths.specIndex,
  );
  {
    const { lines, from, to } = block(nextSpecIndex, /^export const allSpecs\b/, '];', paths.specIndex);
    let at = to;
    for (let i = from + 1; i < to; i++) {
      const m = /^\s+(\w+)Spec,$/.exec(lines[i]);
      if (m && m[1] > name) {
        at = i;
        break;
      }
    }
    lines.splice(at, 0, `  ${name}Spec,`);
    nextSpecIndex = lines.join('\n');
  }

  writeFileSync(paths.op, opTemplate(name));
  writeFileSync(paths.opIndex, nextOpIndex);
  writeFileSync(paths.functional, nextFunctional);
  writeFileSync(paths.spec, specTemplate(name));
  writeFileSync(paths.specIndex, nextSpecIndex);

  const show = (p) => relative(root, p);
  process.stdout.write(
    [
      `new:op: added ${name}`,
      `  created ${show(paths.op)}  (an identity op: edit the forward kernel and the VJP)`,
      `  edited  ${show(paths.opIndex)}  (import, op table entry)`,
      `  edited  ${show(paths.functional)}  (the ${name}() wrapper)`,
      `  created ${show(paths.spec)}  (edit shapes, domain, avoid, reference and edge values)`,
      `  edited  ${show(paths.specIndex)}  (allSpecs)`,
      'next: pnpm --filter @deltagrad/testing test   (then see CONTRIBUTING.md, "Adding an op")',
      '',
    ].join('\n'),
  );
}

main();
