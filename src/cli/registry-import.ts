// Loads an identity-registry hand-over file:
//   npm run registry:import -- <file.jsonl> [--json]
// Bad lines go to stderr with their line numbers, the summary to stdout (plain,
// or one JSON object with --json). Exit codes: 0 all lines loaded, 1 some line
// was bad (the good ones are kept) or the import failed, 2 usage error.
// Runs beside the server on the same database (WAL, busy timeout).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig, ConfigError } from '../config.js';
import { openDatabase } from '../db/open.js';
import { importRegistryFile, type BadLine, type ImportSummary } from '../modules/registry/import.js';

const USAGE = 'usage: npm run registry:import -- <file.jsonl> [--json]';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function readableFile(filePath: string): boolean {
  try {
    fs.accessSync(filePath, fs.constants.R_OK);
    return fs.statSync(filePath).isFile();
  } catch {
    return false;
  }
}

function describeBadLine(bad: BadLine): string {
  return `line ${bad.line}: ${bad.errors.join('; ')}`;
}

function plainSummary(summary: ImportSummary): string {
  return [
    `lines read: ${summary.linesRead}`,
    `good lines: ${summary.goodLines}`,
    `bad lines: ${summary.badLineCount}`,
    `persons: ${summary.personsInserted} new, ${summary.personsUpdated} updated`,
    `documents: ${summary.documentsInserted} new, ${summary.documentsUpdated} updated`,
    `vehicles: ${summary.vehiclesInserted} new, ${summary.vehiclesUpdated} updated`,
    `violations: ${summary.violationsInserted} new (${summary.billsCreated} bills created)`,
    `family links: ${summary.familyLinksInserted} new`,
    `parentage: ${summary.parentageInserted} new`,
  ].join('\n');
}

function commandLine(): { filePath: string; json: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const [filePath, ...extra] = parsed.positionals;
  if (!filePath || extra.length) fail(USAGE, 2);
  if (!readableFile(filePath)) fail(`cannot read ${filePath}\n${USAGE}`, 2);
  return { filePath, json: parsed.values.json ?? false };
}

async function main(): Promise<void> {
  const { filePath, json } = commandLine();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 2);
    throw error;
  }
  const db = await openDatabase(config.database);

  // A progress bar only for a person watching: in a pipe or a log it is noise.
  const bars = process.stderr.isTTY
    ? new cliProgress.MultiBar(
        {
          stream: process.stderr,
          format: 'registry import |{bar}| {percentage}% | {lines} lines, {bad} bad | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const bar = bars?.create(fs.statSync(filePath).size, 0, { lines: 0, bad: 0 });
  const printBadLine = (bad: BadLine) => {
    if (bars) bars.log(`${describeBadLine(bad)}\n`);
    else process.stderr.write(`${describeBadLine(bad)}\n`);
  };

  try {
    const summary = await importRegistryFile(db, filePath, {
      onBadLine: printBadLine,
      onProgress: (progress) => bar?.update(progress.bytesRead, { lines: progress.linesRead, bad: progress.badLines }),
      keepBadLines: 0,
    });
    bar?.update(bar.getTotal());
    // MultiBar prints logged lines on its next redraw: force one before stopping.
    bars?.update();
    bars?.stop();
    const { badLines: _printedAlready, ...figures } = summary;
    process.stdout.write(`${json ? JSON.stringify(figures) : plainSummary(summary)}\n`);
    process.exitCode = summary.badLineCount > 0 ? 1 : 0;
  } finally {
    if (bars?.isActive) bars.stop();
    await db.close();
  }
}

main().catch((error: unknown) => fail(`registry import failed: ${String((error as Error)?.stack ?? error)}`, 1));
