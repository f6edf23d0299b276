/**
 * The performance measures the background records, for DevTools' performance panel and the
 * scale benchmark (test/bench/scale.ts), which reads them in the service worker. Kept apart so
 * the benchmark can name them without loading the extension's code.
 */
export const MEASURES = {
  peopleIndexRead: 'descant: people index inputs read',
  peopleIndexBuild: 'descant: people index built',
  healthFindingsBuild: 'descant: data health findings built',
  healthReportAnswer: 'descant: data health report answered',
} as const;
