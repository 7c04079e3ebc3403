#!/usr/bin/env python3
"""Writes smax_jaxmarl_vectors.json: JaxMARL v0.2.0 SMAX transitions that tests/envs/smax_test.cc
replays through Agora's SMAX.

    pip install jaxmarl==0.2.0 "jax[cpu]"; python3 make_smax_vectors.py

Each episode runs HeuristicEnemySMAX (attack_mode "closest") with allies that mostly fire at a
random target in range and otherwise take a random legal action. Recorded per episode: unit
types, spawn positions before the reset's push-apart, the state after reset; per step: the
state before, both teams' actions (the enemies' from JaxMARL's heuristic, with its policy
state), the cooldown jitter JaxMARL drew for each unit and tick (re-derived from the step key
the way step_env_no_decode splits it), then the state, observations (allies and a few
enemies), world state, team rewards, done flag and legal-action masks after the step.
Floats are written as the shortest text that round-trips in float32.
"""
import json
import sys

import jax
import jax.numpy as jnp
import numpy as np
from jaxmarl.environments.smax.heuristic_enemy_smax_env import HeuristicEnemySMAX
from jaxmarl.environments.smax.smax_env import map_name_to_scenario

F32 = np.float32


def floats(a):
    a = np.asarray(a, dtype=F32).reshape(-1)
    return [float(x) if x == 0 else float(np.format_float_positional(x, unique=True)) for x in a]


def unit_state(st, ps=None):
    out = {
        "pos": floats(st.unit_positions),
        "health": floats(st.unit_health),
        "cooldown": floats(st.unit_weapon_cooldowns),
        "move": floats(st.prev_movement_actions),
        "attack": [int(x) for x in np.asarray(st.prev_attack_actions)],
        "step": int(st.step),
    }
    if ps is not None:
        out["default_target"] = floats(ps.default_target)
        out["last_attacked"] = [int(x) for x in np.asarray(ps.last_attacked_enemy)]
    return out


def spawn_positions(env, reset_key):
    """The positions SMAX.reset draws before _push_units_away (same key splits)."""
    e = env._env
    key, k0, k1 = jax.random.split(reset_key, num=3)
    t0 = jnp.stack([jnp.array([e.map_width / 4, e.map_height / 2])] * e.num_allies)
    t0 = t0 + jax.random.uniform(k0, shape=(e.num_allies, 2), minval=-2, maxval=2)
    t1 = jnp.stack([jnp.array([e.map_width / 4 * 3, e.map_height / 2])] * e.num_enemies)
    t1 = t1 + jax.random.uniform(k1, shape=(e.num_enemies, 2), minval=-2, maxval=2)
    pos = jnp.concatenate([t0, t1])
    key, pos_key = jax.random.split(key)
    return e.position_generator.generate(pos_key) if e.smacv2_position_generation else pos


def jitter_drawer(env):
    """Cooldown deviations of every unit for each tick, derived from step_env_no_decode's key."""
    e = env._env

    @jax.jit
    def draw(key):
        rows = []
        step_key = key
        for _ in range(e.world_steps_per_env_step):
            step_key, world_key = jax.random.split(step_key)
            keys = jax.random.split(world_key, num=e.num_agents)
            rows.append(jax.vmap(lambda k: jax.random.uniform(k, minval=-e.time_per_step,
                                                              maxval=2 * e.time_per_step))(keys))
        return jnp.stack(rows)

    return lambda key: [floats(row) for row in np.asarray(draw(key))]


def fire_mostly(rng, avail, agents):
    """Per agent: a random target in range 80% of the times it has one, else a random legal action."""
    actions = {}
    for a in agents:
        mask = np.asarray(avail[a])
        attacks = np.flatnonzero(mask[5:]) + 5
        legal = np.flatnonzero(mask)
        actions[a] = int(rng.choice(attacks) if len(attacks) and rng.uniform() < 0.8 else rng.choice(legal))
    return actions


