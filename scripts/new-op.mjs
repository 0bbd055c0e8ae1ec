#!/usr/bin/env node
// Scaffolds a new primitive op:
//   pnpm new:op <camelName> [--kind unary|binary] [--attrs "<name>: number, …"] [--no-method] [--root <repo>]
//
// Creates packages/core/src/ops/<kebab-name>.ts (a working identity op to edit: forward kernel
// and derivative; made by unaryOp or binaryOp as the element-wise ops are), registers it in
// packages/core/src/ops/index.ts (one import, one op table entry), adds its functional wrapper
// to packages/core/src/functional.ts (through the engine's direct path, applyUnary or
// applyBinary, as sigmoid and add do; a binary op with attributes through apply) and, unless
// --no-method, a Tensor method to packages/core/src/tensor.ts; creates its spec
// packages/testing/src/specs/<kebab-name>.ts, registered in specs/index.ts. Nothing is written
// unless every edit can be made. Exits 2 with one line on stderr for a bad name or option.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE =
  'usage: pnpm new:op <camelName> [--kind unary|binary] [--attrs "<name>: number, …"] [--no-method] [--root <repo>]';

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
  const opts = { name: undefined, kind: 'unary', attrs: [], method: true };
  let root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const value = (i, flag) => {
    if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) refuse(`${flag} needs a value. ${USAGE}`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--root') root = resolve(value(i++, '--root'));
    else if (arg === '--kind') {
      opts.kind = value(i++, '--kind');
      if (opts.kind !== 'unary' && opts.kind !== 'binary') {
        refuse(`--kind must be unary or binary, got "${opts.kind}"`);
      }
    } else if (arg === '--attrs') opts.attrs = parseAttrs(value(i++, '--attrs'));
    else if (arg === '--no-method') opts.method = false;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg.startsWith('--')) refuse(`unknown option ${arg}. ${USAGE}`);
    else if (opts.name === undefined) opts.name = arg;
    else refuse(`unexpected argument "${arg}". ${USAGE}`);
  }
  if (opts.name === undefined) refuse(`no op name given. ${USAGE}`);
  return { ...opts, root };
}

