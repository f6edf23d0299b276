/**
 * Names as people write them, folded so the same name compares equal: case, accents, role
 * suffixes, titles, apostrophes and hyphens, surname particles, and the usual English nicknames.
 */

/** Letters that do not decompose into a base letter plus an accent. */
const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const TITLES = new Set(['dr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'rev', 'revd', 'prof', 'sir', 'dame', 'fr']);
/** Words that start a surname: "van der Berg" is filed under both "vanderberg" and "berg". */
const PARTICLES = new Set(['van', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'du', 'des', 'la', 'le', 'von', 'zu', 'ter', 'ten', 'dos', 'das', 'st', 'saint', 'bin', 'ibn', 'al', 'el']);

/** Each line is one set of names people use for each other. */
const NICKNAME_GROUPS = [
  'robert bob bobby rob robbie bert',
  'william bill billy will willie liam',
  'elizabeth liz lizzie beth betty bess libby eliza lisa',
  'katherine catherine kathryn kate katie kath kathy cathy kat kit',
  'james jim jimmy jamie',
  'susan sue susie suzanne',
  'michael mike mick mickey',
  'thomas tom tommy',
  'christopher chris kit',
  'christine chris chrissie christina tina',
  'alexander alex sandy xander',
  'alexandra alex sandra sandy lexi',
  'samuel sam sammy',
  'samantha sam sammie',
  'joanna jo joanne',
  'josephine jo josie',
  'nicholas nick nicky',
  'david dave davy',
  'andrew andy drew',
  'patricia pat patty trish tricia',
  'patrick pat paddy',
  'margaret maggie meg peggy marge madge greta',
  'jennifer jenny jen',
  'edward ted ed eddie ned',
  'richard dick rich rick ricky richie',
  'henry harry hal hank',
  'anthony tony antony',
  'stephen steve steven stevie',
  'benjamin ben benny',
  'daniel dan danny',
  'matthew matt',
  'rebecca becky becca',
  'john jack johnny',
  'jonathan jon jonny',
  'peter pete',
  'philip phil pip phillip',
  'rosemary rosie rose',
  'valerie val',
  'gillian gill jill gilly',
  'diana di diane',
  'frances fran fanny',
  'francis frank fran',
  'helen nell nellie',
  'eleanor ellie nell nora elle',
  'deborah debbie deb',
  'victoria vicky tori',
  'abigail abby abi',
  'charlotte charlie lottie',
  'charles charlie chuck',
  'timothy tim timmy',
  'gregory greg',
  'jacqueline jackie jacqui',
  'penelope penny',
  'theodore theo ted',
  'frederick fred freddie',
  'lawrence laurence larry laurie',
  'gerald gerry',
  'geraldine gerry',
  'kenneth ken kenny',
  'ronald ron ronnie',
  'donald don donnie',
  'raymond ray',
  'joseph joe joey',
  'judith judy jude',
  'dorothy dot dotty dolly',
  'teresa theresa tess tessa terri',
  'angela angie',
  'barbara barb babs',
  'cynthia cindy',
  'caroline carol carrie',
  'nathaniel nathan nat',
  'zachary zach',
  'isabel isabella izzy bella',
  'sarah sally sadie',
  'mary molly polly mae',
  'ann anne annie nan nancy',
  'hannah hanna',
];

const NICKNAMES = new Map<string, number[]>();
NICKNAME_GROUPS.forEach((group, index) => {
  for (const name of group.split(' ')) NICKNAMES.set(name, [...(NICKNAMES.get(name) ?? []), index]);
});

/** "Dana Thompson [COM,NW]" → "Dana Thompson". */
export function stripRoleSuffix(name: string): string {
  return name.replace(/\s*\[[^\]]*\]\s*$/, '').trim();
}

/** Lower case, no accents, apostrophes dropped, hyphens and dots as spaces, single spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßøæœłđðþı]/g, (letter) => SPECIAL_LETTERS[letter] ?? letter)
    .replace(/['’`‘]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a name, without titles. */
export function nameWords(text: string): string[] {
  return fold(stripRoleSuffix(text))
    .split(' ')
    .filter((word) => word && !TITLES.has(word));
}

/**
 * Keys a surname is filed under: all of it run together, and without its leading particles
 * ("vanderberg", "berg"); each part of a double-barrelled name too ("smith", "jones").
 */
export function surnameKeys(surname: string): string[] {
  const words = nameWords(surname);
  if (words.length === 0) return [];
  const keys = new Set([words.join('')]);
  let start = 0;
  while (start < words.length - 1 && PARTICLES.has(words[start]!)) start++;
  keys.add(words.slice(start).join(''));
  if (/-/.test(surname)) for (const part of surname.split('-')) keys.add(nameWords(part).join(''));
  keys.delete('');
  return [...keys];
}

/**
 * Keys that any first name agreeing with this one at all (firstNameAgreement above 0) shares
 * with it: its first letter (the same name, a prefix, an initial) and its nickname groups. Pairs
 * sharing none need not be scored.
 */
export function firstNameKeys(name: string): string[] {
  if (!name) return [];
  return [`letter ${name[0]}`, ...(NICKNAMES.get(name) ?? []).map((group) => `group ${group}`)];
}

/** How well two first names agree: 1 the same, 0.9 nickname, 0.6 an initial, 0 not at all. */
export function firstNameAgreement(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const groupsA = NICKNAMES.get(a) ?? [];
  if (groupsA.some((group) => (NICKNAMES.get(b) ?? []).includes(group))) return 0.9;
  // "Jo" and "Joanna", "Alex" and "Alexandra" without a table entry: a clear prefix.
  if (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a))) return 0.85;
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 0.6;
  return 0;
}
