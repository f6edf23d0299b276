import { describe, expect, it } from 'vitest';
import { sameStored } from '@/lib/stored-equal';

describe('sameStored', () => {
  it('takes objects as storage gives them back: keys in any order, undefined properties absent', () => {
    expect(sameStored({ name: 'Ann', part: 'Alto', groups: [{ id: 3, title: 'Choir' }] }, { groups: [{ title: 'Choir', id: 3 }], part: 'Alto', name: 'Ann' })).toBe(true);
    expect(sameStored({ name: 'Ann', nick: undefined }, { name: 'Ann' })).toBe(true);
  });

  it('tells apart any other difference: a value, a key, the order of a list, a list from an object', () => {
    expect(sameStored({ name: 'Ann' }, { name: 'Anne' })).toBe(false);
    expect(sameStored({ name: 'Ann' }, { name: 'Ann', nick: 'Annie' })).toBe(false);
    expect(sameStored([1, 2], [2, 1])).toBe(false);
    expect(sameStored([1], { 0: 1 })).toBe(false);
    expect(sameStored(null, {})).toBe(false);
    expect(sameStored(0, '0')).toBe(false);
  });
});