/** "slope: number, lo: number" → ['slope', 'lo']: numeric attributes, each a wrapper parameter. */
function parseAttrs(text) {
  const names = text.split(',').map((part) => {
    const m = /^\s*([a-z][a-zA-Z0-9]*)\s*(?::\s*number\s*)?$/.exec(part);
    if (!m) refuse(`--attrs "${text}": write numeric attributes as "name: number", comma-separated`);
    if (RESERVED.has(m[1]) || ['x', 'a', 'b', 'g'].includes(m[1]))
      refuse(`--attrs: "${m[1]}" cannot name an attribute; choose another name`);
    return m[1];
  });
  if (new Set(names).size !== names.length) refuse(`--attrs "${text}" repeats a name`);
  return names;
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

// ---- templates -------------------------------------------------------------------------------

const attrsType = (attrs) =>
  attrs.length === 0 ? 'undefined' : `{ ${attrs.map((a) => `${a}: number`).join('; ')} }`;
const attrsObject = (attrs) => (attrs.length === 0 ? 'undefined' : `{ ${attrs.join(', ')} }`);
const attrsParams = (attrs) => attrs.map((a) => `, ${a}: number`).join('');
const attrsArgs = (attrs) => attrs.map((a) => `, ${a}`).join('');
/** The values the spec passes for the attributes: 1 each, until the op's own are chosen. */
const specAttrs = (attrs) => attrs.map(() => ', 1').join('');

function unaryOpTemplate(name, attrs) {
  const kernelAttrs = attrs.length === 0 ? '' : `, ${attrsObject(attrs)}`;
  return `import { unaryOp } from './unary';

/**
 * ${name}(x) = x, element-wise: the working starting point \`pnpm new:op\` made. Write the
 * op's value in the kernel loop and its derivative ∂${name}/∂x, with differentiable ops, as
 * \`derivative: ({ inputs: [x], out${attrs.length ? ', attrs' : ''} }) => …\` in place of the VJP and the
 * JVP (see softplus.ts and CONTRIBUTING.md). ∂/∂x = 1.
 */
export const ${name} = unaryOp<${attrsType(attrs)}>({
  name: '${name}',
  kernel: (x, out${kernelAttrs}) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i]!;
  },
  vjp: (g) => [g],
  jvp: ([t]) => t,
});
`;
}

function binaryOpTemplate(name, attrs) {
  // binaryOp (ops/binary.ts) makes the op the engine's applyBinary runs directly, but takes no
  // attributes: an op with attributes is a plain OpDef, applied through apply.
  if (attrs.length > 0) return binaryOpDefTemplate(name, attrs);
  return `import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';

/** The inner loop over one run: out[o + i] = f(a[ia + i·sa], b[ib + i·sb]) (strides 0 where broadcast). */
const run: BinaryRun = (out, o, a, ia, sa, _b, _ib, _sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]!;
};

/**
 * ${name}(a, b) = a, broadcast: the working starting point \`pnpm new:op\` made. Write the op's
 * value in \`run\`, its VJP (one gradient per input, in the broadcast output shape) and its JVP
 * (the output's tangent from the inputs' tangents, \`null\` for a zero one), with
 * differentiable ops (see add.ts, div.ts and CONTRIBUTING.md). ∂/∂a = 1, ∂/∂b = 0.
 */
export const ${name} = binaryOp({
  name: '${name}',
  run,
  vjp: (g, { needsGrad }) => [needsGrad[0] ? g : null, null],
  jvp: ([ta]) => ta,
});
`;
}

/** A two-input op with attributes: an OpDef of its own (binaryOp has no attributes). */
function binaryOpDefTemplate(name, attrs) {
  return `import { type BinaryRun, broadcastBinary } from '../kernels';
import { broadcastingBatch } from './rules';
import type { Binary, OpDef } from './types';

/** The inner loop over one row: out[o + i] = f(a[ia + i·sa], b[ib + i·sb]) (strides 0 where broadcast). */
const run: BinaryRun = (out, o, a, ia, sa, _b, _ib, _sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]!;
};

/**
 * ${name}(a, b) = a, broadcast: the working starting point \`pnpm new:op\` made. Write the op's
 * value in \`run\`, its VJP (one gradient per input, in the broadcast output shape) and its JVP
 * (the output's tangent from the inputs' tangents, \`null\` for a zero one), with
 * differentiable ops (see div.ts, pow.ts and CONTRIBUTING.md). ∂/∂a = 1, ∂/∂b = 0.
 */
export const ${name}: OpDef<Binary, ${attrsType(attrs)}> = {
  name: '${name}',
  forward: ([a, b]) => broadcastBinary('${name}', a, b, run),
  vjp: (g, { needsGrad }) => [needsGrad[0] ? g : null, null],
  jvp: ([ta]) => ta,
  batch: broadcastingBatch(() => ${name}),
};
`;
}

function wrapperTemplate(name, kebab, kind, attrs) {
  const check = attrs
    .map(
      (a) => `  if (!Number.isFinite(${a}))
    throw new DeltagradError('INVALID_ARGUMENT', \`${name}: ${a} must be finite, got \${${a}}\`);
`,
    )
    .join('');
  // The engine's direct paths (applyUnary, applyBinary) run the op's loop on plain operands
  // without the generic apply; anything else (a trace, a transform, …) they hand to apply.
  if (kind === 'binary') {
    const operands = `tensorLikeArg(a, '${name}', 'a'), tensorLikeArg(b, '${name}', 'b')`;
    const call =
      attrs.length === 0
        ? `applyBinary(op.${name}, ${operands})`
        : `apply(op.${name}, [${operands}], ${attrsObject(attrs)})`;
    return `
/** ${name}(a, b${attrsArgs(attrs)}), broadcast (defined in ops/${kebab}.ts). */
export function ${name}(a: TensorLike, b: TensorLike${attrsParams(attrs)}): Tensor {
${check}  return ${call};
}
`;
  }
  return `
/** ${name}(x${attrsArgs(attrs)}), element-wise (defined in ops/${kebab}.ts). */
export function ${name}(x: Tensor${attrsParams(attrs)}): Tensor {
${check}  return applyUnary(op.${name}, tensorArg(x, '${name}', 'x'), ${attrsObject(attrs)});
}
`;
}

function methodTemplate(name, kind, attrs) {
  const params = kind === 'binary' ? `other: TensorLike${attrsParams(attrs)}` : attrsParams(attrs).slice(2);
  const args = kind === 'binary' ? `this, other${attrsArgs(attrs)}` : `this${attrsArgs(attrs)}`;
  return `  /** The functional \`${name}(${args})\`. */
  ${name}(${params}): Tensor {
    return F.${name}(${args});
  }`;
}

function specTemplate(name, kind, attrs) {
  if (kind === 'binary') {
    return `import { ${name} } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** ${name}(a, b): returns a until its kernel is written; update the values with the op's. */
export const ${name}Spec = defineSpec({
  op: '${name}',
  kind: 'primitive',
  call: (a, b) => ${name}(a, b${specAttrs(attrs)}),
  shapes: BINARY_SHAPES,
  domain: 'any',
  secondOrder: true,
  scalar: (a, _b) => a,
  reference: [{ inputs: [[-1, 0.5, 2], [3, 4, 5]], expected: [-1, 0.5, 2], grads: [[1, 1, 1], [0, 0, 0]] }],
  edge: [
    { inputs: [0, 0], expected: 0, grads: [1, 0] },
    { inputs: [1e3, -1e3], expected: 1e3, grads: [1, 0] },
    { inputs: [-1e3, 1e3], expected: -1e3, grads: [1, 0] },
    { inputs: [TINY, 1], expected: TINY, grads: [1, 0] },
  ],
});
`;
  }
  return `import { ${name} } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** ${name}(x): the identity until its kernel is written; update the values with the op's. */
export const ${name}Spec = defineSpec({
  op: '${name}',
  kind: 'primitive',
  call: (x) => ${name}(x${specAttrs(attrs)}),
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

// ---- main ------------------------------------------------------------------------------------

function main() {
  const { name, kind, attrs, method, root } = parseArgs(process.argv.slice(2));
  validateName(name);
  const kebab = kebabCase(name);
  const coreSrc = join(root, 'packages/core/src');
  const paths = {
    op: join(coreSrc, 'ops', `${kebab}.ts`),
    opIndex: join(coreSrc, 'ops/index.ts'),
    functional: join(coreSrc, 'functional.ts'),
    tensor: join(coreSrc, 'tensor.ts'),
    coreIndex: join(coreSrc, 'index.ts'),
    spec: join(root, 'packages/testing/src/specs', `${kebab}.ts`),
    specIndex: join(root, 'packages/testing/src/specs/index.ts'),
  };
  const opIndex = read(paths.opIndex);
  const functional = read(paths.functional);
  const tensor = read(paths.tensor);
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
  if (new RegExp(`^ {2}(get )?${name}\\(`, 'm').test(tensor))
    refuse(`"${name}" exists: Tensor has that method`);
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
    const { lines, to } = block(nextOpIndex, /^export const opTable = \{$/, /^\} satisfies /, paths.opIndex);
    lines.splice(to, 0, `  ${name},`);
    nextOpIndex = lines.join('\n');
  }
  if (!/^import \{[^}]*\bopTable as op\b[^}]*\} from '\.\/ops\/index';$/m.test(functional)) {
    refuse(`cannot find the import of opTable in ${paths.functional}; add the wrapper by hand`);
  }
  const engineImport = /^import \{([^}]*)\} from '\.\/engine';$/m
    .exec(functional)?.[1]
    .split(',')
    .map((n) => n.trim());
  const applies = kind === 'unary' ? ['applyUnary'] : attrs.length === 0 ? ['applyBinary'] : ['apply'];
  if (!applies.every((fn) => engineImport?.includes(fn))) {
    refuse(
      `cannot find the import of ${applies.join(', ')} from './engine' in ${paths.functional}; add the wrapper by hand`,
    );
  }
  const nextFunctional = `${functional.replace(/\n*$/, '\n')}${wrapperTemplate(name, kebab, kind, attrs)}`;

  // tensor.ts: the method, just before toString().
  let nextTensor = tensor;
  if (method) {
    const anchor = '\n  /** A readable rendering:';
    if (!tensor.includes(anchor)) refuse(`cannot find toString() in ${paths.tensor}; add the method by hand`);
    nextTensor = tensor.replace(anchor, `\n${methodTemplate(name, kind, attrs)}\n${anchor}`);
  }

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

  writeFileSync(paths.op, kind === 'binary' ? binaryOpTemplate(name, attrs) : unaryOpTemplate(name, attrs));
  writeFileSync(paths.opIndex, nextOpIndex);
  writeFileSync(paths.functional, nextFunctional);
  if (method) writeFileSync(paths.tensor, nextTensor);
  writeFileSync(paths.spec, specTemplate(name, kind, attrs));
  writeFileSync(paths.specIndex, nextSpecIndex);

  const show = (p) => relative(root, p);
  const signature = kind === 'binary' ? `${name}(a, b${attrsArgs(attrs)})` : `${name}(x${attrsArgs(attrs)})`;
  const methodCall = kind === 'binary' ? `a.${name}(b${attrsArgs(attrs)})` : `x.${name}(${attrs.join(', ')})`;
  const what = kind === 'binary' ? 'an op that returns a' : 'an identity op';
  const direct =
    kind === 'unary'
      ? "the engine's direct path applyUnary"
      : attrs.length === 0
        ? "the engine's direct path applyBinary"
        : 'apply: binaryOp and applyBinary take no attributes';
  process.stdout.write(
    [
      `new:op: added ${kind} op ${name}${attrs.length ? ` with attributes ${attrs.join(', ')}` : ''}`,
      `  created ${show(paths.op)}  (${what}: edit the forward kernel and the derivative)`,
      `  edited  ${show(paths.opIndex)}  (import, op table entry)`,
      `  edited  ${show(paths.functional)}  (the ${signature} wrapper, through ${direct})`,
      method
        ? `  edited  ${show(paths.tensor)}  (the ${methodCall} method; rerun with --no-method for an op users would not chain)`
        : `  no Tensor method (--no-method): users call ${signature}`,
      `  created ${show(paths.spec)}  (edit shapes, domain, avoid, reference and edge values)`,
      `  edited  ${show(paths.specIndex)}  (allSpecs)`,
      `next: pnpm test:op ${name}   (then see CONTRIBUTING.md, "Adding an op")`,
      '',
    ].join('\n'),
  );
}

main();
