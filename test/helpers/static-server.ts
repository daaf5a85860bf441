/**
 * A small HTTP server for tests, serving a directory on 127.0.0.1 (an apt repository, for one).
 * It reads files on each request, so a test can tamper with a file on disk between requests.
 *
 *   const server = await StaticServer.start(root);
 *   server.url;          // http://127.0.0.1:PORT (no trailing slash)
 *   server.requests;     // paths requested, in order
 *   await server.close();
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

export class StaticServer {
  private constructor(
    private readonly server: Server,
    readonly root: string,
    readonly url: string,
    /** Paths requested (URL path, decoded), in order. */
    readonly requests: string[],
  ) {}

  /** Starts serving `root` on an ephemeral loopback port. */
  static async start(root: string): Promise<StaticServer> {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      requests.push(path);
      const file = normalize(join(root, path));
      if (!file.startsWith(root + sep)) {
        response.writeHead(403).end();
        return;
      }
      stat(file).then(
        (info) => {
          if (!info.isFile()) {
            response.writeHead(404).end();
            return;
          }
          response.writeHead(200, {
            'content-length': info.size,
            'content-type': 'application/octet-stream',
          });
          if (request.method === 'HEAD') response.end();
          else createReadStream(file).pipe(response);
        },
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new StaticServer(server, root, `http://127.0.0.1:${port}`, requests);
  }

  /** Stops the server (open connections are closed). */
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
