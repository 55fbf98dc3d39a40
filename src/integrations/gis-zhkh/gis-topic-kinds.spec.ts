import { kindForGisTopic, parseTopicKinds } from './gis-topic-kinds';

const GUID = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01';
const nsi = (code: string) => ({ kind: 'nsi' as const, code, guid: GUID });

describe('parseTopicKinds (GIS_ZHKH_TOPIC_KINDS)', () => {
  it('reads «code:kind» pairs', () => {
    const sut = parseTopicKinds('1:complaint, 2:claim ,7:proposal,3.1:request');
    expect(sut.problems).toEqual([]);
    expect([...sut.kinds]).toEqual([
      ['1', 'complaint'],
      ['2', 'claim'],
      ['7', 'proposal'],
      ['3.1', 'request'],
    ]);
  });

  it('is empty when unset', () => {
    expect(parseTopicKinds(undefined)).toEqual({ kinds: new Map(), problems: [] });
    expect(parseTopicKinds('  ')).toEqual({ kinds: new Map(), problems: [] });
  });

  it('names every bad entry: an unknown kind, a code that is no НСИ code, a repeated code', () => {
    const sut = parseTopicKinds('1:complaint,2:жалоба,x1:claim,3,1:claim');
    expect(sut.problems).toEqual([
      'GIS_ZHKH_TOPIC_KINDS: "2:жалоба" — unknown kind "жалоба" ' +
        '(complaint, statement, proposal, claim, request, quality_report)',
      'GIS_ZHKH_TOPIC_KINDS: "x1:claim" — "x1" is not an НСИ 220 code',
      'GIS_ZHKH_TOPIC_KINDS: "3" — expected code:kind',
      'GIS_ZHKH_TOPIC_KINDS: "1:claim" — code "1" is mapped twice',
    ]);
  });
});

describe('kindForGisTopic', () => {
  const kinds = parseTopicKinds('1:complaint,2:claim,2.3:request').kinds;

  it('gives the configured kind of the topic’s НСИ 220 code', () => {
    expect(kindForGisTopic(nsi('1'), kinds)).toBe('complaint');
    expect(kindForGisTopic(nsi('2'), kinds)).toBe('claim');
  });

  it('gives a subtopic its own kind, else its parent topic’s', () => {
    expect(kindForGisTopic(nsi('2.3'), kinds)).toBe('request');
    expect(kindForGisTopic(nsi('2.4'), kinds)).toBe('claim');
    expect(kindForGisTopic(nsi('2.4.1'), kinds)).toBe('claim');
  });

  it('gives the default (statement) for an unmapped code, a free-text topic or no mapping', () => {
    expect(kindForGisTopic(nsi('9'), kinds)).toBe('statement');
    expect(kindForGisTopic(nsi('12'), parseTopicKinds('1:complaint').kinds)).toBe('statement');
    expect(kindForGisTopic({ kind: 'other', text: 'Жалоба' }, kinds)).toBe('statement');
    expect(kindForGisTopic(nsi('1'), new Map())).toBe('statement');
  });
});
