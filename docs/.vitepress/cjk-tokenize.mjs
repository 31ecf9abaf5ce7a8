/**
 * Search tokens for text that mixes Chinese and Latin script. MiniSearch's default tokenizer splits on spaces and
 * punctuation only, so a Chinese API name such as 完结智慧零售订单 would be one long token and a search for 零售订单
 * would not find it. Here a run of Han characters becomes its overlapping pairs (a lone character stays itself),
 * so any part of a name of two characters or more matches; the search combines a query's tokens with AND.
 *
 * VitePress sends this function to the browser as its source text, so it must not use anything outside itself.
 * @param {string} text
 * @returns {string[]}
 */
export function tokenize(text) {
  const tokens = [];
  // Words keep `_` so that field names such as out_order_no stay one token.
  for (const word of text.split(/[^\p{L}\p{N}_]+/u)) {
    for (const part of word.split(/(\p{Script=Han}+)/u)) {
      if (!part) continue;
      const chars = [...part];
      if (!/\p{Script=Han}/u.test(part) || chars.length === 1) tokens.push(part);
      else for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    }
  }
  return tokens;
}
