// A module hook for tests: appends every resolved module address to $HORIZON_IMPORT_LOG, so a test can
// see what a command loaded.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      appendFileSync(process.env.HORIZON_IMPORT_LOG, result.url + '\\n');
      return result;
    }
  `)}`,
);
