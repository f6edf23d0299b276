import { describe, expect, it } from 'vitest';
import { findingsTable, toClipboardTable, toCsv } from '@/lib/health/export';
import type { Finding } from '@/lib/health/findings';

describe('CSV', () => {
  it('starts with a byte order mark and ends each line with CRLF', () => {
    const csv = toCsv([['a', 'b'], ['c', 'd']]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('a,b\r\nc,d\r\n');
  });

  it('quotes fields with quotes, commas and line breaks, doubling the quotes', () => {
    expect(toCsv([['Margaret "Peggy" Ashworth', "O'Hare, Jack & Jill", 'two\nlines', 'cr\r\nlf', 'plain']]).slice(1)).toBe('"Margaret ""Peggy"" Ashworth","O\'Hare, Jack & Jill","two\nlines","cr\r\nlf",plain\r\n');
  });

  it('keeps names in any script as they are (UTF-8)', () => {
    expect(toCsv([['陈美玲', 'ليلى حداد', 'Zoë']]).slice(1)).toBe('陈美玲,ليلى حداد,Zoë\r\n');
  });

  it('makes a cell a spreadsheet would run as a formula inert', () => {
    expect(toCsv([['=HYPERLINK("http://evil.example","x")', '+1', '-2', '@SUM(A1)', 'a=b']]).slice(1)).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")",\'+1,\'-2,\'@SUM(A1),a=b\r\n');
  });
});

const finding: Finding = {
  kind: 'volunteerOnly',
  name: 'Gus <b>Hale</b>',
  people: [{ name: 'Gus <b>Hale</b>', records: [{ ref: { source: 'threeRings', id: 3 }, name: 'Gus <b>Hale</b>', link: 'https://www.3r.org.uk/directory/3' }] }],
  probablySame: { ref: { source: 'harmonySite', id: 13 }, name: 'Gus Hale', link: 'https://hs.example.org/dbpage.php?pg=view&dbase=members&id=13' },
};

describe('the findings table', () => {
  it('has one row per finding: the kind, the person, the finding and each system id and link', () => {
    const [header, row] = findingsTable([finding]);
    expect(header).toEqual(['Kind', 'Person', 'Finding', 'Three Rings id', 'Three Rings link', 'HarmonySite id', 'HarmonySite link', 'CiviCRM id', 'CiviCRM link']);
    expect(row).toEqual([
      'Volunteers who are not members',
      'Gus <b>Hale</b>',
      'Gus <b>Hale</b> is a volunteer on Three Rings but not a member on HarmonySite. Probably the same person as Gus Hale on HarmonySite, who has a different email address.',
      '3',
      'https://www.3r.org.uk/directory/3',
      '13',
      'https://hs.example.org/dbpage.php?pg=view&dbase=members&id=13',
      '',
      '',
    ]);
  });

  it('copies as tab-separated text and as an HTML table with every name escaped', () => {
    const { text, html } = toClipboardTable([['Person', 'Note'], ['Gus <b>Hale</b>', 'a\tb\nc']]);
    expect(text).toBe('Person\tNote\nGus <b>Hale</b>\ta b c');
    expect(html).toBe('<table><thead><tr><th>Person</th><th>Note</th></tr></thead><tbody><tr><td>Gus &#60;b&#62;Hale&#60;/b&#62;</td><td>a\tb\nc</td></tr></tbody></table>');
  });
});
