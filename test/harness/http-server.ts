// A throwaway HTTP server on 127.0.0.1:<random port> for tests that need real sockets.
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests need node:http */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type { IncomingMessage, ServerResponse };

export interface ReceivedRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export interface TestHttpServer {
	/** e.g. `http://127.0.0.1:40123` (no trailing slash). */
	baseUrl: string;
	/** Every request received so far, in order. */
	requests: ReceivedRequest[];
	close(): Promise<void>;
}

export type TestRequestHandler = (
	request: ReceivedRequest,
	res: ServerResponse,
	req: IncomingMessage,
) => void | Promise<void>;

/** The handler gets the fully read body; it must end `res` itself (or leave it hanging). */
export async function startHttpServer(handler: TestRequestHandler): Promise<TestHttpServer> {
	const requests: ReceivedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const request: ReceivedRequest = {
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(request);
			Promise.resolve(handler(request, res, req)).catch((error: Error) => {
				if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(`test handler failed: ${error.message}`);
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('no TCP address');
	return {
		baseUrl: `http://127.0.0.1:${address.port}`,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}
