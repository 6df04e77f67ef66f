/**
 * Headless entry point: `npm run -s cli -- <command> [options]`.
 * Each command lives in its own module exporting `run(args): Promise<number>` (the exit code),
 * and calls the same library code the browser app uses.
 */
const commands: Record<string, { module: () => Promise<{ run(args: string[]): Promise<number> }>; help: string }> = {
  index: { module: () => import('./indexCommand.ts'), help: 'index <folder>             list series (kind, phases, b-values) and per-file errors as JSON' },
  extract: { module: () => import('./extractCommand.ts'), help: 'extract --image I --mask M [--params P.yaml] [--label N] [--out F.csv] | --batch cases.csv' },
  study: { module: () => import('./studyCommand.ts'), help: 'study --data cohort.csv --spec study.json --out results.json' },
  predict: { module: () => import('./predictCommand.ts'), help: 'predict --card card.json --data patients.csv [--acquisition acq.json] [--out out.json]  apply a model card to each row (and check acquisition facts against its training geometry)' },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const cmd = name ? commands[name] : undefined;
  if (!cmd) {
    process.stderr.write(`usage: npm run -s cli -- <command>\n\ncommands:\n${Object.values(commands).map((c) => `  ${c.help}`).join('\n')}\n`);
    return name ? 2 : 0;
  }
  const mod = await cmd.module();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
