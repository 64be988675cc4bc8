/**
 * The helper thread's entry (see generator/helper.ts): loads what it will need while the main thread runs the front
 * end, then answers requests in order — emit (run emitters, format their files) and format (the main thread's
 * files).
 */
import { parentPort } from "node:worker_threads";
import { EMITTERS } from "./emit/index";
import { tsMorph } from "./emit/ts-common";
import { formatOutputs, runBatch } from "./format";
import { belongsTo, type HelperReply, type HelperRequest } from "./helper";
import type { OutputFile } from "./ir/types";

const port = parentPort;
if (port) {
  let queue = Promise.resolve();
  port.on("message", (msg: HelperRequest) => {
    queue = queue.then(() => handle(msg)).then(
      (reply) => port.postMessage(reply),
      (e: unknown) => port.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies HelperReply),
    );
  });
  // Load ts-morph and prettier now, while the main thread is busy with the front end.
  tsMorph();
  void runBatch("units", ["const x = 1;"]);
}

async function handle(msg: HelperRequest): Promise<HelperReply> {
  if (msg.type === "format") return { id: msg.id, files: await formatOutputs(msg.files) };
  const wanted = new Set(msg.emitters);
  const skipped = new Set(msg.skipped);
  const files: OutputFile[] = EMITTERS.filter((e) => wanted.has(e.name))
    .flatMap((e) => e.emit(msg.program))
    .filter((f) => !belongsTo(f.path, skipped));
  return { id: msg.id, files: await formatOutputs(files) };
}
