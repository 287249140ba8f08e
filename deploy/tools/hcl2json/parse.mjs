// Prints {"<file>": <its HCL as JSON>, ...} for the .tf files given as arguments, with HashiCorp's own HCL parser
// (@cdktf/hcl2json: Go's hcl library compiled to WebAssembly). Exits 1 naming the file that does not parse.
// Used by cli's DeployTerraformTest; install with `bash .ci/services.sh hcl2json` (npm ci here).
import { readFile } from "node:fs/promises";
import { parse } from "@cdktf/hcl2json";

const out = {};
for (const file of process.argv.slice(2)) {
  try {
    out[file] = await parse(file, await readFile(file, "utf8"));
  } catch (e) {
    console.error(`${file}: ${e && e.message ? e.message : e}`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(out));
