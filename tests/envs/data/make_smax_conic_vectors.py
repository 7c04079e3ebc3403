#!/usr/bin/env python3
"""Writes smax_jaxmarl_conic_vectors.json: JaxMARL v0.2.0 SMAX states and the `conic`
observations JaxMARL computes for every unit in them, which tests/envs/smax_test.cc compares
with Agora's `"observation_type": "conic"`.

    pip install jaxmarl==0.2.0 "jax[cpu]"; python3 make_smax_conic_vectors.py

Each episode runs SMAX (both teams are agents, observation_type "conic") with every unit
firing at a random target in range 80% of the time it can and otherwise taking a random legal
action, so units die in sight of others (JaxMARL's sectors list dead units too). Recorded per
step: the units after it (types, positions, health, cooldowns, last moves and attacks) and
every unit's observation, sparse: its nonzero entries as [index, value, index, value, ...] (an
observation is 842 floats, most of them 0). Floats are written as the shortest text that
round-trips in float32.
"""
import json
import sys

import jax
import jax.numpy as jnp
import numpy as np
from jaxmarl.environments.smax.smax_env import SMAX, map_name_to_scenario

from make_smax_vectors import F32, fire_mostly, floats


def sparse(a):
    a = np.asarray(a, dtype=F32).reshape(-1)
    out = []
    for k in np.flatnonzero(a):
        out += [int(k), floats([a[k]])[0]]
    return out


def units(st):
    return {
        "types": [int(x) for x in np.asarray(st.unit_types)],
        "pos": floats(st.unit_positions),
        "health": floats(st.unit_health),
        "cooldown": floats(st.unit_weapon_cooldowns),
        "move": floats(st.prev_movement_actions),
        "attack": [int(x) for x in np.asarray(st.prev_attack_actions)],
    }


def episode(map_name, seed, max_steps, see_enemy_actions=True):
    env = SMAX(scenario=map_name_to_scenario(map_name), observation_type="conic",
               see_enemy_actions=see_enemy_actions)
    rng = np.random.default_rng(seed)
    key = jax.random.PRNGKey(seed)
    key, reset_key = jax.random.split(key)
    obs, state = env.reset(reset_key)
    step = jax.jit(env.step_env)
    ep = {"map": map_name, "seed": seed, "see_enemy_actions": see_enemy_actions, "steps": []}

    def record():
        ep["steps"].append({"units": units(state), "obs": [sparse(obs[a]) for a in env.agents]})

    record()
    for _ in range(max_steps):
        actions = {a: jnp.int32(v) for a, v in fire_mostly(rng, env.get_avail_actions(state), env.agents).items()}
        key, step_key = jax.random.split(key)
        obs, state, _, dones, _ = step(step_key, state, actions)
        record()
        if bool(dones["__all__"]):
            break
    return ep


def main(out_path):
    plan = [("3m", 1, 60), ("2s3z", 2, 60), ("5m_vs_6m", 3, 60), ("6h_vs_8z", 4, 40), ("smacv2_5_units", 5, 40),
            ("3s5z_vs_3s6z", 6, 12, False)]
    episodes = []
    for map_name, seed, steps, *rest in plan:
        ep = episode(map_name, seed, steps, *rest)
        print(map_name, seed, len(ep["steps"]), "states", file=sys.stderr)
        episodes.append(ep)
    with open(out_path, "w") as f:
        json.dump({"source": "jaxmarl 0.2.0 (FLAIROx/JaxMARL@c793d09), SMAX, observation_type conic",
                   "episodes": episodes}, f, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "smax_jaxmarl_conic_vectors.json")
