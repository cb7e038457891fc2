/**
 * A tiny server speaking just enough of the PostgreSQL wire protocol to refuse a password the
 * way a real server does (SQLSTATE 28P01). The machine's PostgreSQL trusts every local
 * connection, so this is how a test provokes "wrong password" over a real socket.
 */
import { createServer, type Server } from 'node:net';

function errorResponse(fields: Record<string, string>): Buffer {
  const body = Buffer.concat([
    ...Object.entries(fields).map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

export async function startFakePgAuthServer(): Promise<{ port: number; passwordsSeen: string[]; close(): Promise<void> }> {
  const passwordsSeen: string[] = [];
  const server: Server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let startedUp = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!startedUp) {
        if (buffer.length < 8) return;
        const len = buffer.readInt32BE(0);
        if (buffer.length < len) return;
        const code = buffer.readInt32BE(4);
        buffer = buffer.subarray(len);
        if (code === 80877103) {
          socket.write('N'); // no SSL; the client then sends its startup message
          return;
        }
        startedUp = true;
        const auth = Buffer.alloc(9);
        auth.write('R', 0);
        auth.writeInt32BE(8, 1);
        auth.writeInt32BE(3, 5); // AuthenticationCleartextPassword
        socket.write(auth);
        return;
      }
      if (buffer.length < 5 || buffer[0] !== 0x70) return;
      const len = buffer.readInt32BE(1);
      if (buffer.length < len + 1) return;
      passwordsSeen.push(buffer.subarray(5, len).toString('utf8').replace(/\0$/, ''));
      socket.end(
        errorResponse({ S: 'FATAL', V: 'FATAL', C: '28P01', M: 'password authentication failed for user "bob"' }),
      );
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, passwordsSeen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
