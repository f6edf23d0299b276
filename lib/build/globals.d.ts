import type { ChoirProfile } from '../profile/schema';

declare global {
  /** Replaced at build time with the profile named by CHOIR_PROFILE (see wxt.config.ts). */
  const __BUILD_CHOIR_PROFILE__: ChoirProfile;
}
