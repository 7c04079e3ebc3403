"""Side-by-side: random play of OpenSpiel's matrix_pd through pyspiel, counted like
`agora bench` (one env step = one joint action of both players, with a uniform random legal
action per player). Needs `pip install open_spiel`.

    python3 bench/compare/openspiel_matrix.py [seconds]
"""
import random
import sys
import time

import pyspiel

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
game = pyspiel.load_game("matrix_pd")
rng = random.Random(1)
steps = 0
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    for _ in range(1000):
        state = game.new_initial_state()  # one-shot: every step is a new episode, as in Agora
        state.apply_actions([rng.choice(state.legal_actions(0)), rng.choice(state.legal_actions(1))])
        state.rewards()
    steps += 1000
elapsed = time.perf_counter() - start
print(f"pyspiel {pyspiel.__version__ if hasattr(pyspiel, '__version__') else ''} matrix_pd: "
      f"{steps / elapsed:.4g} env-steps/s, {2 * steps / elapsed:.4g} agent-steps/s (1 process, 1 env)")
