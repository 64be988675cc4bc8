/** Streaming line reader shared by the JSONL replay and the file event log. */
import * as fs from "node:fs";

/** One line of a file; `complete` is false for a last line with no newline. `end` is the byte offset after it. */
export interface Line {
  readonly text: string;
  /** 1-based. */
  readonly line: number;
  readonly complete: boolean;
  /** Byte offset just past the line's newline (or past its last byte if incomplete). */
  readonly end: number;
}

/** Whether `file` exists and is a regular file (not a directory, device or FIFO). */
export function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The lines of a regular file, read in chunks of `chunk` bytes (a longer line grows the buffer). Throws for anything
 * else (a device such as /dev/zero would never end).
 */
export function* readLines(file: string, chunk = 1024 * 1024): Generator<Line> {
  const fd = fs.openSync(file, "r");
  try {
    if (!fs.fstatSync(fd).isFile()) throw new Error(`${file} is not a regular file`);
    let buf = Buffer.allocUnsafe(chunk);
    let start = 0;
    let end = 0;
    let scan = 0;
    let line = 0;
    let base = 0; // file offset of buf[0]
    let eof = false;
    for (;;) {
      const nl = scan < end ? buf.indexOf(0x0a, scan) : -1;
      if (nl >= 0 && nl < end) {
        line++;
        yield { text: buf.toString("utf8", start, nl), line, complete: true, end: base + nl + 1 };
        start = scan = nl + 1;
        continue;
      }
      scan = end;
      if (eof) {
        if (start < end)
          yield { text: buf.toString("utf8", start, end), line: line + 1, complete: false, end: base + end };
        return;
      }
      if (start > 0) {
        buf.copy(buf, 0, start, end);
        base += start;
        end -= start;
        scan -= start;
        start = 0;
      }
      if (end === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, end);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, end, buf.length - end, null);
      if (n === 0) eof = true;
      end += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A line of a file as a byte range: `[start, end)`, `end` just past its newline unless it is incomplete. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
  /** False for a last line with no newline. */
  readonly complete: boolean;
}

/**
 * The lines of the first `size` bytes of an open file, last line first, read backwards in chunks: looking at the
 * end of a large log costs the length of its last lines, not of the file.
 */
export function* linesBackward(fd: number, size: number, chunk = 64 * 1024): Generator<LineRange> {
  const buf = Buffer.allocUnsafe(chunk);
  // The offset of the last newline before `pos`, or -1.
  const newlineBefore = (pos: number): number => {
    while (pos > 0) {
      const from = Math.max(0, pos - chunk);
      const n = fs.readSync(fd, buf, 0, pos - from, from);
      const i = buf.subarray(0, n).lastIndexOf(0x0a);
      if (i >= 0) return from + i;
      pos = from;
    }
    return -1;
  };
  let end = size;
  if (end === 0) return;
  const nl = newlineBefore(end);
  if (nl < end - 1) {
    yield { start: nl + 1, end, complete: false };
    end = nl + 1;
  }
  while (end > 0) {
    const start = newlineBefore(end - 1) + 1;
    yield { start, end, complete: true };
    end = start;
  }
}

/** The text of bytes `[start, end)` of an open file. */
export function readRange(fd: number, start: number, end: number): string {
  const buf = Buffer.allocUnsafe(end - start);
  let off = 0;
  while (off < buf.length) {
    const n = fs.readSync(fd, buf, off, buf.length - off, start + off);
    if (n === 0) break;
    off += n;
  }
  return buf.toString("utf8", 0, off);
}
