/**
 * The helper thread's entry (see generator/helper.ts): loads what it will need while the main thread runs the front
 * end, then answers requests in order — emit (run emitters, format their files), batch (a prettier batch) and
 * pieces (claim and format pieces of a large file alongside the main thread).
 */
import { parentPort } from "node:worker_threads";
import { EMITTERS } from "./emit/index";
import { tsMorph } from "./emit/ts-common";
import { claimPieces, formatOutputs, runBatch } from "./format";
import { belongsTo, type HelperReply, type HelperRequest } from "./helper";
import type { OutputFile } from "./ir/types";

const port = parentPort;
if (port) {
  let queue = Promise.resolve();
  const answer = (msg: HelperRequest, work: Promise<HelperReply>) =>
    work.then(
      (reply) => port.postMessage(reply),
      (e: unknown) => port.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies HelperReply),
    );
  port.on("message", (msg: HelperRequest) => {
    // A prettier batch is answered at once (between the pieces this thread formats, see claimPieces): the main
    // thread waits on it. Emitting and pieces run in order.
    if (msg.type === "batch") void answer(msg, handle(msg));
    else queue = answer(msg, queue.then(() => handle(msg)));
  });
  // Load ts-morph and prettier now, while the main thread is busy with the front end.
  tsMorph();
  void runBatch("units", ["const x = 1;"]);
}

async function handle(msg: HelperRequest): Promise<HelperReply> {
  if (msg.type === "pieces") return { id: msg.id, pieces: await claimPieces(msg.path, msg.pieces, msg.claims) };
  if (msg.type === "batch") {
    const outputs = await runBatch(msg.kind, msg.sources);
    return outputs === undefined ? { id: msg.id, error: "the batch did not come back as its jobs" } : { id: msg.id, outputs };
  }
  const wanted = new Set(msg.emitters);
  const skipped = new Set(msg.skipped);
  const files: OutputFile[] = EMITTERS.filter((e) => wanted.has(e.name))
    .flatMap((e) => e.emit(msg.program))
    .filter((f) => !belongsTo(f.path, skipped));
  return { id: msg.id, files: await formatOutputs(files) };
}
