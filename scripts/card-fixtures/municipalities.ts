/**
 * The municipalities of the fixture people's addresses: 全国地方公共団体コード (5 digits + check
 * digit) and the romanised locality names a real 署名用 certificate carries in its subject. The
 * 見本 places are invented; their codes use the unassigned 999 range of their prefecture.
 */
export interface Municipality {
  /** The address starts with this (prefecture + city/ward as written on the card). */
  addressPrefix: string;
  code5: string;
  prefecture: string;
  city: string;
}

const MUNICIPALITIES: ReadonlyArray<Municipality> = [
  { addressPrefix: '北海道札幌市中央区', code5: '01101', prefecture: 'Hokkaido', city: 'Sapporo-shi Chuo-ku' },
  { addressPrefix: '宮城県仙台市青葉区', code5: '04101', prefecture: 'Miyagi-ken', city: 'Sendai-shi Aoba-ku' },
  { addressPrefix: '埼玉県さいたま市浦和区', code5: '11107', prefecture: 'Saitama-ken', city: 'Saitama-shi Urawa-ku' },
  { addressPrefix: '千葉県千葉市中央区', code5: '12101', prefecture: 'Chiba-ken', city: 'Chiba-shi Chuo-ku' },
  { addressPrefix: '東京都千代田区', code5: '13101', prefecture: 'Tokyo-to', city: 'Chiyoda-ku' },
  { addressPrefix: '東京都新宿区', code5: '13104', prefecture: 'Tokyo-to', city: 'Shinjuku-ku' },
  { addressPrefix: '東京都豊島区', code5: '13116', prefecture: 'Tokyo-to', city: 'Toshima-ku' },
  { addressPrefix: '東京都見本区', code5: '13998', prefecture: 'Tokyo-to', city: 'Mihon-ku' },
  { addressPrefix: '東京都見本市', code5: '13999', prefecture: 'Tokyo-to', city: 'Mihon-shi' },
  { addressPrefix: '神奈川県横浜市西区', code5: '14103', prefecture: 'Kanagawa-ken', city: 'Yokohama-shi Nishi-ku' },
  { addressPrefix: '神奈川県横浜市中区', code5: '14104', prefecture: 'Kanagawa-ken', city: 'Yokohama-shi Naka-ku' },
  { addressPrefix: '静岡県静岡市葵区', code5: '22101', prefecture: 'Shizuoka-ken', city: 'Shizuoka-shi Aoi-ku' },
  { addressPrefix: '静岡県浜松市中央区', code5: '22138', prefecture: 'Shizuoka-ken', city: 'Hamamatsu-shi Chuo-ku' },
  { addressPrefix: '大阪府大阪市北区', code5: '27127', prefecture: 'Osaka-fu', city: 'Osaka-shi Kita-ku' },
  { addressPrefix: '福岡県福岡市中央区', code5: '40133', prefecture: 'Fukuoka-ken', city: 'Fukuoka-shi Chuo-ku' },
];

/** The check digit of a 全国地方公共団体コード: weights 6,5,4,3,2; 11 − (sum mod 11), last digit. */
export function municipalityCheckDigit(code5: string): string {
  if (!/^\d{5}$/.test(code5)) throw new RangeError(`a municipality code has 5 digits, not ${JSON.stringify(code5)}`);
  const sum = [...code5].reduce((total, digit, index) => total + Number(digit) * (6 - index), 0);
  return String((11 - (sum % 11)) % 10);
}

export function municipalityOf(address: string): Municipality & { code6: string } {
  const found = MUNICIPALITIES.find((municipality) => address.startsWith(municipality.addressPrefix));
  if (!found) throw new Error(`no municipality known for the address ${address}; add it to scripts/card-fixtures/municipalities.ts`);
  return { ...found, code6: found.code5 + municipalityCheckDigit(found.code5) };
}
