// For partners: a partner token runs only the operations of our persisted
// operation list, sent by ID (never as text). Apollo's persisted-query-lists
// link turns each operation into its ID from the manifest we publish
// (persisted-operations/manifest.json), and the token comes from
// POST /oauth/token with the partner's client credentials.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest, type PersistedQueryManifestForGeneratingPersistedQueryIds } from '@apollo/persisted-query-lists';
import { VerifyDocumentDocument } from './gql/graphql.js';

export interface PartnerClientOptions {
  /** The /graphql URL; the token endpoint is /oauth/token beside it. */
  endpoint: string;
  clientId: string;
  clientSecret: string;
  /** Our persisted query list, as published (Apollo's manifest format). */
  manifest: PersistedQueryManifestForGeneratingPersistedQueryIds;
}

async function fetchPartnerToken(options: PartnerClientOptions): Promise<{ token: string; expiresAt: number }> {
  const response = await fetch(new URL('/oauth/token', options.endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret }),
  });
  const body = (await response.json()) as { access_token?: string; expires_in?: number; error?: string };
  if (!response.ok || !body.access_token) throw new Error(`token refused: ${body.error ?? response.status}`);
  return { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 0) * 1000 };
}

export function createPartnerClient(options: PartnerClientOptions): ApolloClient {
  let current: { token: string; expiresAt: number } | null = null;
  const auth = new SetContextLink(async (previous) => {
    // A new token a little before the old one ends.
    if (!current || current.expiresAt - Date.now() < 30_000) current = await fetchPartnerToken(options);
    return { headers: { ...previous.headers, authorization: `Bearer ${current.token}` } };
  });
  const persisted = new PersistedQueryLink({
    ...generatePersistedQueryIdsFromManifest({ loadManifest: () => options.manifest }),
    // The server never takes query text from a partner: retrying with it only earns OPERATION_NOT_ALLOWED.
    retry: () => false,
  });
  return new ApolloClient({
    link: ApolloLink.from([auth, persisted, new HttpLink({ uri: options.endpoint })]),
    cache: new InMemoryCache(),
    // The list's bodies carry no __typename for a cache to key on; partners read each answer once.
    defaultOptions: { query: { fetchPolicy: 'no-cache' } },
  });
}

/** Whether a customer's document is genuine and current: the only facts this answers. */
export async function verifyDocument(client: ApolloClient, idNumber: string, documentNumber: string) {
  const result = await client.query({ query: VerifyDocumentDocument, variables: { idNumber, documentNumber } });
  return result.data!.verifyDocument;
}
