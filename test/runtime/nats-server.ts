/**
 * Starts a real `nats-server -js` (Debian's, /usr/sbin/nats-server) on a loopback port with a temp store, for the
 * runtime tests. Stop and start again on the same port and store to test restarts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

export const NATS_SERVER = process.env["NATS_SERVER_BIN"] ?? "/usr/sbin/nats-server";

export function natsServerAvailable(): boolean {
  return fs.existsSync(NATS_SERVER);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export class NatsServer {
  private proc: ChildProcess | undefined;
  private output = "";

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    /** Started with `-js`; false gives a server like Debian's packaged service, without JetStream. */
    readonly jetstream: boolean,
  ) {}

  static async start(storeDir: string, options: { jetstream?: boolean } = {}): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), storeDir, options.jetstream ?? true);
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.proc !== undefined) throw new Error("nats-server already running");
    fs.mkdirSync(this.storeDir, { recursive: true });
    this.output = "";
    const proc = spawn(
      NATS_SERVER,
      [
        ...(this.jetstream ? ["-js", "-sd", this.storeDir] : []),
        ...["-a", "127.0.0.1", "-p", String(this.port), "--http_port", "0"],
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.proc = proc;
    const collect = (d: Buffer): void => void (this.output += d.toString());
    proc.stdout?.on("data", collect);
    proc.stderr?.on("data", collect);
    const until = Date.now() + 15_000;
    while (!this.output.includes("Server is ready")) {
      if (proc.exitCode !== null) throw new Error(`nats-server exited (${proc.exitCode}):\n${this.output}`);
      if (Date.now() > until) throw new Error(`nats-server did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stops the server (SIGTERM: a clean shutdown, store flushed) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const proc = this.proc;
    if (proc === undefined) return;
    this.proc = undefined;
    if (proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill(signal);
    });
  }

  logs(): string {
    return this.output;
  }
}

export function storeDirIn(dir: string): string {
  return path.join(dir, "jetstream");
}
