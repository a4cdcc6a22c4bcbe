/**
 * Memory of the processes descended from this one (a browser Playwright launched, and its
 * helpers), read from Linux's /proc: proportional set size, so pages they share count once.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Processes descended from this one, from every process's parent in /proc. */
export function descendants(): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!mine.has(pid) && mine.has(ppid)) {
        mine.add(pid);
        out.push(pid);
        grew = true;
      }
    }
  }
  return out;
}

/** PSS of the descendants in MB, or undefined where the kernel does not give it (no smaps_rollup). */
export function descendantsPssMb(): number | undefined {
  if (!existsSync('/proc/self/smaps_rollup')) return undefined;
  let kb = 0;
  for (const pid of descendants()) {
    try {
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}
