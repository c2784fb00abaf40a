// A simulated PC's operating system answering on one TCP port (its agent, RDP or SMB): listening only while
// the host is in S0, so a console's "is the OS up?" probe sees a refused connection before and after.
import net from 'node:net';

export class OsAnswerPort {
  /** Connections accepted while the OS was up. */
  connections = 0;
  private server: net.Server | undefined;
  private change: Promise<void> = Promise.resolve();
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Follows the host's power: up opens the port, anything else closes it. Changes apply in order. */
  follow(up: boolean): Promise<void> {
    this.change = this.change.then(() => (up ? this.open() : this.shut())).catch(() => undefined);
    return this.change;
  }

  /** Resolves once every follow() so far has taken effect. */
  settled(): Promise<void> {
    return this.change;
  }

  private open(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = net.createServer((socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      socket.end();
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error) =>
        reject(new Error(`simulated OS port cannot listen on ${this.host}:${this.port}: ${error.message}`)),
      );
      server.listen({ host: this.host, port: this.port }, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined);
        resolve();
      });
    });
  }

  private shut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  close(): Promise<void> {
    return this.follow(false);
  }
}
