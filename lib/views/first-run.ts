/** The three steps of setting Descant up, in the order a member takes them. */
export interface SetUp {
  /** Three Rings answered with the member's rota. */
  signedIn: boolean;
  /** A Three Rings page said who the member is (or they said so in Settings). */
  pageOpened: boolean;
  /** A choir profile names at least one of the choir's own addresses. */
  profile: boolean;
}

export const SET_UP_STEPS = ['signedIn', 'pageOpened', 'profile'] as const;

export function isSetUp(setUp: SetUp): boolean {
  return SET_UP_STEPS.every((step) => setUp[step]);
}
