import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  defaultTaxonomyPath,
  parseTaxonomy,
  readTaxonomyText,
  TAXONOMY_PARSER,
  type Taxonomy,
} from './taxonomy.js';

/**
 * Where the checked taxonomy is kept between processes: a `cache` folder beside the database (a folder
 * Horizon already writes), or nowhere for an in-memory database.
 */
export function taxonomyCacheDir(dbPath: string): string | null {
  return dbPath === ':memory:' || dbPath === '' ? null : join(dirname(dbPath), 'cache');
}

/**
 * What a checked taxonomy was made from: the file's text, where it was read (messages name it), and the
 * code that checked it (its file's size and time), so an upgrade or a rebuild of Horizon never reads a
 * taxonomy checked by other code.
 */
function keyOf(text: string, source: string): string {
  let parser = 'unknown';
  try {
    const s = statSync(fileURLToPath(TAXONOMY_PARSER));
    parser = `${s.size}:${s.mtimeMs}`;
  } catch {
    // Nothing to stat: the text alone keys it.
  }
  return createHash('sha256').update(`${parser}\n${source}\n${text}`).digest('hex');
}

/**
 * The taxonomy as `loadTaxonomy` reads it, but parsed and checked once per text rather than once per
 * process: the YAML parse is most of what a new process spends before an `agenda preview` can rank
 * (a few hundred milliseconds), reading the checked copy well under one. The copy is keyed by the
 * file's text, so an edited file is read and checked afresh, its mistakes reported as ever. A copy that
 * cannot be written (a read-only disk) or read (damaged, another version's) only costs the parse.
 */
export function loadTaxonomyCached(
  path: string = defaultTaxonomyPath(),
  cacheDir: string | null = null,
): Taxonomy {
  const text = readTaxonomyText(path);
  if (!cacheDir) return parseTaxonomy(text, path);
  const key = keyOf(text, path);
  const file = join(cacheDir, 'taxonomy.json');
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { key?: string; taxonomy?: Taxonomy };
    if (cached.key === key && cached.taxonomy && Array.isArray(cached.taxonomy.themes))
      return cached.taxonomy;
  } catch {
    // None yet, or unreadable: parsed below.
  }
  const taxonomy = parseTaxonomy(text, path);
  // Written whole, then renamed into place, so another process never reads half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(tmp, JSON.stringify({ key, taxonomy }));
    renameSync(tmp, file);
  } catch {
    // A read-only disk: every process parses, as before.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Left for the next writer to replace.
    }
  }
  return taxonomy;
}
