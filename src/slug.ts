/**
 * The stable key of a topic name: lower case ASCII words joined by hyphens.
 * Accents are folded so "Esmée" and "Esmee" meet; apostrophes vanish so "Carer's" and "Carers" meet.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Throws unless `month` is YYYY-MM, so a typo cannot silently select nothing. */
export function assertMonth(month: string): void {
  if (!MONTH.test(month))
    throw new RangeError(`Month "${month}" is not in the form YYYY-MM (for example 2026-11).`);
}
