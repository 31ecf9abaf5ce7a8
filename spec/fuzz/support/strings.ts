import fc from 'fast-check';

/** Lone surrogates: JavaScript strings that no UTF-8 (and so no URL or header) can carry. */
export const loneSurrogate = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF');

/** Characters that mean something in URLs, paths and encodings. */
const URL_PIECES = fc.constantFrom(
  '/',
  '?',
  '#',
  '%',
  '.',
  '..',
  '\\',
  ' ',
  '+',
  '&',
  '=',
  ':',
  '@',
  ';',
  ',',
  '%2e',
  '%2F',
  '%25',
  '%zz',
  '~',
  '*',
  "'",
  '(',
  ')',
  '!',
  '\t',
  '\n',
  '\0',
  'é',
  '中',
  '😀',
  '\u200B',
  '\uFEFF',
  '\uFF0E',
);

/** Anything a caller might pass as a path or query value: text of every kind, URL syntax, unicode, lone surrogates. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 3, arbitrary: fc.string({ unit: fc.oneof(URL_PIECES, fc.constantFrom('a', 'B', '1', '_', '-')), maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 4 }), loneSurrogate, fc.string({ maxLength: 4 })).map((parts) => parts.join('')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '.',
      '..',
      '...',
      '%2e%2e',
      '.%2E',
      '../x',
      'a/..',
      'a/../b',
      '?',
      '#',
      '%',
      '%%',
      '/',
      '//',
      'T1',
      'x'.repeat(300),
    ),
  },
);
