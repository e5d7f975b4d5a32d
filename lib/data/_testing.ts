/**
 * Helpers for the data layer's tests: small ARFF and CSV files written to a temporary folder,
 * and the paths of the real fixtures.
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The openSMILE fixtures folder (`tests/fixtures/opensmile/`). */
export const FIXTURES: string = fileURLToPath(
  new URL("../../tests/fixtures/opensmile/", import.meta.url),
);

/**
 * A three-feature ARFF text in openSMILE's layout. Line numbers: 1 `@relation`, 3 `name`,
 * 4-6 `f1`..`f3`, 7 `class`, 9 `@data`, rows from line 11.
 * @param rows data lines, written as given
 * @returns the file text
 */
export function tinyArff(rows: readonly string[]): string {
  return [
    "@relation tiny",
    "",
    "@attribute name string",
    "@attribute f1 numeric",
    "@attribute f2 numeric",
    "@attribute f3 numeric",
    "@attribute class numeric",
    "",
    "@data",
    "",
    ...rows,
    "",
  ].join("\n");
}

const _made: string[] = [];
globalThis.addEventListener("unload", () => {
  for (const dir of _made) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // already gone
    }
  }
});

/**
 * A fresh temporary folder, removed when the test process ends.
 * @returns its path
 */
export async function tempDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "ser-data-test-" });
  _made.push(dir);
  return dir;
}

/**
 * Writes text (or bytes) to a file in a fresh temporary folder.
 * @param name file name
 * @param content the text or bytes
 * @returns the file's path
 */
export async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const dir = await tempDir();
  const path = join(dir, name);
  if (typeof content === "string") await Deno.writeTextFile(path, content);
  else await Deno.writeFile(path, content);
  return path;
}

/**
 * Gzips bytes with `CompressionStream`.
 * @param bytes the plain bytes
 * @returns the gzip bytes
 */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
