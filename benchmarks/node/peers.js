// The npm peers of benchmarks/peers.py: render one .docx per data record with docxtemplater or Carbone,
// each written to a real file. Prints the render loop's CPU time as JSON on stdout.
//
//   node peers.js docxtemplater|carbone TEMPLATE.docx DATA.json OUTPUT_FOLDER
//
// The packages come from NODE_PATH (benchmarks/peers.py installs them outside the repository).
"use strict";
const fs = require("fs");
const path = require("path");

const [tool, templatePath, dataPath, outDir] = process.argv.slice(2);
const records = JSON.parse(fs.readFileSync(dataPath, "utf8"));
fs.mkdirSync(outDir, { recursive: true });

function report(started) {
  const used = process.cpuUsage(started);
  process.stdout.write(JSON.stringify({ documents: records.length, loop_cpu_us: used.user + used.system }) + "\n");
}

if (tool === "docxtemplater") {
  const PizZip = require("pizzip");
  const Docxtemplater = require("docxtemplater");
  const template = fs.readFileSync(templatePath);
  const started = process.cpuUsage();
  records.forEach((record, i) => {
    // One template object per document, as docxtemplater's documentation does it.
    const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: false });
    doc.render(record);
    const out = doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
    fs.writeFileSync(path.join(outDir, `${i}.docx`), out);
  });
  report(started);
} else if (tool === "carbone") {
  const carbone = require("carbone");
  carbone.set({ tempPath: outDir });
  const started = process.cpuUsage();
  let i = 0;
  const next = () => {
    if (i === records.length) {
      report(started);
      return;
    }
    carbone.render(templatePath, records[i], {}, (err, result) => {
      if (err) throw err;
      fs.writeFileSync(path.join(outDir, `${i}.docx`), result);
      i += 1;
      next();
    });
  };
  next();
} else {
  throw new Error(`unknown tool ${tool}`);
}
