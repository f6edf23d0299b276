/**
 * The three ways a CiviCRM answers: APIv4 and APIv3 at the CMS's AJAX routes, and the old
 * `extern/rest.php` (APIv3 with a site key and API key, for sites too old for AuthX).
 */
export type CiviFlavour = 'api4' | 'api3' | 'legacy';

/** Each API's own name, the same in every language. */
export const FLAVOUR_NAMES: Record<CiviFlavour, string> = { api4: 'APIv4', api3: 'APIv3', legacy: 'extern/rest.php' };