def episode(map_name, seed, max_steps, observed_enemies, observed_allies=None):
    env = HeuristicEnemySMAX(scenario=map_name_to_scenario(map_name), attack_mode="closest")
    e = env._env
    jitter = jitter_drawer(env)
    observed_allies = list(range(e.num_allies)) if observed_allies is None else observed_allies
    rng = np.random.default_rng(seed)
    key = jax.random.PRNGKey(seed)
    key, reset_key = jax.random.split(key)
    _, inner_reset_key = jax.random.split(reset_key)  # EnemySMAX.reset splits once
    obs, state = env.reset(reset_key)
    spawn = spawn_positions(env, inner_reset_key)
    pushed = e._push_units_away(state.state.replace(unit_positions=spawn))
    # Eager and jitted XLA programs may sum the push-apart terms of large maps in another order.
    assert np.abs(np.asarray(pushed.unit_positions) - np.asarray(state.state.unit_positions)).max() < 1e-5
    ep = {
        "map": map_name, "seed": seed,
        "unit_types": [int(x) for x in np.asarray(state.state.unit_types)],
        "spawn": floats(spawn), "reset": unit_state(state.state, state.enemy_policy_state),
        "observed_allies": observed_allies, "observed_enemies": observed_enemies, "steps": [],
    }
    enemy_ids = [e.num_allies + k for k in observed_enemies]
    for t in range(max_steps):
        actions = fire_mostly(rng, env.get_avail_actions(state), env.agents)
        key, step_key = jax.random.split(key)
        # What EnemySMAX.step_env does with its key, done by hand to see the enemy actions.
        enemy_obs = e.get_obs_unit_list(state.state)
        enemy_obs = jnp.array([enemy_obs[a] for a in env.enemy_agents])
        rest_key, action_key = jax.random.split(step_key)
        enemy_actions, _ = env.get_enemy_actions(action_key, state.enemy_policy_state, enemy_obs)
        before = unit_state(state.state, state.enemy_policy_state)
        obs, state, rewards, dones, _ = env.step_env(step_key, state, {a: jnp.int32(v) for a, v in actions.items()})
        all_obs = e.get_obs(state.state)
        all_avail = e.get_avail_actions(state.state)
        ep["steps"].append({
            "before": before,
            "actions": [actions[a] for a in env.agents] + [int(enemy_actions[a]) for a in env.enemy_agents],
            "jitter": jitter(rest_key),
            "after": unit_state(state.state, state.enemy_policy_state),
            "ally_obs": [floats(all_obs[env.agents[i]]) for i in observed_allies],
            "enemy_obs": [floats(all_obs[e.agents[i]]) for i in enemy_ids],
            "world_state": floats(obs["world_state"]),
            "reward": floats([rewards[env.agents[0]]]),
            "done": bool(dones["__all__"]),
            "avail": [[int(x) for x in np.asarray(all_avail[a])] for a in e.agents],
        })
        if bool(dones["__all__"]):
            break
    return ep


def main(out_path):
    plan = [("3m", 1, 120, [0, 2]), ("3m", 2, 120, [1]), ("2s3z", 3, 120, [0, 4]), ("5m_vs_6m", 4, 120, [0, 5]),
            ("3s_vs_5z", 5, 120, [0, 4]), ("6h_vs_8z", 6, 120, [0, 7]), ("3s5z_vs_3s6z", 7, 20, [0, 8]),
            ("smacv2_5_units", 8, 120, [0, 4]), ("27m_vs_30m", 10, 12, [0, 29], [0, 13, 26])]
    episodes = []
    for map_name, seed, steps, *observed in plan:
        ep = episode(map_name, seed, steps, *observed)
        print(map_name, seed, len(ep["steps"]), "steps, done:", ep["steps"][-1]["done"], file=sys.stderr)
        episodes.append(ep)
    with open(out_path, "w") as f:
        json.dump({"source": "jaxmarl 0.2.0 (FLAIROx/JaxMARL@c793d09), HeuristicEnemySMAX, attack_mode closest",
                   "episodes": episodes}, f, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "smax_jaxmarl_vectors.json")
