"""Side-by-side: JaxMARL's SMAX (HeuristicEnemySMAX, v0.2.0) with random legal actions, counted
like `agora bench` (one env step = one joint step of all allies; the heuristic enemy acts inside
the step, auto-reset included). The standard JaxMARL way: jit(scan(vmap(step))) over NUM_ENVS
envs, random actions drawn from the legal-action masks on the device. Runs on whatever device
JAX picks (the CPU with `jax[cpu]`). Needs `pip install jaxmarl==0.2.0 "jax[cpu]"`.

    python3 bench/compare/jaxmarl_smax.py [--maps 3m,2s3z,27m_vs_30m] [--envs 1024] [--steps 100]
                                          [--observation-type unit_list|conic]
"""
import argparse
import time

import jax
import jax.numpy as jnp
from jaxmarl.environments.smax.heuristic_enemy_smax_env import HeuristicEnemySMAX
from jaxmarl.environments.smax.smax_env import map_name_to_scenario


def bench(map_name, num_envs, num_steps, observation_type):
    env = HeuristicEnemySMAX(scenario=map_name_to_scenario(map_name), observation_type=observation_type)

    def random_actions(key, state):
        avail = env.get_avail_actions(state)
        keys = jax.random.split(key, len(env.agents))
        return {a: jax.random.categorical(k, jnp.log(avail[a].astype(jnp.float32))) for a, k in zip(env.agents, keys)}

    # The observations (world state included) and rewards ride in the scan's carry and come out
    # of the rollout, as a learner would consume them: outputs nobody uses are dead code to XLA,
    # which would then not compute them at all (Agora always writes them).
    def one_step(carry, _):
        key, state, _, _ = carry
        key, action_key, step_key = jax.random.split(key, 3)
        action_keys = jax.random.split(action_key, num_envs)
        step_keys = jax.random.split(step_key, num_envs)
        actions = jax.vmap(random_actions)(action_keys, state)
        obs, state, reward, done, _ = jax.vmap(env.step)(step_keys, state, actions)
        return (key, state, obs, reward), done["__all__"].sum()

    @jax.jit
    def rollout(carry):
        carry, dones = jax.lax.scan(one_step, carry, None, num_steps)
        return carry, dones.sum()

    key = jax.random.PRNGKey(0)
    obs, state = jax.vmap(env.reset)(jax.random.split(key, num_envs))
    reward = {a: jnp.zeros(num_envs) for a in env.agents}
    carry, _ = rollout((key, state, obs, reward))  # compile
    jax.block_until_ready(carry)
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        carry, episodes = rollout(carry)
        jax.block_until_ready(carry)
        best = max(best, num_envs * num_steps / (time.perf_counter() - start))
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--maps", default="3m,2s3z,27m_vs_30m")
    p.add_argument("--envs", default="1024")
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--observation-type", default="unit_list", choices=["unit_list", "conic"])
    args = p.parse_args()
    print(f"jax {jax.__version__} on {jax.devices()[0].platform} ({jax.devices()[0].device_kind})")
    for map_name in args.maps.split(","):
        for n in [int(x) for x in args.envs.split(",")]:
            sps = bench(map_name, n, args.steps, args.observation_type)
            print(f"jaxmarl smax/{map_name} envs={n} {args.observation_type}: {sps:.4g} env-steps/s")


if __name__ == "__main__":
    main()
