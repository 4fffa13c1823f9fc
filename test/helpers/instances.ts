// Server instances as real child processes (`src/main.ts`), for the tests
// that need more than one process on one database: several instances behind
// a load balancer, or a server killed and started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Instance {
  url: string;
  process: ChildProcess;
  /** What it printed so far (JSON log lines). */
  output(): string;
  /** SIGTERM, and waits until it has exited. */
  stop(): Promise<void>;
}

/** Starts `src/main.ts` with this environment and resolves once it serves /graphql. */
export async function startInstance(env: Record<string, string>, timeoutMs = 30_000): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SEED_DEMO_DATA: 'no', LOG_LEVEL: 'info', DATABASE_POOL_SIZE: '5', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the instance did not start within ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const look = () => {
      const match = /"address":"(http:\/\/[^"]+)".*"msg":"serving http/.exec(output);
      if (match) {
        clearTimeout(deadline);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then(() => {
      clearTimeout(deadline);
      reject(new Error(`the instance exited while starting:\n${output.slice(-4000)}`));
    });
  });
  return {
    url,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Sends one GraphQL request to an instance, as a client would. */
export async function gqlAt<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ status: number; data: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data: T }) };
}
