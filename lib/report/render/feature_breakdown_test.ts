import assert from "node:assert/strict";
import { featureBreakdownTable, parseFeatureName } from "./feature_breakdown.ts";

/** The numeric attribute names of a bundled openSMILE ARFF file (header only). */
async function arffFeatureNames(path: URL): Promise<string[]> {
  const file = await Deno.open(path);
  const text = file.readable.pipeThrough(new DecompressionStream("gzip"))
    .pipeThrough(new TextDecoderStream());
  let header = "";
  for await (const chunk of text) {
    header += chunk;
    if (header.includes("@data")) break;
  }
  return [...header.matchAll(/^@attribute\s+(\S+)\s+numeric/gim)].map((m) => m[1])
    .filter((name) => name !== "class");
}

const NAMES = await arffFeatureNames(
  new URL("../../../data/emodb.emobase2010.arff.gz", import.meta.url),
);

Deno.test("parseFeatureName() splits LLD, delta, index and functional", () => {
  assert.deepEqual(parseFeatureName("pcm_fftMag_mfcc_sma_de[3]_iqr1-3"), {
    lld: "pcm_fftMag_mfcc",
    delta: true,
    index: 3,
    functional: "iqr1-3",
  });
  assert.deepEqual(parseFeatureName("pcm_loudness_sma_amean"), {
    lld: "pcm_loudness",
    delta: false,
    index: null,
    functional: "amean",
  });
  assert.equal(parseFeatureName("F0final__Turn_numOnsets").functional, "numOnsets");
  assert.throws(() => parseFeatureName("class"), RangeError);
});

Deno.test("featureBreakdownTable() counts the real emobase2010 names as the configuration implies", () => {
  assert.equal(NAMES.length, 1582);
  const table = featureBreakdownTable(NAMES);
  for (const row of table.rows.slice(0, -1)) {
    assert.equal(row[3], row[4].split("= ").at(-1), `family ${row[0]}`);
  }
  assert.deepEqual(table.rows.at(-1), ["Total", "", "", "1582", "1582"]);
  const mfcc = table.rows.find((r) => r[0].startsWith("MFCC"))!;
  assert.deepEqual(mfcc.slice(1), ["15 + 15 Δ", "21", "630", "15 × 2 × 21 = 630"]);
});
