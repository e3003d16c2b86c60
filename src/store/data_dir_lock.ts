/**
 * @module
 * One data dir, one writer at a time: `hewston serve` holds an exclusive lock on
 * `<data dir>/serve.lock` for its whole life (and writes its pid and address into it), and
 * the CLI commands that write (`data`, `backtest`, `sweep`, `prune`) hold a shared lock while
 * they run. So a second server on the same data dir, or a command while a server runs, is
 * refused with one line naming the holder, before it reads or changes anything: it can
 * never mark the first server's running runs ERROR or delete their partial folders.
 * Read-only commands (`runs`, `verify`, `dbn`) take no lock. The locks are advisory `flock`s
 * (`Deno.FsFile.tryLock`): the OS drops them when a process dies, even by `kill -9`.
 */
import { join } from "node:path";
import { HewstonError } from "../domain/errors.ts";
import type { DataDir } from "./data_dir.ts";

/** Name of the lock file in the data dir root. */
export const LOCK_FILE = "serve.lock";

/** The lock a server holds. */
export interface ServeLock {
  /** Records the server's address (and pid) for the messages of those it refuses. */
  announce(address: string): void;
  /** Clears the record and drops the lock. */
  release(): void;
}

/** The lock a writing CLI command holds. */
export interface CommandLock {
  /** Drops the lock. */
  release(): void;
}

interface Holder {
  pid: number;
  address: string;
}

/**
 * Takes the data dir for a server.
 * @param dir the data dir (its root must exist)
 * @throws {HewstonError} DATA_DIR_IN_USE (409) when a server or a writing command holds it
 */
export async function lockForServe(dir: DataDir): Promise<ServeLock> {
  const file = await openLockFile(dir);
  if (!(await file.tryLock(true))) {
    const holder = readHolder(dir);
    file.close();
    throw inUse(
      dir,
      holder
        ? `hewston serve at ${holder.address} (pid ${holder.pid})`
        : "a running hewston command (data, backtest, sweep or prune); wait for it to finish",
    );
  }
  // Whatever a crashed server left here is stale now.
  file.truncateSync(0);
  let released = false;
  return {
    announce(address) {
      const text = JSON.stringify({ pid: Deno.pid, address } satisfies Holder) + "\n";
      file.truncateSync(0);
      file.seekSync(0, Deno.SeekMode.Start);
      file.writeSync(new TextEncoder().encode(text));
    },
    release() {
      if (released) return;
      released = true;
      try {
        file.truncateSync(0);
      } finally {
        file.close(); // closing the descriptor drops the flock
      }
    },
  };
}

/**
 * Takes the data dir for a writing CLI command (shared with other commands).
 * @param dir the data dir (its root must exist)
 * @param command the command's name, for the message
 * @throws {HewstonError} DATA_DIR_IN_USE (409) naming the server that holds it
 */
export async function lockForCommand(dir: DataDir, command: string): Promise<CommandLock> {
  const file = await openLockFile(dir);
  if (!(await file.tryLock(false))) {
    const holder = readHolder(dir);
    file.close();
    const who = holder
      ? `hewston serve at ${holder.address} (pid ${holder.pid})`
      : "a starting hewston serve";
    throw inUse(
      dir,
      `${who}; stop it to run hewston ${command}, or go through its API (read-only commands like hewston runs work meanwhile)`,
    );
  }
  // No server holds the dir: a pid and address left by a crashed one are stale.
  file.truncateSync(0);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      file.close();
    },
  };
}

async function openLockFile(dir: DataDir): Promise<Deno.FsFile> {
  return await Deno.open(join(dir.root, LOCK_FILE), { read: true, write: true, create: true });
}

function readHolder(dir: DataDir): Holder | null {
  try {
    const h = JSON.parse(Deno.readTextFileSync(join(dir.root, LOCK_FILE)));
    return Number.isInteger(h?.pid) && typeof h?.address === "string" ? h : null;
  } catch {
    return null;
  }
}

function inUse(dir: DataDir, by: string): HewstonError {
  return new HewstonError("DATA_DIR_IN_USE", `data dir ${dir.root} is in use by ${by}`, {
    status: 409,
  });
}
