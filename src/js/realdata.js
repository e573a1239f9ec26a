// realdata.js — the three bundled tables (src/data/, credited in
// src/data/README.md), decoded into the shape of datasets.fromCSV():
// { X, y, inputs, classes, columns, label, classNames }. Loaded on first use
// (a separate chunk of the package, dist/gradlab-data.js), so the module
// itself stays small.
import irisText from '../data/iris.csv';
import cancerText from '../data/breast_cancer.csv';
import digitsText from '../data/digits.txt';

/** sklearn's table format: "rows,features,class names…", then the rows, the class index last. */
function sklearnTable(text, columns, label) {
  const lines = text.trim().split('\n');
  const head = lines[0].split(',');
  const n = Number(head[0]);
  const inputs = Number(head[1]);
  const classNames = head.slice(2).map((s) => s.trim());
  const X = new Float32Array(n * inputs);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    for (let j = 0; j < inputs; j++) X[i * inputs + j] = Number(cells[j]);
    y[i] = Number(cells[inputs]);
  }
  return { X, y, inputs, classes: classNames.length, columns, label, classNames };
}

// Each takes its TABLE_INFO row (tabular.js: the names, kept in the main module; this chunk
// imports nothing from it, so the package stays two files).
export function iris(info) {
  return sklearnTable(irisText, [...info.columns], info.label);
}

export function breastCancer(info) {
  return sklearnTable(cancerText, [...info.columns], info.label);
}

/** 8×8 images of handwritten digits, pixels 0 … 16 (row-major, column "pixel r,c"), classes 0 … 9. */
export function digits(info) {
  const lines = digitsText.trim().split('\n');
  const n = Number(lines[0].split(',')[0]);
  const X = new Float32Array(n * 64);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const row = lines[i + 1];
    for (let j = 0; j < 64; j++) X[i * 64 + j] = parseInt(row[j], 17);
    y[i] = Number(row[64]);
  }
  return { X, y, inputs: 64, classes: 10, columns: [...info.columns], label: info.label, classNames: [...info.classNames] };
}
