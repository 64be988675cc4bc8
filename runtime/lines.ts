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
