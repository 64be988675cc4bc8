/** Reads a JSONL event log back: the base file and its rotations, in order, each line through the family decoder. */
import { splitEnvelope } from "./envelope";
import { messageOf } from "./errors";
import type { EventFamily } from "./family";
import { listRotations } from "./jsonl";
import { readLines } from "./lines";

/** One event read back, with its envelope and where it came from. */
export interface LogEntry<E> {
  readonly index: number;
  readonly emittedAtMs: number;
  readonly frameDepth: number | null;
  readonly event: E;
  /** The file it was read from. */
  readonly file: string;
  /** Its 1-based line number in that file. */
  readonly line: number;
}

/**
 * A problem found while reading:
 * - `corrupt`: a complete line that does not decode (bad JSON, bad envelope, or the family decoder rejected it);
 * - `torn`: the newest file ends in an incomplete line (the writer died mid-write); it is skipped;
 * - `sequence`: an index that does not follow the previous one (a gap, a repeat, or a line lost to corruption).
 */
export interface LogIssue {
  readonly kind: "corrupt" | "torn" | "sequence";
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** The first 200 characters of the line. */
  readonly excerpt: string;
}

/** Options of {@link readLog}. */
export interface ReadLogOptions {
  /** Yield only events with `index >= fromIndex`; whole files before it are skipped without decoding. */
  readonly fromIndex?: number;
  /** Called for each issue as it is found (they are also collected in `issues`). */
  readonly onIssue?: (issue: LogIssue) => void;
  /** Read size. Default 1 MiB. */
  readonly chunkBytes?: number;
}

/**
 * An iterable replay of a log; `issues` fills up as it is iterated. Iterating again lists and re-reads the files
 * (picking up rotations made since).
 */
export interface LogReplay<E> extends Iterable<LogEntry<E>> {
  readonly files: readonly string[];
  readonly issues: LogIssue[];
  /** Reads everything. */
  toArray(): LogEntry<E>[];
}

/** The files of a log, in read order: the base file, then `-000001`, `-000002`… */
export function logFiles(basePath: string): string[] {
  return [basePath, ...listRotations(basePath)];
}

/**
 * Replays the log at `basePath` (and its rotations) with the family's decoder. Corrupt lines are reported with
 * file and line number and skipped; a torn last line is reported as `torn` and skipped. Reading is synchronous and
 * streams in chunks, so memory stays bounded by the longest line.
 */
export function readLog<E>(basePath: string, family: EventFamily<E>, options: ReadLogOptions = {}): LogReplay<E> {
  let files = logFiles(basePath);
  const issues: LogIssue[] = [];
  return {
    get files() {
      return files;
    },
    issues,
    [Symbol.iterator]: () => {
      // A log that is still being written may have rotated since: list its files again.
      files = logFiles(basePath);
      issues.length = 0;
      return entries(files, family, options, issues);
    },
    toArray() {
      return [...this];
    },
  };
}

function* entries<E>(
  files: string[],
  family: EventFamily<E>,
  options: ReadLogOptions,
  issues: LogIssue[],
): Generator<LogEntry<E>> {
  const fromIndex = options.fromIndex ?? 0;
  const chunk = options.chunkBytes ?? 1024 * 1024;
  let expected: number | undefined;
  const report = (issue: LogIssue): void => {
    issues.push(issue);
    options.onIssue?.(issue);
  };
  for (let f = 0; f < files.length; f++) {
    const file = files[f] as string;
    const next = files[f + 1];
    // Every index in this file precedes the next file's first line: skip it when that is still before fromIndex.
    if (fromIndex > 0 && next !== undefined) {
      const first = firstIndex(next);
      if (first !== undefined && first <= fromIndex) continue;
    }
    const last = f === files.length - 1;
    for (const { text, line, complete } of readLines(file, chunk)) {
      let header;
      let eventJson: string;
      try {
        ({ header, eventJson } = splitEnvelope(text));
      } catch (error) {
        report(issue(complete || !last ? "corrupt" : "torn", file, line, error, text));
        continue;
      }
      if (expected !== undefined && header.index !== expected) {
        report({
          kind: "sequence",
          file,
          line,
          message: `index ${header.index} where ${expected} was expected`,
          excerpt: text.slice(0, 200),
        });
      }
      expected = header.index + 1;
      if (header.index < fromIndex) continue;
      let event: E;
      try {
        event = family.decode(eventJson);
      } catch (error) {
        report(issue(complete || !last ? "corrupt" : "torn", file, line, error, text));
        continue;
      }
      yield { index: header.index, emittedAtMs: header.emittedAtMs, frameDepth: header.frameDepth, event, file, line };
    }
  }
}

function issue(kind: LogIssue["kind"], file: string, line: number, error: unknown, text: string): LogIssue {
  const why = messageOf(error);
  const message = kind === "torn" ? `torn last line (the writer stopped mid-line): ${why}` : why;
  return { kind, file, line, message, excerpt: text.slice(0, 200) };
}

function firstIndex(file: string): number | undefined {
  for (const { text } of readLines(file, 64 * 1024)) {
    try {
      return splitEnvelope(text).header.index;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
