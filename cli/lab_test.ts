import assert from "node:assert/strict";
import { chooseFrontend, NO_JUPYTER_MESSAGE } from "./lab.ts";

Deno.test("chooseFrontend() prefers JupyterLab, falls back to the classic Notebook, else none", () => {
  assert.equal(chooseFrontend({ lab: true, notebook: true }), "lab");
  assert.equal(chooseFrontend({ lab: false, notebook: true }), "notebook");
  assert.equal(chooseFrontend({ lab: false, notebook: false }), null);
});

Deno.test("the message for a machine without Jupyter says how to install it", () => {
  assert.match(NO_JUPYTER_MESSAGE, /apt-get install jupyter-notebook/);
  assert.match(NO_JUPYTER_MESSAGE, /pip install jupyterlab/);
});
