import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Engram } from "@engram/memory";
import type { Logger } from "pino";
import type { TokenStore } from "./auth/token-store";
import { createApp } from "./create-app";

/** Options of {@link startServer}. */
export interface StartServerOptions {
  engram: Engram;
  tokens: TokenStore;
  /** @default "127.0.0.1" (only this machine) */
  host?: string;
  /** 0 picks a free port. @default 8765 */
  port?: number;
  logger?: Logger;
  /** Largest request body, bytes. @default 1048576 */
  maxBodyBytes?: number;
}

/** A running server: its URL and how to stop it. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8765` */
  url: string;
  port: number;
  /** Stops accepting connections and resolves when the server is closed (the Engram stays open). */
  close(): Promise<void>;
}

/** Starts `engram serve` on `host:port` with @hono/node-server and resolves once it listens. */
export function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = createApp(options);
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8765 }, (info: AddressInfo) => {
      const shown = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server!.close(() => done());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once("error", reject);
  });
}
