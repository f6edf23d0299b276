import type { Plugin } from 'vite';

/**
 * Removes, at build time, the two library code paths Mozilla's add-on linter warns about, so the
 * shipped extension holds no eval and no innerHTML assignment:
 * - zod's eval probe and its JIT compiler. With the probe answering "no eval", zod parses exactly
 *   as under `z.config({ jitless: true })`. It did so already, since the browsers' default extension
 *   CSP forbids eval, but the probe itself was a CSP violation and the linter's warning.
 * - Preact's dangerouslySetInnerHTML, which none of our components use; Preact has no flag for it.
 * Each patch names the one module it edits and the exact text it replaces. When that text is not
 * there (a library upgrade changed it), the build stops, rather than ship the code unpatched.
 */

const PLUGIN_NAME = 'descant:strip-unsafe-library-code';

interface Patch {
  /** The text to replace, as published; it must occur exactly once in its module. */
  find: string;
  replace: string;
}

/** Patches by module, keyed by the module's path under node_modules. */
export const LIBRARY_PATCHES: Readonly<Record<string, readonly Patch[]>> = {
  'zod/v4/core/util.js': [{
    find: [
      '    try {',
      '        const F = Function;',
      '        new F("");',
      '        return true;',
      '    }',
      '    catch (_) {',
      '        return false;',
      '    }',
    ].join('\n'),
    replace: '    return false;',
  }],
  'zod/v4/core/doc.js': [{
    // Only the object JIT calls this, and only once the probe above has said eval works.
    find: [
      '        const F = Function;',
      '        const content = this?.content ?? [``];',
      '        const factory = new F(...Object.keys(this.closed), `return function (${this.args.join(", ")}) {\\n${content.join("\\n")}\\n};`);',
      '        return factory(...Object.values(this.closed));',
    ].join('\n'),
    replace: `        throw new Error("zod's JIT compiler is removed from this build (${PLUGIN_NAME})");`,
  }],
  // The `browser` export of Preact's package, which the extension's builds resolve.
  'preact/dist/preact.module.js': [{
    find: '||(u.innerHTML=h.__html)',
    replace: `||(()=>{throw new Error("dangerouslySetInnerHTML is removed from this build (${PLUGIN_NAME})")})()`,
  }],
};

export function stripUnsafeLibraryCode(): Plugin {
  return {
    name: PLUGIN_NAME,
    // Ahead of other plugins, so the patches see each module's text as the library published it.
    enforce: 'pre',
    transform(code, id) {
      const path = patchedPath(id);
      return path ? applyPatches(code, path) : undefined;
    },
  };
}

function patchedPath(id: string): string | undefined {
  const file = id.split('?')[0]!;
  return Object.keys(LIBRARY_PATCHES).find((path) => file.endsWith(`/node_modules/${path}`));
}

function applyPatches(code: string, path: string): string {
  return LIBRARY_PATCHES[path]!.reduce((patched, patch) => applyPatch(patched, path, patch), code);
}

function applyPatch(code: string, path: string, { find, replace }: Patch): string {
  const found = code.split(find).length - 1;
  if (found !== 1) {
    throw new Error(
      `${PLUGIN_NAME}: expected this text once in node_modules/${path} but found it ${found} times. ` +
      `The library has changed: update its patch in lib/build/strip-unsafe-library-code.ts.\n${find}`,
    );
  }
  // A replacer function, so that a `$` in the replacement is taken literally.
  return code.replace(find, () => replace);
}
