import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { buildManifest } from './lib/build/manifest';

// See lib/build/manifest.ts for why each permission is asked for.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: (env) => buildManifest(env),
  zip: { artifactTemplate: '{{name}}-{{packageVersion}}-{{browser}}.zip' },
});
