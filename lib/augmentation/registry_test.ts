import assert from "node:assert/strict";
import { parseAugmenterSpec } from "./augmenter.ts";
import {
  augmenterNames,
  AUGMENTERS,
  canonicalAugmenterSpec,
  createAugmenter,
  resolveAugmenterSpec,
} from "./registry.ts";
import { fitWork, hasFitWork } from "./work.ts";

Deno.test("the registry builds every augmenter by name, unfitted, with the name it is listed under", () => {
  assert.ok(augmenterNames().includes("cyclegan"));
  for (const name of augmenterNames()) {
    const a = createAugmenter(name);
    assert.equal(a.name, name);
    assert.equal(a.fitted, false);
    assert.equal(typeof a.usesSource, "boolean");
    assert.equal(JSON.stringify(a.params), JSON.stringify(JSON.parse(JSON.stringify(a.params))));
  }
  assert.equal(Object.keys(AUGMENTERS).length, augmenterNames().length);
});

Deno.test("createAugmenter() names the known methods when the name is unknown", () => {
  assert.throws(() => createAugmenter("gan"), {
    name: "RangeError",
    message: /^Unknown augmenter "gan", expected one of cyclegan/,
  });
  assert.throws(() => createAugmenter("constructor"), /Unknown augmenter "constructor"/);
});

Deno.test("resolveAugmenterSpec() fills in defaults, so equal methods get one canonical name", () => {
  assert.deepEqual(resolveAugmenterSpec("cyclegan"), {
    name: "cyclegan",
    params: { lambda_cls: 2 },
  });
  assert.equal(canonicalAugmenterSpec("cyclegan"), canonicalAugmenterSpec("cyclegan:lambda_cls=2"));
  assert.equal(
    canonicalAugmenterSpec(parseAugmenterSpec("cyclegan:lambda_cls=0")),
    "cyclegan:lambda_cls=0",
  );
  // The run's context reaches the factory: the CycleGAN's default λcls comes from it.
  assert.equal(
    canonicalAugmenterSpec("cyclegan", { cyclegan: { lambdaCls: 1 } }),
    "cyclegan:lambda_cls=1",
  );
});

Deno.test("fitWork() asks a long-fitting augmenter, and counts a quick one as one step", () => {
  const cyclegan = createAugmenter("cyclegan", {
    cyclegan: { epochs: 3, pretrainEpochs: 0, batchSize: 10 },
  });
  assert.ok(hasFitWork(cyclegan));
  assert.deepEqual(fitWork(cyclegan, { classRows: [20, 30], cols: 4, sourceRows: 100 }), {
    units: 6,
    unit: "iteration",
  });
  const quick = { ...cyclegan, fitWork: undefined, measureUnitSeconds: undefined };
  assert.deepEqual(fitWork(quick as never, { classRows: [1], cols: 1, sourceRows: 0 }), {
    units: 1,
    unit: "step",
  });
});
