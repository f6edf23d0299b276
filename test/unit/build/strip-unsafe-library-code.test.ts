import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseSync, Visitor, type ESTree } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import * as publishedZod from 'zod';
import { LIBRARY_PATCHES, stripUnsafeLibraryCode } from '@/lib/build/strip-unsafe-library-code';

/**
 * The plugin run on the libraries as installed, so an upgrade that moves their code fails here as
 * it would fail the build. The patched copies are imported from a scratch node_modules, where Node
 * loads them as published (vitest leaves node_modules untransformed), to show they still work.
 */

type Zod = typeof publishedZod;
type Preact = typeof import('preact');

// Relative to the project root, which vitest.config.ts makes the root (as the other tests read files).
const NODE_MODULES = resolve('node_modules');
const ZOD_TARGETS = ['zod/v4/core/util.js', 'zod/v4/core/doc.js'];
const PREACT_TARGET = 'preact/dist/preact.module.js';

const scratch = mkdtempSync(join(tmpdir(), 'descant-strip-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function transform(id: string, code = readFileSync(id, 'utf8')): string | undefined {
  const hook = stripUnsafeLibraryCode().transform;
  if (typeof hook !== 'function') throw new Error('the plugin no longer has a plain transform hook');
  return hook.call(undefined as never, code, id) as string | undefined;
}

function published(path: string): string {
  return readFileSync(join(NODE_MODULES, path), 'utf8');
}

function patched(path: string): string {
  const code = transform(join(NODE_MODULES, path));
  if (code === undefined) throw new Error(`the plugin left ${path} alone`);
  return code;
}

/**
 * What the add-on linter warns about, found in the module's syntax tree (so comments do not count,
 * and a module that no longer parses fails): any use of `Function`, and innerHTML set to anything
 * but a string literal.
 */
function unsafeConstructs(code: string): string[] {
  const { program, errors } = parseSync('module.js', code);
  expect(errors).toEqual([]);
  const found: string[] = [];
  new Visitor({
    Identifier(node) {
      if (node.name === 'Function') found.push('Function');
    },
    AssignmentExpression(node) {
      if (setsInnerHtml(node.left) && !isStringLiteral(node.right)) found.push('innerHTML =');
    },
  }).visit(program);
  return found;
}

function setsInnerHtml(target: ESTree.AssignmentTarget): boolean {
  return target.type === 'MemberExpression' && !target.computed && target.property.type === 'Identifier' && target.property.name === 'innerHTML';
}

function isStringLiteral(node: ESTree.Expression): boolean {
  return node.type === 'Literal' && typeof node.value === 'string';
}

/** A fresh copy of zod with the plugin's patches, as the build bundles it. */
async function importPatchedZod(): Promise<Zod> {
  const copy = join(scratch, 'zod/node_modules');
  cpSync(join(NODE_MODULES, 'zod'), join(copy, 'zod'), { recursive: true });
  for (const path of ZOD_TARGETS) writeFileSync(join(copy, path), patched(path));
  return (await import(pathToFileURL(join(copy, 'zod/index.js')).href)) as Zod;
}

async function importPatchedPreact(): Promise<Preact> {
  // .mjs, as Preact's package.json does not say its .js files are modules.
  const file = join(scratch, 'preact/node_modules/preact/preact.mjs');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, patched(PREACT_TARGET));
  return (await import(pathToFileURL(file).href)) as Preact;
}

/** How many times `run` calls or constructs Function, i.e. evaluates code from a string. */
function countFunctionConstructor(run: () => void): number {
  const original = globalThis.Function;
  let count = 0;
  globalThis.Function = new Proxy(original, {
    apply: (target, self, args) => (count++, Reflect.apply(target, self, args)),
    construct: (target, args) => (count++, Reflect.construct(target, args)),
  });
  try {
    run();
  } finally {
    globalThis.Function = original;
  }
  return count;
}

/** A shape like the ones lib/ parses, built afresh so that zod compiles it afresh. */
function memberSchema({ z }: Zod) {
  return z.object({
    name: z.string().min(1),
    email: z.email().optional(),
    roles: z.array(z.object({ id: z.number().int(), code: z.string() })).default([]),
    active: z.boolean(),
  });
}

/** Inputs that take each path through an object parse: extra, absent, wrong and nested keys. */
const MEMBER_INPUTS: unknown[] = [
  { name: 'Alex', email: 'alex@example.org', roles: [{ id: 1, code: 'S1' }], active: true, extra: 'dropped' },
  { name: 'Sam', active: false },
  { name: '', email: 'not an address', roles: [{ id: 1.5 }], active: 'yes' },
  { roles: 'none' },
  null,
];

function parseAll(zod: Zod, params?: { jitless: boolean }): unknown[] {
  const schema = memberSchema(zod);
  return MEMBER_INPUTS.map((input) => {
    const result = schema.safeParse(input, params);
    return result.success ? { data: result.data } : { issues: result.error.issues };
  });
}

describe('zod', () => {
  it.each(ZOD_TARGETS)('has no Function constructor left in %s', (path) => {
    expect(unsafeConstructs(published(path))).toContain('Function');
    expect(unsafeConstructs(patched(path))).toEqual([]);
  });

  it('parses objects as published zod does when told jitless, and never evaluates a string', async () => {
    const stripped = await importPatchedZod();
    let results: unknown[] = [];
    expect(countFunctionConstructor(() => (results = parseAll(stripped)))).toBe(0);
    expect(results).toEqual(parseAll(publishedZod, { jitless: true }));
    expect(stripped.core.util.allowsEval.value).toBe(false);
  });

  it('would see published zod evaluate strings (so the count above means something)', () => {
    expect(countFunctionConstructor(() => parseAll(publishedZod))).toBeGreaterThan(0);
  });
});

describe('preact', () => {
  it('has no innerHTML assignment left but the one that empties an element', () => {
    expect(unsafeConstructs(published(PREACT_TARGET))).toEqual(['innerHTML =']);
    expect(unsafeConstructs(patched(PREACT_TARGET))).toEqual([]);
  });

  it('renders as before, and refuses dangerouslySetInnerHTML loudly', async () => {
    const { h, render } = await importPatchedPreact();
    const root = document.createElement('div');
    render(h('p', { class: 'note' }, 'Rehearsal at ', h('b', null, '7pm')), root);
    expect(root.innerHTML).toBe('<p class="note">Rehearsal at <b>7pm</b></p>');
    expect(() => render(h('div', { dangerouslySetInnerHTML: { __html: '<b>x</b>' } }), root))
      .toThrow('dangerouslySetInnerHTML is removed from this build');
  });
});

describe('the plugin', () => {
  it.each(Object.keys(LIBRARY_PATCHES))('stops the build when %s no longer holds the text it replaces', (path) => {
    expect(() => transform(join(NODE_MODULES, path), 'export {};'))
      .toThrow(`expected this text once in node_modules/${path} but found it 0 times`);
    expect(() => transform(join(NODE_MODULES, path), published(path).repeat(2))).toThrow('found it 2 times');
  });

  it('matches a module id with a query, and leaves every other module alone', () => {
    expect(transform(`${join(NODE_MODULES, PREACT_TARGET)}?v=1234`, published(PREACT_TARGET))).toBe(patched(PREACT_TARGET));
    expect(transform(join(NODE_MODULES, 'zod/v4/core/schemas.js'))).toBeUndefined();
    expect(transform(resolve('lib/store.ts'))).toBeUndefined();
  });
});
