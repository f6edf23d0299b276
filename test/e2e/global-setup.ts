import { buildExtension } from '../tools/build';

/** Builds both targets once per run, unless `npm test` already did (DESCANT_SKIP_BUILD=1). */
export default function setup(): void {
  if (process.env.DESCANT_SKIP_BUILD !== '1') buildExtension();
}
