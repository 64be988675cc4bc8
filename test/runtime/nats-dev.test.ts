/**
 * `npm run nats:dev` (scripts/nats-dev.sh) where port 4222 is already taken — as it is where Debian's packaged
 * nats-server service runs — starts JetStream on a free port and prints it, instead of dying on `bind`.
 */
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { cleanupTmp, tmpDir } from "./helpers";
import { natsServerAvailable } from "./nats-server";

const SCRIPT = path.resolve(__dirname, "..", "..", "scripts", "nats-dev.sh");

afterAll(() => cleanupTmp());

(natsServerAvailable() ? test : test.skip)("nats:dev takes a free port when 4222 is busy, and says so", async () => {
  // Occupy 4222 unless something (a system service) already does.
  const blocker = net.createServer();
  await new Promise<void>((resolve) => {
    blocker.once("error", () => resolve());
    blocker.listen(4222, "127.0.0.1", () => resolve());
  });
  const env: NodeJS.ProcessEnv = { ...process.env, NATS_STORE: tmpDir("nats-dev") };
  delete env["NATS_PORT"];
  const proc = spawn("bash", [SCRIPT], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout.on("data", (d: Buffer) => (output += d.toString()));
  proc.stderr.on("data", (d: Buffer) => (output += d.toString()));
  try {
    const until = Date.now() + 15_000;
    while (!output.includes("Server is ready") && proc.exitCode === null && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(output).toContain("port 4222 is taken");
    const port = Number(/NATS JetStream on nats:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(4222);
    expect(output).toContain("Server is ready");
  } finally {
    proc.kill("SIGTERM");
    await new Promise((r) => (proc.exitCode !== null ? r(undefined) : proc.once("exit", r)));
    await new Promise((r) => blocker.close(() => r(undefined)));
  }
});
