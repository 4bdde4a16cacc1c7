import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { UsageError } from '../error/cxqa-error.js';

/**
 * Writes a command's whole output file. A regular file (or a new one) is written next to the target and renamed
 * over it, so a reader never sees half a page. Anything else that already exists there — `/dev/null`,
 * `/dev/stdout`, a named pipe — is written in place: renaming over it would replace the device or pipe with a
 * regular file (and need a temporary file beside it, in `/dev`). A directory, or a folder that does not exist,
 * is a `UsageError` (`OUT_UNWRITABLE`) naming the path; nothing is left behind. Returns `stream` when it wrote in
 * place (the caller then prints nothing more to a stdout that may be that very stream), else `file`.
 */
export function writeOutputFile(path: string, text: string): 'file' | 'stream' {
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(path);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw new UsageError(`cannot write ${path}: it is a directory (give a file name, e.g. ${path}/report.html)`, 'OUT_UNWRITABLE');
  try {
    if (existing && !existing.isFile()) {
      writeFileSync(path, text);
      return 'stream';
    }
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, text);
      renameSync(tmp, path);
      return 'file';
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EROFS') {
      throw new UsageError(`cannot write ${path}: ${code === 'ENOENT' ? 'its folder does not exist' : (err as Error).message}`, 'OUT_UNWRITABLE', { cause: err });
    }
    throw err;
  }
}
