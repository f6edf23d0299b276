import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { buildManifest, readBuildProfile } from './lib/build/manifest';

// See lib/build/manifest.ts for why each permission is asked for.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    // The profile from CHOIR_PROFILE, if any, is what a fresh install starts with.
    define: { __BUILD_CHOIR_PROFILE__: JSON.stringify(readBuildProfile() ?? {}) },
  }),
  manifest: (env) => buildManifest(env),
  zip: { artifactTemplate: '{{name}}-{{packageVersion}}-{{browser}}.zip' },
});
