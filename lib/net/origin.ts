/** The origin of a URL, or undefined when it is not one. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether two addresses are of one origin (`https://a.example/` and `https://a.example`). */
export function sameOrigin(a: string | undefined, b: string | undefined): boolean {
  const origin = a && originOf(a);
  return !!origin && !!b && origin === originOf(b);
}
