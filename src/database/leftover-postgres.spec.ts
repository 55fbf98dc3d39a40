import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isServerOf, stopLeftoverServer } from './leftover-postgres';

const linux = process.platform === 'linux';
/** Exited; an orphan may stay a zombie until init reaps it. */
const gone = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
};
// Stands in for a postmaster: argv[0] ends in "postgres", `-D <dir>` follows, SIGINT ends it.
const FAKE = "process.on('SIGINT', () => process.exit(0)); setInterval(() => undefined, 1000);";

describe('isServerOf', () => {
  it('recognises `postgres -D <our data dir>` and nothing else', () => {
    const argv = ['/x/bin/postgres', '-D', '/data/pg', '-p', '5432'];
    expect(isServerOf(argv, '/data/pg')).toBe(true);
    expect(isServerOf(argv, '/data/other')).toBe(false);
    expect(isServerOf(['/usr/bin/node', '-D', '/data/pg'], '/data/pg')).toBe(false);
    expect(isServerOf(['postgres: checkpointer'], '/data/pg')).toBe(false);
    expect(isServerOf([], '/data/pg')).toBe(false);
  });
});

(linux ? describe : describe.skip)(
  'stopLeftoverServer (issue 17: no restart after kill -9)',
  () => {
    let dir: string;
    let dataDir: string;
    const notices: string[] = [];
    const lockWith = (pid: number) =>
      writeFileSync(path.join(dataDir, 'postmaster.pid'), `${pid}\n${dataDir}\n1\n54329\n`);
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'leftover-pg-'));
      dataDir = path.join(dir, 'postgres');
      mkdirSync(dataDir);
      notices.length = 0;
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('stops a server whose API died (an orphan), so the start can go on', async () => {
      // bash's `exec -a` names the process; `&` in a shell that exits orphans it, like kill -9.
      const pid = Number(
        execFileSync(
          'bash',
          [
            '-c',
            '(exec -a "$1" "$2" -e "$3" -- -D "$4" >/dev/null 2>&1 </dev/null) & echo $!',
            'bash',
            path.join(dir, 'bin', 'postgres'),
            process.execPath,
            FAKE,
            dataDir,
          ],
          { encoding: 'utf8' },
        ).trim(),
      );
      lockWith(pid);
      await sleep(300);
      expect(gone(pid)).toBe(false);
      await stopLeftoverServer(dataDir, (m) => notices.push(m));
      expect(gone(pid)).toBe(true);
      expect(notices.join()).toMatch(/left running .* stopping it/);
    });

    it('refuses to pull the server away from a live API (or db:dev) that runs it', async () => {
      const child = spawn(process.execPath, ['-e', FAKE, '--', '-D', dataDir], {
        argv0: path.join(dir, 'bin', 'postgres'),
        stdio: 'ignore',
      });
      try {
        await sleep(300);
        lockWith(child.pid!);
        await expect(stopLeftoverServer(dataDir, (m) => notices.push(m))).rejects.toThrow(
          /already running .* for process \d+/,
        );
        expect(gone(child.pid!)).toBe(false);
      } finally {
        child.kill('SIGKILL');
      }
    });

    it('removes a lock file whose number now belongs to an unrelated process', async () => {
      const other = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        await sleep(100);
        lockWith(other.pid!);
        await stopLeftoverServer(dataDir, (m) => notices.push(m));
        expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
        expect(gone(other.pid!)).toBe(false);
      } finally {
        other.kill('SIGKILL');
      }
    });

    it('leaves a stale lock file of a dead server to PostgreSQL', async () => {
      const dead = spawn('true');
      await new Promise((r) => dead.on('exit', r));
      lockWith(dead.pid!);
      await stopLeftoverServer(dataDir, (m) => notices.push(m));
      expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true);
      expect(notices).toEqual([]);
    });
  },
);
