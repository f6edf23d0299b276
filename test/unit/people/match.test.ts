import { describe, expect, it } from 'vitest';
import { firstNameAgreement, firstNameKeys, fold, nameWords, stripRoleSuffix, surnameKeys } from '@/lib/people/names';
import { matchPeople, type PersonRecord } from '@/lib/people/match';
import { evaluateMatching } from '../../bench/people/evaluate';

let nextId = 1;
const volunteer = (fullName: string, emails: string[] = []): PersonRecord => ({ ref: { source: 'threeRings', id: nextId++ }, fullName, emails });
const member = (givenNames: string, surname: string, emails: string[] = [], preferredName?: string): PersonRecord => ({
  ref: { source: 'harmonySite', id: nextId++ },
  givenNames,
  surname,
  emails,
  ...(preferredName && { preferredName }),
});
const pairs = (left: PersonRecord[], right: PersonRecord[], manual = [] as Parameters<typeof matchPeople>[2]) =>
  matchPeople(left, right, manual).map((link) => [link.a.id, link.b.id, link.match.by]);

describe('names', () => {
  it('folds case, accents, apostrophes and hyphens', () => {
    expect(fold("Zoë O'Neill-Ní Bhriain")).toBe('zoe oneill ni bhriain');
    expect(fold('Łukasz Søren Straße')).toBe('lukasz soren strasse');
  });
  it('drops role suffixes and titles', () => {
    expect(stripRoleSuffix('Dana Thompson [COM,NW]')).toBe('Dana Thompson');
    expect(nameWords('Dr Dana Thompson [COM]')).toEqual(['dana', 'thompson']);
  });
  it('files surnames with and without particles, and each part of a double-barrelled one', () => {
    expect(surnameKeys('van der Berg')).toEqual(['vanderberg', 'berg']);
    expect(surnameKeys('Smith-Jones')).toEqual(expect.arrayContaining(['smithjones', 'smith', 'jones']));
  });
  it('knows nicknames, prefixes and initials, and tells different names apart', () => {
    expect(firstNameAgreement('maggie', 'margaret')).toBe(0.9);
    expect(firstNameAgreement('alex', 'alexandra')).toBeGreaterThanOrEqual(0.85);
    expect(firstNameAgreement('j', 'james')).toBe(0.6);
    expect(firstNameAgreement('john', 'james')).toBe(0);
  });
});

describe('first-name keys', () => {
  it('are shared by every two first names that agree at all, so matching need score no others', () => {
    const names = ['maggie', 'margaret', 'peggy', 'meg', 'alex', 'alexandra', 'sandy', 'j', 'james', 'jim', 'jo', 'joanna', 'josephine', 'john', 'jack', 'kit', 'kate', 'chris', 'bill', 'william', 'liam', 'm', 'zoe'];
    for (const a of names) {
      for (const b of names) {
        const shareAKey = firstNameKeys(a).some((key) => firstNameKeys(b).includes(key));
        if (firstNameAgreement(a, b) > 0) expect(shareAKey, `${a} and ${b}`).toBe(true);
      }
    }
    expect(firstNameKeys('john').some((key) => firstNameKeys('william').includes(key))).toBe(false);
  });
});

describe('matchPeople', () => {
  it('matches by a personal email even across a married name', () => {
    const left = [volunteer('Sarah Jones [COM]', ['sarah@example.org'])];
    const right = [member('Sarah', 'Smith', ['SARAH@example.org'])];
    expect(pairs(left, right)).toEqual([[left[0]!.ref.id, right[0]!.ref.id, 'email']]);
  });

  it('matches by name with accents dropped and a preferred name', () => {
    const left = [volunteer('Maggie Ní Bhriain')];
    const right = [member('Margaret Anne', 'Ni Bhriain', [], 'Maggie')];
    expect(pairs(left, right)).toEqual([[left[0]!.ref.id, right[0]!.ref.id, 'name']]);
  });

  it('does not take a shared family email alone as one person', () => {
    const left = [volunteer('Tom Evans', ['evans.family@example.org'])];
    const right = [member('Susan', 'Evans', ['evans.family@example.org']), member('Thomas', 'Evans', ['evans.family@example.org'])];
    expect(pairs(left, right)).toEqual([[left[0]!.ref.id, right[1]!.ref.id, 'name']]);
  });

  it('leaves a record unlinked when two different people fit equally well', () => {
    const left = [volunteer('John Smith')];
    const right = [member('John Peter', 'Smith', ['jps@example.org']), member('John', 'Smith', ['john.smith@example.com'])];
    expect(pairs(left, right)).toEqual([]);
  });

  it('links one of a member entered twice, and only one', () => {
    const left = [volunteer('Ana Silva', ['ana@example.org'])];
    const right = [member('Ana', 'Silva', ['ana@example.org']), member('Ana', 'Silva', ['ana@example.org'])];
    expect(pairs(left, right)).toHaveLength(1);
  });

  it('lets manual links and unlinks win over the automatic match', () => {
    const left = [volunteer('Kate Brown', ['kate@example.org']), volunteer('Chris Green')];
    const right = [member('Katherine', 'Brown', ['kate@example.org']), member('Christine', 'Black')];
    const manual = [
      { a: left[0]!.ref, b: right[0]!.ref, linked: false },
      { a: right[1]!.ref, b: left[1]!.ref, linked: true },
    ];
    expect(pairs(left, right, manual)).toEqual([[left[1]!.ref.id, right[1]!.ref.id, 'manual']]);
  });

  it('is one to one', () => {
    const left = [volunteer('Ben Okafor', ['ben@example.org']), volunteer('Benjamin Okafor')];
    const right = [member('Benjamin', 'Okafor', ['ben@example.org'])];
    expect(pairs(left, right)).toEqual([[left[0]!.ref.id, right[0]!.ref.id, 'email']]);
  });
});

describe('matching on generated rosters', () => {
  it.each([1, 2, 3])('seed %i: precision at least 0.99 and recall at least 0.95', (seed) => {
    const result = evaluateMatching(seed);
    expect(result.people).toBeGreaterThanOrEqual(500);
    expect(result.precision).toBeGreaterThanOrEqual(0.99);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
  });
});
