// The in-browser explorer at GET /graphql outside production. GraphiQL with
// its explorer plugin is served from our own node_modules (the packages'
// prebuilt browser bundles), so it works offline and behind a proxy that
// blocks CDNs; Apollo Sandbox, which loads itself from Apollo's CDN, stays a
// choice for those online (GRAPHQL_EXPLORER=sandbox). Production serves none.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { FastifyInstance } from 'fastify';
import { introspectionFromSchema, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';

export type ExplorerChoice = 'graphiql' | 'sandbox' | 'none';

export const EXPLORER_ASSETS_PATH = '/explorer/assets';

/** Each file the page loads, by the name it is served under: nothing else under the path is readable. */
const ASSETS: Record<string, { pkg: string; file: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css' },
  'explorer.js': { pkg: '@graphiql/plugin-explorer', file: 'dist/index.umd.js' },
  'explorer.css': { pkg: '@graphiql/plugin-explorer', file: 'dist/style.css' },
};

const require = createRequire(import.meta.url);

/** Where each asset lies on disk; throws when the packages are not installed (`npm ci --omit=dev`). */
function locateAssets(): Map<string, string> {
  return new Map(
    Object.entries(ASSETS).map(([name, { pkg, file }]) => [name, path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file)]),
  );
}

/**
 * The landing-page plugin for Apollo Server and, for GraphiQL, the routes of
 * its files. Without GraphiQL's packages a development server falls back to
 * Sandbox and says so, rather than failing to start.
 */
export function setUpExplorer(
  app: FastifyInstance,
  options: { choice: ExplorerChoice; isProduction: boolean; schema: GraphQLSchema; logger: Logger },
): ApolloServerPlugin {
  if (options.isProduction || options.choice === 'none') return ApolloServerPluginLandingPageDisabled();
  if (options.choice === 'graphiql') {
    let files: Map<string, string> | null = null;
    try {
      files = locateAssets();
    } catch (error) {
      options.logger.warn({ err: error }, 'GraphiQL is not installed (npm install with dev dependencies): serving Apollo Sandbox, which needs the internet');
    }
    if (files) {
      registerAssetRoutes(app, files, options.schema);
      return graphiqlLandingPage();
    }
  }
  return ApolloServerPluginLandingPageLocalDefault({ embed: true });
}

function registerAssetRoutes(app: FastifyInstance, files: Map<string, string>, schema: GraphQLSchema): void {
  // The schema for the explorer's docs and query builder. A client's own
  // introspection query is deeper (15 levels) and costlier than any query may
  // be, and introspection gets no exemption from the limits; this answer is
  // computed here, outside production only, where introspection is open anyway.
  const introspection = JSON.stringify(introspectionFromSchema(schema));
  app.get(`${EXPLORER_ASSETS_PATH}/schema.json`, async (_request, reply) => reply.type('application/json; charset=utf-8').send(introspection));
  app.get<{ Params: { name: string } }>(`${EXPLORER_ASSETS_PATH}/:name`, async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.code(404).send({ error: 'not_found' });
    reply.type(file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
    return reply.send(fs.createReadStream(file));
  });
}

function graphiqlLandingPage(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: GRAPHIQL_PAGE };
        },
      };
    },
  };
}

// The page asks the endpoint it was served from. The Sandbox link is a plain
// link: nothing is fetched from outside unless the developer follows it.
const GRAPHIQL_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Absher GraphQL explorer</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}/graphiql.css">
  <link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}/explorer.css">
  <style>
    body { margin: 0; height: 100vh; }
    #graphiql { height: 100vh; }
    .graphiql-logo a { font-size: 0.6em; margin-left: 0.75em; }
  </style>
</head>
<body>
  <div id="graphiql">Loading the explorer…</div>
  <script src="${EXPLORER_ASSETS_PATH}/react.js"></script>
  <script src="${EXPLORER_ASSETS_PATH}/react-dom.js"></script>
  <script src="${EXPLORER_ASSETS_PATH}/graphiql.js"></script>
  <script src="${EXPLORER_ASSETS_PATH}/explorer.js"></script>
  <script>
    const endpoint = window.location.origin + window.location.pathname;
    const sandbox = 'https://studio.apollographql.com/sandbox/explorer?endpoint=' + encodeURIComponent(endpoint);
    const e = React.createElement;
    fetch('${EXPLORER_ASSETS_PATH}/schema.json').then((response) => response.json()).then((introspection) => {
      ReactDOM.createRoot(document.getElementById('graphiql')).render(
        e(
          GraphiQL,
          {
            fetcher: GraphiQL.createFetcher({ url: endpoint }),
            schema: GraphiQL.GraphQL.buildClientSchema(introspection),
            plugins: [GraphiQLPluginExplorer.explorerPlugin()],
            defaultQuery: '# Signed-in fields need a header: {"Authorization": "Bearer <accessToken from verifySignIn>"}\\n{\\n  apiInfo {\\n    version\\n    language\\n  }\\n}\\n',
            defaultEditorToolsVisibility: true,
          },
          e(GraphiQL.Logo, null, 'Absher GraphQL ', e('a', { href: sandbox, target: '_blank', rel: 'noreferrer' }, 'Apollo Sandbox (online)')),
        ),
      );
    });
  </script>
</body>
</html>
`;
