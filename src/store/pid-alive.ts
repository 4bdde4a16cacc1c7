/**
 * Whether a process with this pid exists on this machine. Signal 0 checks without sending anything;
 * EPERM means the process exists but belongs to another user, so it is alive.
 */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
