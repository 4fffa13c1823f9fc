// The same typed documents with Apollo Client (v4, no React needed): a web
// app would pass this client to its <ApolloProvider>.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import type { RunOperation } from './registration.js';

export interface ApolloClientOptions {
  /** The /graphql URL, e.g. http://localhost:4000/graphql. */
  endpoint: string;
  /** Messages and `userErrors` come back in this language. */
  language?: 'ar' | 'en';
  /** The current access token, read on every request (it changes on refresh). */
  accessToken?: () => string | undefined;
}

export function createApolloClient(options: ApolloClientOptions): ApolloClient {
  const headers = new SetContextLink((previous) => {
    const token = options.accessToken?.();
    return {
      headers: {
        ...previous.headers,
        'accept-language': options.language ?? 'en',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    };
  });
  return new ApolloClient({
    link: ApolloLink.from([headers, new HttpLink({ uri: options.endpoint })]),
    cache: new InMemoryCache(),
  });
}

/** Runs the registration flow's mutations through Apollo Client. */
export function apolloRunner(client: ApolloClient): RunOperation {
  return async (mutation, variables) => {
    const result = await client.mutate({ mutation, variables: variables as never });
    return result.data as never;
  };
}
