export const THREE_RINGS_ORIGIN = 'https://www.3r.org.uk';
