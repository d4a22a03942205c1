/**
 * The HTTP face: GraphQL (yoga) at /graphql with GraphiQL rendered offline, plus /health (process
 * alive), /ready (503 until migrations are applied and backfill is done) and /metrics (Prometheus).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Registry } from 'prom-client';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { buildSchema } from './schema.ts';
import type { ApiContext } from './context.ts';

export interface Readiness {
  ready: boolean;
  /** What is still missing, e.g. ["migrations", "backfill arbitrum-one"]. */
  waitingFor: string[];
}

export interface CreateApiServerOptions {
  db: Database;
  registry: Registry;
  logger: Logger;
  readiness: () => Readiness;
}

export interface ApiServer {
  server: Server;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

export function createApiServer({ db, registry, logger, readiness }: CreateApiServerOptions): ApiServer {
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, ApiContext>({
    schema: buildSchema() as never,
    graphqlEndpoint: '/graphql',
    context: () => ({ db }),
    renderGraphiQL,
    graphiql: { title: 'rollscope' },
    logging: {
      debug: (...a) => logger.debug({ yoga: a }, 'yoga'),
      info: (...a) => logger.info({ yoga: a }, 'yoga'),
      warn: (...a) => logger.warn({ yoga: a }, 'yoga'),
      error: (...a) => logger.error({ yoga: a }, 'yoga'),
    },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: 10 },
        maxAliases: { n: 15 },
        maxTokens: { n: 2000 },
        maxDirectives: { n: 20 },
        costLimit: { maxCost: 5000 },
      }),
    ],
  });

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/health') return json(res, 200, { status: 'ok' });
      if (path === '/ready') {
        const r = readiness();
        return json(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', waitingFor: r.waitingFor });
      }
      if (path === '/metrics') {
        res.writeHead(200, { 'content-type': registry.contentType });
        return res.end(await registry.metrics());
      }
      if (path === '/') {
        res.writeHead(302, { location: '/graphql' });
        return res.end();
      }
      return yoga(req, res);
    } catch (err) {
      logger.error({ err, path }, 'request failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    }
  });

  return {
    server,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const actual = (server.address() as AddressInfo).port;
          resolve({ port: actual, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}` });
        });
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
