// Advance widths of DejaVu Sans (the font shipped in assets/fonts and used to render the chart), in
// thousandths of an em, measured once with resvg. Knowing real widths lets the layout keep labels apart
// without a browser to measure text.
const CHARS =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~£’‘“”–—é…←→•';

const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 300, 337, 636, 636, 636, 636, 636,
  636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295,
  295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838,
  500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
  392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 636, 318, 318, 452, 487, 500, 1000, 615, 1000, 838,
  838, 590,
];

const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696,
  696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372,
  372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838,
  500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595,
  478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 696, 380, 380, 657, 657, 500, 1000, 678, 1000, 838,
  838, 639,
];

const regular = new Map<string, number>();
const bold = new Map<string, number>();
[...CHARS].forEach((c, i) => {
  regular.set(c, REGULAR[i]!);
  bold.set(c, BOLD[i]!);
});

function charWidth(c: string, table: Map<string, number>): number {
  const known = table.get(c);
  if (known !== undefined) return known;
  const code = c.codePointAt(0) ?? 0;
  // Wide scripts take a full em; anything else unknown is assumed as wide as a capital, erring on space.
  return code >= 0x2e80 ? 1000 : 780;
}

/** Width in pixels of `text` set in DejaVu Sans at `size` pixels. */
export function textWidth(text: string, size: number, isBold = false): number {
  const table = isBold ? bold : regular;
  let total = 0;
  for (const c of text) total += charWidth(c, table);
  return (total * size) / 1000;
}

/** The text, shortened with an ellipsis at a word boundary where possible, so that it fits `maxWidth`. */
export function fitText(text: string, maxWidth: number, size: number, isBold = false): string {
  if (textWidth(text, size, isBold) <= maxWidth) return text;
  const chars = [...text];
  let end = chars.length;
  while (end > 1 && textWidth(chars.slice(0, end).join('').trimEnd() + '…', size, isBold) > maxWidth)
    end -= 1;
  let cut = chars.slice(0, end).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.6) cut = cut.slice(0, space);
  return cut.trimEnd() + '…';
}

/** Splits text into lines no wider than `maxWidth`, breaking between words. */
export function wrapText(text: string, maxWidth: number, size: number, isBold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size, isBold) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => fitText(l, maxWidth, size, isBold));
}
