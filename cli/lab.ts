/**
 * `deno task lab`: installs the Deno Jupyter kernel when it is missing, then opens JupyterLab
 * (or the classic Notebook, when that is what is installed) in `notebooks/`. The shared options of
 * every command set what the notebooks run with (`--profile`, `--backend`, `--seed`,
 * `--synthesis-protocol`, `--cache DIR`, through `SER_PROFILE`, `SER_BACKEND`, `SER_SEED`,
 * `SER_SYNTHESIS_PROTOCOL`, `SER_CACHE_DIR`); other arguments go to Jupyter, e.g.
 * `deno task lab --no-browser --port 8899`.
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  parseCommandLine,
  runMain,
  SHARED_OPTIONS,
  type SharedValues,
  sharedValues,
  usage,
  UsageError,
} from "./_args.ts";

const USAGE = usage(
  "deno task lab [options] [Jupyter options]",
  "Opens the notebooks in JupyterLab (or the classic Notebook) with the Deno kernel; options not\n" +
    "listed here go to Jupyter.",
  SHARED_OPTIONS,
);

/**
 * The environment the notebooks read, from the shared options.
 * @param shared the shared options' values
 * @returns variables to set (`--no-cache` cannot be passed on: notebooks always use a cache)
 * @throws {UsageError} for `--no-cache`
 */
export function notebookEnv(shared: SharedValues): Record<string, string> {
  if (shared.cacheDir === false) {
    throw new UsageError(
      "Expected --cache DIR, found --no-cache: notebooks read their results from a cache",
    );
  }
  return {
    SER_PROFILE: shared.profile,
    SER_BACKEND: shared.backend,
    ...(shared.seed === undefined ? {} : { SER_SEED: String(shared.seed) }),
    ...(shared.synthesisProtocol === undefined
      ? {}
      : { SER_SYNTHESIS_PROTOCOL: shared.synthesisProtocol }),
    ...(shared.cacheDir === undefined ? {} : { SER_CACHE_DIR: shared.cacheDir }),
  };
}

/** A Jupyter front end this command can open. */
export type Frontend = "lab" | "notebook";

/** What is installed. */
export interface Installed {
  /** Whether `jupyter lab` works. */
  readonly lab: boolean;
  /** Whether `jupyter notebook` works. */
  readonly notebook: boolean;
}

/**
 * Picks the front end: JupyterLab when installed, else the classic Notebook, else none.
 * @param installed what is installed
 * @returns the front end, or `null` when neither is installed
 */
export function chooseFrontend(installed: Installed): Frontend | null {
  return installed.lab ? "lab" : installed.notebook ? "notebook" : null;
}

/** Message printed when no Jupyter front end is installed. */
export const NO_JUPYTER_MESSAGE = `Neither JupyterLab nor the classic Jupyter Notebook is installed.
Install one of them, then run \`deno task lab\` again:
  Debian/Ubuntu:  sudo apt-get install jupyter-notebook python3-nbconvert
  pip:            python3 -m pip install jupyterlab
The notebooks are plain .ipynb files in notebooks/; they also open in VS Code with the
Jupyter extension once the Deno kernel is installed (\`deno jupyter --install\`).`;

async function succeeds(cmd: string, args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

/**
 * Finds out which front ends are installed by asking Jupyter for their versions.
 * @returns what is installed
 */
export async function detectInstalled(): Promise<Installed> {
  const [lab, notebook] = await Promise.all([
    succeeds("jupyter", ["lab", "--version"]),
    succeeds("jupyter", ["notebook", "--version"]),
  ]);
  return { lab, notebook };
}

/**
 * Finds the Deno kernelspec in Jupyter's data folders.
 * @param kernel kernelspec name (default `deno`)
 * @returns the path of its `kernel.json`, or `null` when it is not installed
 */
export async function findKernelspec(kernel = "deno"): Promise<string | null> {
  let dataDirs: string[] = [];
  try {
    const out = await new Deno.Command("jupyter", { args: ["--paths", "--json"], stderr: "null" })
      .output();
    if (out.success) dataDirs = JSON.parse(new TextDecoder().decode(out.stdout)).data ?? [];
  } catch {
    return null;
  }
  for (const dir of dataDirs) {
    const path = join(dir, "kernels", kernel, "kernel.json");
    try {
      await Deno.stat(path);
      return path;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

/**
 * Runs the command.
 * @param argv the shared options, then arguments passed to Jupyter
 * @returns the exit code
 * @throws {UsageError} for a bad shared option
 */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(argv, SHARED_OPTIONS, { passThrough: true });
  const shared = sharedValues(parsed);
  if (shared.help) {
    console.log(USAGE);
    return 0;
  }
  const env = notebookEnv(shared);
  const args = parsed.rest;
  const frontend = chooseFrontend(await detectInstalled());
  if (frontend === null) {
    console.error(NO_JUPYTER_MESSAGE);
    return 1;
  }
  if (await findKernelspec() === null) {
    console.log("Installing the Deno Jupyter kernel (deno jupyter --install)…");
    const install = await new Deno.Command(Deno.execPath(), { args: ["jupyter", "--install"] })
      .spawn().status;
    if (!install.success) {
      console.error("Could not install the Deno kernel: `deno jupyter --install` failed");
      return 1;
    }
  }
  const notebooks = fileURLToPath(new URL("../notebooks/", import.meta.url));
  const name = frontend === "lab" ? "JupyterLab" : "the classic Jupyter Notebook";
  console.log(`Opening ${name} in ${notebooks} (kernel: Deno). Stop it with Ctrl-C.`);
  const child = new Deno.Command("jupyter", {
    args: [
      frontend,
      `--notebook-dir=${notebooks}`,
      // Jupyter refuses to start as root (containers, CI) unless told it is deliberate.
      ...(Deno.uid() === 0 && !args.includes("--allow-root") ? ["--allow-root"] : []),
      ...args,
    ],
    cwd: notebooks,
    env,
  }).spawn();
  // Ctrl-C reaches Jupyter too (same process group); wait for it to shut down.
  const ignore = () => {};
  Deno.addSignalListener("SIGINT", ignore);
  try {
    return (await child.status).code;
  } finally {
    Deno.removeSignalListener("SIGINT", ignore);
  }
}

if (import.meta.main) Deno.exit(await runMain("lab", main, Deno.args));
