#!/usr/bin/env python3
"""make-datasets.py: writes the compact copies of the three bundled tables in
src/data/ from the data files Debian's python3-sklearn ships (run once by
hand; the copies are committed, credited in src/data/README.md).

  iris.csv, breast_cancer.csv: sklearn's files as they are (first line
      "rows,features,class names...", then features and the class index)
  digits.txt: 8x8 images, one per line: 64 pixels 0..16 written in base 17
      (0-9, a-g), then the class digit; first line "1797,64"
"""
import gzip
import os
import shutil
import sys

SRC = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "data")

def main():
    for name in ("iris.csv", "breast_cancer.csv"):
        shutil.copyfile(os.path.join(SRC, name), os.path.join(OUT, name))
    with gzip.open(os.path.join(SRC, "digits.csv.gz"), "rt") as f:
        rows = [list(map(float, line.split(","))) for line in f if line.strip()]
    digits = "0123456789abcdefg"
    lines = [f"{len(rows)},64"]
    for r in rows:
        px, label = r[:64], int(r[64])
        assert all(v == int(v) and 0 <= v <= 16 for v in px) and 0 <= label <= 9
        lines.append("".join(digits[int(v)] for v in px) + str(label))
    with open(os.path.join(OUT, "digits.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")

if __name__ == "__main__":
    sys.exit(main())
