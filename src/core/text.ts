// Transcript normalisation: the twin of training/corpus/text.py, so references and hypotheses are
// scored the way the recipe scores them. A normalised transcript holds only a-z, the apostrophe and
// single spaces; numbers are spelled out the way people read them.

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: [number, string][] = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
  [1000, 'thousand'],
];
const ORDINAL_IRREGULAR: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };
const CURRENCY: Record<string, [string, string]> = { $: ['dollar', 'dollars'], '£': ['pound', 'pounds'], '€': ['euro', 'euros'] };

/** Cardinal in American style, without "and": 342 -> "three hundred forty two". */
export function spellNumber(n: number): string {
  if (n < 0) return `minus ${spellNumber(-n)}`;
  if (n < 20) return ONES[n]!;
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return TENS[tens]! + (ones === 0 ? '' : ` ${ONES[ones]}`);
  }
  if (n < 1000) {
    const hundreds = Math.floor(n / 100);
    const rest = n % 100;
    return `${ONES[hundreds]} hundred${rest === 0 ? '' : ` ${spellNumber(rest)}`}`;
  }
  for (const [scale, name] of SCALES) {
    if (n >= scale) {
      const high = Math.floor(n / scale);
      const rest = n % scale;
      return `${spellNumber(high)} ${name}${rest === 0 ? '' : ` ${spellNumber(rest)}`}`;
    }
  }
  throw new Error('unreachable');
}

export function spellOrdinal(n: number): string {
  const words = spellNumber(n).split(' ');
  let last = words[words.length - 1]!;
  if (last in ORDINAL_IRREGULAR) last = ORDINAL_IRREGULAR[last]!;
  else if (last.endsWith('y')) last = `${last.slice(0, -1)}ieth`;
  else last = `${last}th`;
  return [...words.slice(0, -1), last].join(' ');
}

/** Years are read in pairs: 1984 -> "nineteen eighty four", 1905 -> "nineteen oh five". */
export function spellYear(n: number): string {
  const high = Math.floor(n / 100);
  const low = n % 100;
  if (low === 0) return `${spellNumber(high)} hundred`;
  if (low < 10) return `${spellNumber(high)} oh ${ONES[low]}`;
  return `${spellNumber(high)} ${spellNumber(low)}`;
}

/** Digit by digit: "0351" -> "zero three five one". */
export function spellDigits(digits: string): string {
  return Array.from(digits, (d) => ONES[Number(d)]).join(' ');
}

function spellIntegerToken(token: string): string {
  if (token.length > 1 && token.startsWith('0')) return spellDigits(token);
  // Four digits from 1100 to 1999 are almost always years in running text.
  if (token.length === 4 && Number(token) >= 1100 && Number(token) <= 1999) return spellYear(Number(token));
  if (token.length > 15) return spellDigits(token);
  return spellNumber(Number(token));
}

function spellCurrency(symbol: string, amount: string): string {
  const [singular, plural] = CURRENCY[symbol]!;
  if (amount.includes('.')) {
    const [whole = '0', cents = ''] = amount.split('.', 2);
    let words = `${spellNumber(Number(whole))} ${Number(whole) === 1 ? singular : plural}`;
    if (Number(cents)) words += ` ${spellNumber(Number(cents.slice(0, 2).padEnd(2, '0')))} cents`;
    return ` ${words} `;
  }
  return ` ${spellNumber(Number(amount))} ${Number(amount) === 1 ? singular : plural} `;
}

/** Replaces every digit sequence with words (currency, %, ordinals and decimals first). */
export function spellNumbers(text: string): string {
  let t = text.replace(/(?<=\d),(?=\d{3}\b)/g, '');
  t = t.replace(/([$£€])\s?(\d+(?:\.\d+)?)/g, (_, symbol: string, amount: string) => spellCurrency(symbol, amount));
  t = t.replace(/(\d+(?:\.\d+)?)\s?%/g, (_, n: string) => ` ${spellNumbers(n)} percent `);
  t = t.replace(/\b(\d+)(st|nd|rd|th)\b/gi, (_, n: string) => ` ${spellOrdinal(Number(n))} `);
  t = t.replace(/\b(\d+)\.(\d+)\b/g, (_, whole: string, fraction: string) => ` ${spellIntegerToken(whole)} point ${spellDigits(fraction)} `);
  return t.replace(/\d+/g, (n) => ` ${spellIntegerToken(n)} `);
}

/** Lower-case letters, apostrophes inside words, single spaces; numbers spelled out. */
export function normalise(text: string): string {
  let t = text.normalize('NFKD').replace(/\p{M}/gu, '');
  t = t.replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'");
  t = t.replaceAll('&', ' and ');
  t = spellNumbers(t);
  t = t.toLowerCase();
  t = t.replace(/[^a-z' ]+/g, ' ');
  t = t.replace(/(?<![a-z])'|'(?![a-z])/g, ' ');
  return t.replace(/ +/g, ' ').trim();
}
