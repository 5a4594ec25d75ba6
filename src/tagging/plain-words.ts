// Words that say nothing to a reader as a reason on their own. The model may lean on them ("The" opens
// many grant-round summaries), and they still count in its score, but a reason that reads `"The" in
// summary` or `"25" in title` tells a senior team nothing: such a reason is passed over for the next.
const PLAIN = new Set(
  (
    'a about after all also an and any are as at be been but by can could do for from had has have he her ' +
    'his i if in into is it its may more most must no not of on one or our out over she should so than ' +
    'that the their them there these they this those to up us was we were what when which who will with ' +
    'would you your'
  ).split(' '),
);

/** True for a word (lower case) that means nothing as a reason by itself: a function word or a number. */
export function isPlainWord(word: string): boolean {
  return PLAIN.has(word) || /^[\d.,/-]+$/.test(word);
}
