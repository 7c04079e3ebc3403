"""Writes nashpy_vectors.json: random bimatrix games and their equilibria from nashpy's
vertex enumeration, the independent solver Agora's equilibria are checked against.
Run outside the test suite (needs `pip install nashpy numpy`):

    python3 tests/solvers/data/make_nashpy_vectors.py > tests/solvers/data/nashpy_vectors.json
"""
import json
import sys

import nashpy
import numpy as np

rng = np.random.default_rng(2026)
games = []
for rows, cols in [(2, 2), (2, 3), (3, 2), (3, 3), (3, 4), (4, 4)]:
    for _ in range(5):
        # Three-decimal payoffs: nondegenerate with probability one, exact in JSON.
        a = np.round(rng.uniform(-10, 10, (rows, cols)), 3)
        b = np.round(rng.uniform(-10, 10, (rows, cols)), 3)
        # Vertex enumeration: nashpy's own support enumeration misses mixed equilibria of some of
        # these games (it warns of an even count), vertex enumeration finds them all.
        eqs = [(np.abs(x).tolist(), np.abs(y).tolist()) for x, y in nashpy.Game(a, b).vertex_enumeration()]
        games.append({"rows": rows, "cols": cols, "a": a.flatten().tolist(), "b": b.flatten().tolist(),
                      "equilibria": [{"row": x, "col": y} for x, y in eqs]})
json.dump({"generator": "nashpy " + nashpy.__version__ + " vertex_enumeration", "games": games}, sys.stdout, indent=1)
print()
