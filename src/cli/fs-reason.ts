/**
 * File-system failures in words, and which of them are the machine's state rather than a defect (a full or
 * read-only disk, a quota, too many open files): kept apart from files.ts so that the CLI's last line of
 * defence (main.ts) can name them without loading the file layer at start-up.
 */

/** Why a file operation failed, in words (errno codes as Node reports them). */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'is a folder';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'symbolic links loop (too many levels of symbolic links)';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EFBIG':
      return 'the file is larger than this system or its limits allow';
    case 'EIO':
      return 'input/output error';
    case 'ENXIO':
      return 'no process is reading from it';
    case 'EBUSY':
      return 'it is busy';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return `failed (${code ?? (e instanceof Error ? e.message : String(e))})`;
  }
}

/** Errno codes that say the machine cannot go on as it is (space, quota, limits, permissions), not that il5ml erred. */
const ENVIRONMENT = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS', 'EIO', 'EMFILE', 'ENFILE', 'EACCES', 'EPERM']);

/** True for a Node file-system error (it names a system call) whose code is one of ENVIRONMENT. */
export function isEnvironmentFailure(e: unknown): e is NodeJS.ErrnoException {
  const err = e as NodeJS.ErrnoException | undefined;
  return err instanceof Error && typeof err.code === 'string' && typeof err.syscall === 'string' && ENVIRONMENT.has(err.code);
}
