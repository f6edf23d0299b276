import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { buildManifest, readBuildProfile } from './lib/build/manifest';
import { stripUnsafeLibraryCode } from './lib/build/strip-unsafe-library-code';

// See lib/build/manifest.ts for why each permission is asked for.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    // Keeps eval and innerHTML out of what ships, as the add-on linter asks (the plugin says how).
    plugins: [preact(), stripUnsafeLibraryCode()],
    // The profile from CHOIR_PROFILE, if any, is what a fresh install starts with.
    define: { __BUILD_CHOIR_PROFILE__: JSON.stringify(readBuildProfile() ?? {}) },
  }),
  manifest: (env) => buildManifest(env),
  zip: {
    artifactTemplate: '{{name}}-{{packageVersion}}-{{browser}}.zip',
    // What Mozilla's reviewers need to build the Firefox package, and the simulators and tests to
    // try it with: `npm run zip` checks that these alone rebuild it file for file
    // (lib/build/package-for-stores.ts). WXT itself leaves out every *.test.ts.
    includeSources: [
      'package.json', 'package-lock.json', 'tsconfig.json', 'wxt.config.ts',
      'entrypoints/**', 'components/**', 'lib/**', 'public/**', 'test/**',
      'README.md', 'CHANGELOG.md', 'LICENSE', 'SECURITY.md', 'store/PRIVACY.md', 'store/addons-mozilla-org.md',
    ],
  },
});
