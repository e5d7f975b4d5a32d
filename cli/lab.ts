/**
 * `deno task lab`: installs the Deno Jupyter kernel when it is missing, then opens JupyterLab
 * (or the classic Notebook, when that is what is installed) in `notebooks/`. Extra arguments go
 * to Jupyter, e.g. `deno task lab --no-browser --port 8899`.
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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
 * @param args extra arguments passed to Jupyter
 * @returns the exit code
 */
export async function main(args: readonly string[]): Promise<number> {
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

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
