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
  zip: { artifactTemplate: '{{name}}-{{packageVersion}}-{{browser}}.zip' },
});
