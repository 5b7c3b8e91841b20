import { connect } from 'node:net';
import { MAX_CONTROL_MESSAGE_BYTES, type ControlRequest, type ControlResponse } from './control-protocol';
import { VirtualCardError } from './virtual-card-error';

/** Sends one request to the control server and resolves with its one-line answer. */
export function sendControlRequest(socketPath: string, request: ControlRequest): Promise<ControlResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let received = '';
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (Buffer.byteLength(received) > MAX_CONTROL_MESSAGE_BYTES) {
        socket.destroy();
        reject(new VirtualCardError('CONTROL_REQUEST_INVALID', 'the control server answered more than a message may hold'));
      }
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
        reject(new VirtualCardError('CONTROL_SERVER_NOT_RUNNING', `no control server on ${socketPath}; start one with \`serve\``, { cause: error }));
      } else {
        reject(error);
      }
    });
    socket.once('end', () => {
      const line = received.split('\n')[0] ?? '';
      try {
        resolve(JSON.parse(line) as ControlResponse);
      } catch (error) {
        reject(new VirtualCardError('CONTROL_REQUEST_INVALID', 'the control server gave no JSON answer', { cause: error }));
      }
    });
  });
}
