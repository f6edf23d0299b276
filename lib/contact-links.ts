/*
 * Links made from remote data. An address or number another system sent us becomes a link only
 * when it is plainly one: "a@b.org?bcc=x@evil.example" would otherwise add a hidden Bcc, and a
 * "number" could be any URL. Anything else is shown as text.
 */

/** One plain address, nothing that a mail client would read as a header, a list or a query. */
const PLAIN_ADDRESS = /^[^\s@?&,;:<>()[\]\\"%/=#]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

export function mailtoLink(address: string): string | undefined {
  return PLAIN_ADDRESS.test(address) ? `mailto:${address}` : undefined;
}

/** A phone number written with the usual spaces, dots, dashes and brackets: digits and a leading + only. */
export function telLink(phone: string): string | undefined {
  if (!/^[\d\s().+-]+$/.test(phone)) return undefined;
  const dialled = phone.replace(/[\s().-]/g, '');
  return /^\+?\d{3,15}$/.test(dialled) ? `tel:${dialled}` : undefined;
}
