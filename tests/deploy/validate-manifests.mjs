#!/usr/bin/env node
// Validates rendered Kubernetes manifests (for example `kubectl kustomize deploy/k8s/overlays/dev`)
// against the Kubernetes OpenAPI schemas compiled into the `kubernetes-models` package, offline.
//
//   kubectl kustomize deploy/k8s/overlays/dev | node tests/deploy/validate-manifests.mjs
//   node tests/deploy/validate-manifests.mjs rendered.yaml [more.yaml ...]
//
// Every object must have an apiVersion/kind that kubernetes-models knows: an unknown kind (a typo,
// a CRD) fails instead of passing unchecked. Exit code 0 only when every object is valid.
// What the schemas do not catch: unknown fields (the API server's strict field validation does).
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";

const apiVersionPattern = /^(?:[a-z0-9]+(?:\.[a-z0-9-]+)*\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;

async function readInputs(paths) {
  if (paths.length === 0) {
    const chunks = [];
    for await (const chunk of process.stdin) {
      chunks.push(chunk);
    }
    return [{ name: "<stdin>", text: Buffer.concat(chunks).toString("utf8") }];
  }
  return Promise.all(paths.map(async (path) => ({ name: path, text: await readFile(path, "utf8") })));
}

async function modelClassFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || !apiVersionPattern.test(apiVersion)) {
    throw new Error(`apiVersion ${JSON.stringify(apiVersion)} is not a Kubernetes API version`);
  }
  if (typeof kind !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    throw new Error(`kind ${JSON.stringify(kind)} is not a Kubernetes kind`);
  }
  let groupVersion;
  try {
    groupVersion = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    throw new Error(`unknown apiVersion ${apiVersion} (not in kubernetes-models)`);
  }
  const modelClass = groupVersion[kind];
  if (typeof modelClass !== "function" || modelClass.apiVersion !== apiVersion || modelClass.kind !== kind) {
    throw new Error(`unknown kind ${kind} in ${apiVersion} (not in kubernetes-models)`);
  }
  return modelClass;
}

async function validateObject(object) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    throw new Error("document is not a Kubernetes object");
  }
  const modelClass = await modelClassFor(object.apiVersion, object.kind);
  const name = object.metadata?.name;
  if (typeof name !== "string" || name.length === 0) {
    throw new Error(`${object.kind} has no metadata.name`);
  }
  new modelClass(object).validate();
  return `${object.apiVersion} ${object.kind}/${name}`;
}

const inputs = await readInputs(process.argv.slice(2));
let valid = 0;
const failures = [];
for (const input of inputs) {
  const documents = parseAllDocuments(input.text);
  if (!Array.isArray(documents)) {
    continue; // an empty stream
  }
  for (const [index, document] of documents.entries()) {
    const where = `${input.name} document ${index + 1}`;
    if (document.errors.length > 0) {
      failures.push(`${where}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) {
      continue; // an empty document between two ---
    }
    try {
      console.log(`valid   ${await validateObject(object)}`);
      valid++;
    } catch (error) {
      const label = object?.kind && object?.metadata?.name ? `${object.kind}/${object.metadata.name}` : where;
      failures.push(`${label}: ${error.message}`);
    }
  }
}

for (const failure of failures) {
  console.error(`INVALID ${failure}`);
}
if (valid === 0 && failures.length === 0) {
  console.error("INVALID no Kubernetes objects in the input");
  process.exit(1);
}
console.log(`${valid} valid, ${failures.length} invalid`);
process.exit(failures.length === 0 ? 0 : 1);
