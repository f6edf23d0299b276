import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

export default defineConfig({
  // WxtVitest does not pick up wxt.config.ts's Vite plugins, so Preact is added here too.
  plugins: [WxtVitest(), preact()],
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/simulators/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['test/unit/setup.ts'],
    restoreMocks: true,
    // Lets @testing-library/preact clean up after each test by itself.
    globals: true,
  },
});
