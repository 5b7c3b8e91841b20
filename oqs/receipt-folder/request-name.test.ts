import { describe, expect, it } from 'vitest';
import { isResponseName, parseRequestName } from './request-name';

describe('request names of the Req folder', () => {
  it.each([
    ['OQSsiquc01req_202601120001.xml', 'qualification', 'OQSsiquc01res_202601120001.xml'],
    ['OQSmuquc01req_B0112-01.xml', 'bulk-upload', 'OQSmuquc01res_B0112-01.xml'],
    ['OQSmuquc02req_B0112-01.xml', 'bulk-result', 'OQSmuquc02res_B0112-01.xml'],
    ['OQSmuquc01req.xml', 'bulk-upload', 'OQSmuquc01res.xml'],
    ['OQSsiimm01req_REG-10452.xml', 'reference-number', 'OQSsiimm01res_REG-10452.xml'],
    ['YZKsiquc01req_022601121030P001.xml', 'drug-info', 'YZKsiquc01res_022601121030P001.xml'],
    ['TKKsiquc01req_022601121030P001.XML', 'checkup', 'TKKsiquc01res_022601121030P001.XML'],
    ['OQSsiquc01req_患者𠮷田.xml', 'qualification', 'OQSsiquc01res_患者𠮷田.xml'],
  ])('%s is a %s request answered as %s', (name, family, responseName) => {
    expect(parseRequestName(name)).toEqual({ kind: 'request', family, prefix: name.slice(0, 10), responseName });
  });

  it('gives a prefix it does not serve its response name, so the error can be answered there', () => {
    expect(parseRequestName('OQSsihvq01req_1.xml')).toEqual({ kind: 'unknown-family', prefix: 'OQSsihvq01', responseName: 'OQSsihvq01res_1.xml' });
    expect(parseRequestName('CIPsiquc01req_1.xml')).toMatchObject({ kind: 'unknown-family', responseName: 'CIPsiquc01res_1.xml' });
  });

  it('keeps the prefixes case-sensitive: a lower-case one is not the 個別照会', () => {
    expect(parseRequestName('oqssiquc01req_1.xml')).toMatchObject({ kind: 'unknown-family' });
  });

  it.each(['.OQSsiquc01req_1.xml.1a2b3c4d.tmp', '~OQSsiquc01req_1.xml', 'OQSsiquc01req_1.xml.tmp', 'OQSsiquc01req_1.xml.part'])(
    '%s is a writer\'s temporary file',
    (name) => {
      expect(parseRequestName(name)).toEqual({ kind: 'not-a-request', temporary: true });
    },
  );

  it.each(['notes.txt', 'OQSsiquc01res_1.xml', 'OQSsiquc01req_1.pdf', 'OQSsiquc01req-1.xml', `OQSsiquc01req_${'x'.repeat(250)}.xml`])('%s is no request', (name) => {
    expect(parseRequestName(name)).toEqual({ kind: 'not-a-request', temporary: false });
  });

  it('tells response names, which retention may clear, from anything else in Res', () => {
    expect(isResponseName('OQSsiquc01res_1.xml')).toBe(true);
    expect(isResponseName('OQSmuquc02res.xml')).toBe(true);
    expect(isResponseName('.OQSsiquc01res_1.xml.0a1b2c3d.tmp')).toBe(false);
    expect(isResponseName('YZKsiquc01res_1.pdf')).toBe(false);
    expect(isResponseName('OQSsiquc01req_1.xml')).toBe(false);
  });
});
