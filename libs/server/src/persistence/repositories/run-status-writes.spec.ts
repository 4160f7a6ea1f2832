import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Invariant: a run's status changes in one place — `transitionRun` / `transitionRunStatus` /
 * `transitionRunsStatus` (runs.repository.ts), a compare-and-set on the current status. Any other
 * `UPDATE runs … SET … status =` in application code is a second implementation of it.
 * (Migrations' SECURITY DEFINER functions are SQL, not application code, and are not scanned.)
 */
const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const SCANNED = ['apps/api/src', 'apps/worker/src', 'libs/server/src'];
const ALLOWED = new Set(['libs/server/src/persistence/repositories/runs.repository.ts']);
const isSource = (name: string) =>
  name.endsWith('.ts') &&
  !name.endsWith('.spec.ts') &&
  !name.endsWith('.int-spec.ts') &&
  !name.endsWith('.d.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' || entry.name === 'dist' ? [] : sources(path);
    return isSource(entry.name) ? [path] : [];
  });
}

/** The SET lists of the `UPDATE runs` statements in a text (up to WHERE, FROM or RETURNING). */
export function runStatusWrites(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(
    /UPDATE\s+runs(?:\s+(?!SET\b)\w+)?\s+SET\s+([\s\S]*?)(?:\bWHERE\b|\bFROM\b|\bRETURNING\b|`)/gi,
  )) {
    if (/(^|[\s,(])(\w+\.)?status\s*=/i.test(match[1] ?? '')) found.push(match[0].replace(/\s+/g, ' '));
  }
  return found;
}

describe('run status writes', () => {
  it('finds a status write in a SET list, and not a status in a WHERE clause', () => {
    expect(
      runStatusWrites("UPDATE runs SET status = 'running', updated_at = now() WHERE id = $1"),
    ).toHaveLength(1);
    expect(runStatusWrites("UPDATE runs r SET updated_at = now(), status='x' FROM picked")).toHaveLength(1);
    expect(
      runStatusWrites("UPDATE runs SET cancel_requested_at = now() WHERE id = $1 AND status = 'running'"),
    ).toEqual([]);
    expect(
      runStatusWrites("UPDATE runs r SET admission = 'held' FROM picked WHERE r.status = 'queued'"),
    ).toEqual([]);
  });

  it('happen only in the transition helpers of runs.repository.ts', () => {
    const offenders = SCANNED.flatMap((dir) => sources(join(root, dir)))
      .filter((path) => !ALLOWED.has(relative(root, path)))
      .flatMap((path) =>
        runStatusWrites(readFileSync(path, 'utf8')).map((sql) => `${relative(root, path)}: ${sql}`),
      );
    expect(offenders).toEqual([]);
  });
});
