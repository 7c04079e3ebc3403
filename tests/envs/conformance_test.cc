// The conformance suite every registered env passes (DESIGN.md, "The batched env API").
// It is parameterized over the registry: a new game is checked by being registered.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/error.h"
#include "core/replay.h"
#include "tests/envs/env_test_util.h"

namespace agora {
namespace {

using testing_util::random_run;
using testing_util::set_actions;
using testing_util::Snapshot;
using testing_util::take_snapshot;

class Conformance : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<VecEnv> make(int num_envs, VecEnvOptions options = {}) {
    return make_env(GetParam(), num_envs, Device::kCpu, Json::object(), options);
  }
};

TEST_P(Conformance, SpecMatchesBuffers) {
  auto env = make(7);
  const EnvSpec& s = env->spec();
  EXPECT_GT(s.num_agents, 0);
  EXPECT_GT(s.num_actions, 0);
  EXPECT_GT(s.max_steps, 0);
  EXPECT_EQ(env_spec(GetParam()).obs_dim, s.obs_dim);
  const int64_t N = 7, A = s.num_agents;
  EXPECT_EQ(env->obs().shape, (std::vector<int64_t>{N, A, s.obs_dim}));
  EXPECT_EQ(env->state().shape, (std::vector<int64_t>{N, s.state_dim}));
  EXPECT_EQ(env->reward().shape, (std::vector<int64_t>{N, A}));
  EXPECT_EQ(env->legal().shape, (std::vector<int64_t>{N, A, s.num_actions}));
  EXPECT_EQ(env->acting().shape, (std::vector<int64_t>{N, A}));
  EXPECT_EQ(env->actions().shape, (std::vector<int64_t>{N, A}));
  EXPECT_EQ(env->terminated().shape, (std::vector<int64_t>{N}));
  EXPECT_EQ(env->truncated().shape, (std::vector<int64_t>{N}));
  EXPECT_EQ(env->final_obs().size(), 0u) << "final observations are kept only on request";
  EXPECT_GT(env->state_bytes(), 0u);
  EXPECT_GT(env->bytes_per_env_step(), env->state_bytes());
}

TEST_P(Conformance, DeterministicPerSeed) {
  auto a = make(32), b = make(32);
  EXPECT_TRUE(random_run(*a, 11, 60) == random_run(*b, 11, 60));
}

TEST_P(Conformance, IndependentOfThreadCount) {
  VecEnvOptions one, two, three;
  one.num_threads = 1;
  two.num_threads = 2;
  three.num_threads = 3;
  auto a = make(257, one), b = make(257, two), c = make(257, three);
  const auto ra = random_run(*a, 5, 40);
  EXPECT_TRUE(ra == random_run(*b, 5, 40));
  EXPECT_TRUE(ra == random_run(*c, 5, 40));
}

TEST_P(Conformance, DifferentSeedsDiffer) {
  auto a = make(16), b = make(16);
  const auto ra = random_run(*a, 1, 20), rb = random_run(*b, 2, 20);
  bool differ = false;
  for (size_t t = 0; t < ra.size(); ++t) differ |= !(ra[t] == rb[t]);
  EXPECT_TRUE(differ);
}

TEST_P(Conformance, LegalMasksAdmitAnActionForEveryActingAgent) {
  auto env = make(64);
  const EnvSpec& s = env->spec();
  for (const Snapshot& snap : random_run(*env, 3, 2 * s.max_steps)) {
    for (int i = 0; i < 64; ++i) {
      int acting = 0;
      for (int a = 0; a < s.num_agents; ++a) {
        int legal = 0;
        for (int k = 0; k < s.num_actions; ++k) legal += snap.legal[(i * s.num_agents + a) * s.num_actions + k];
        ASSERT_EQ(snap.acting[i * s.num_agents + a], legal > 0 ? 1 : 0);
        acting += legal > 0;
      }
      ASSERT_GE(acting, 1) << "env " << i << " has no acting agent";
      if (!s.turn_based) {
        ASSERT_EQ(acting, s.num_agents) << "a simultaneous game must let every agent act";
      }
    }
  }
}

TEST_P(Conformance, OutputsAreFinite) {
  auto env = make(64);
  for (const Snapshot& snap : random_run(*env, 4, env->spec().max_steps + 3)) {
    for (float x : snap.obs) ASSERT_TRUE(std::isfinite(x));
    for (float x : snap.state) ASSERT_TRUE(std::isfinite(x));
    for (float x : snap.reward) ASSERT_TRUE(std::isfinite(x));
  }
}

TEST_P(Conformance, EpisodesEndWithinMaxSteps) {
  auto env = make(64);
  const int max_steps = env->spec().max_steps;
  env->reset(8);
  std::vector<int> length(64, 0);
  for (int t = 0; t < 2 * max_steps + 1; ++t) {
    env->sample_random_actions();
    env->step();
    const auto term = env->terminated().to_host(), trunc = env->truncated().to_host();
    const auto ended_length = env->episode_length().to_host();
    for (int i = 0; i < 64; ++i) {
      ++length[i];
      ASSERT_FALSE(term[i] && trunc[i]) << "terminated and truncated are exclusive";
      if (term[i] || trunc[i]) {
        ASSERT_EQ(ended_length[i], length[i]);
        length[i] = 0;
      }
      ASSERT_LE(length[i], max_steps) << "env " << i << " ran past max_steps";
    }
  }
  const EpisodeStats stats = env->episode_stats();
  EXPECT_GE(stats.episodes, 64);
  EXPECT_LE(stats.mean_length, max_steps);
  EXPECT_GT(stats.mean_length, 0);
}

TEST_P(Conformance, AutoResetReportsTheEndingStepAndStartsANewEpisode) {
  // Env `a` auto-resets and keeps final observations; env `b` stops at the end. Fed the same
  // actions, they agree until an episode ends: `a` reports the same rewards and flags as `b`,
  // its final_obs is `b`'s terminal observation, and it carries on with a fresh episode.
  const int N = 32;
  VecEnvOptions keep, stop;
  keep.keep_final_obs = true;
  keep.keep_final_state = true;
  stop.auto_reset = false;
  auto a = make(N, keep), b = make(N, stop);
  const EnvSpec& s = a->spec();
  const size_t per_env_obs = static_cast<size_t>(s.num_agents) * s.obs_dim;
  a->reset(21);
  b->reset(21);
  int ended_at = -1;
  for (int t = 0; t < s.max_steps && ended_at < 0; ++t) {
    a->sample_random_actions();
    set_actions(*b, a->actions().to_host());
    a->step();
    b->step();
    const Snapshot sa = take_snapshot(*a), sb = take_snapshot(*b);
    ASSERT_EQ(sa.reward, sb.reward);
    ASSERT_EQ(sa.terminated, sb.terminated);
    ASSERT_EQ(sa.truncated, sb.truncated);
    const auto final_obs = a->final_obs().to_host();
    const size_t sb_bytes = a->state_bytes();
    std::vector<uint8_t> final_states(N * sb_bytes), states_b(N * sb_bytes);
    a->copy_final_states(0, N, final_states.data());
    b->copy_states(0, N, states_b.data());
    for (int i = 0; i < N; ++i) {
      const size_t o = i * per_env_obs;
      const std::vector<float> obs_a(sa.obs.begin() + o, sa.obs.begin() + o + per_env_obs);
      const std::vector<float> obs_b(sb.obs.begin() + o, sb.obs.begin() + o + per_env_obs);
      if (!sa.terminated[i] && !sa.truncated[i]) {
        ASSERT_EQ(obs_a, obs_b) << "env " << i << " step " << t;
        continue;
      }
      ended_at = t;
      const std::vector<float> final_a(final_obs.begin() + o, final_obs.begin() + o + per_env_obs);
      EXPECT_EQ(final_a, obs_b) << "final_obs must be the terminal observation";
      EXPECT_EQ(0, std::memcmp(&final_states[i * sb_bytes], &states_b[i * sb_bytes], sb_bytes))
          << "the final state must be the terminal state";
    }
  }
  ASSERT_GE(ended_at, 0) << "no episode ended within max_steps";
  EXPECT_GT(a->episode_stats().episodes, 0);
  // `a` keeps going; `b` refuses to step an ended env.
  a->sample_random_actions();
  EXPECT_NO_THROW(a->step());
  set_actions(*b, a->actions().to_host());
  EXPECT_THROW(b->step(), Error);
}

TEST_P(Conformance, IllegalActionsAreRejectedWithEnvAgentAndAction) {
  auto env = make(8);
  const EnvSpec& s = env->spec();
  env->reset(2);
  env->sample_random_actions();
  const auto acting = env->acting().to_host();
  int agent = 0;
  while (!acting[3 * s.num_agents + agent]) ++agent;
  auto actions = env->actions().to_host();
  actions[3 * s.num_agents + agent] = s.num_actions;  // out of range
  set_actions(*env, actions);
  try {
    env->step();
    FAIL() << "an out-of-range action was accepted";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("env 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("agent " + std::to_string(agent)), std::string::npos) << msg;
    EXPECT_NE(msg.find("action " + std::to_string(s.num_actions)), std::string::npos) << msg;
  }
  EXPECT_THROW(env->step(), Error) << "a failed step requires a reset";
  actions[3 * s.num_agents + agent] = -1;
  env->reset(2);
  set_actions(*env, actions);
  EXPECT_THROW(env->step(), Error);

  // An in-range action that the mask forbids, wherever one exists.
  env->reset(2);
  const auto legal = env->legal().to_host();
  const auto acting_now = env->acting().to_host();
  env->sample_random_actions();
  actions = env->actions().to_host();
  for (size_t row = 0; row < acting_now.size(); ++row) {
    if (!acting_now[row]) continue;
    for (int k = 0; k < s.num_actions; ++k) {
      if (legal[row * s.num_actions + k]) continue;
      actions[row] = k;
      set_actions(*env, actions);
      EXPECT_THROW(env->step(), Error) << "masked action " << k << " accepted in row " << row;
      return;
    }
  }
}

// Loading copied states into other envs gives them the same observations, masks and world
// states (what the viewer relies on to inspect recorded frames).
TEST_P(Conformance, LoadedStatesReproduceTheOutputs) {
  const int N = 9;
  auto a = make(N), b = make(N);
  a->reset(31);
  b->reset(32);
  for (int t = 0; t < 7; ++t) {
    a->sample_random_actions();
    a->step();
  }
  std::vector<uint8_t> states(N * a->state_bytes());
  a->copy_states(0, N, states.data());
  b->load_states(0, N, states.data());
  EXPECT_EQ(b->obs().to_host(), a->obs().to_host());
  EXPECT_EQ(b->legal().to_host(), a->legal().to_host());
  EXPECT_EQ(b->acting().to_host(), a->acting().to_host());
  EXPECT_EQ(b->state().to_host(), a->state().to_host());
}

// The game's own state check (for states read from replays) accepts every state play reaches.
TEST_P(Conformance, StatesFromPlayPassTheStateCheck) {
  const int N = 16;
  VecEnvOptions options;
  options.keep_final_state = true;
  auto env = make(N, options);
  env->reset(41);
  const size_t sb = env->state_bytes();
  std::vector<uint8_t> states(N * sb), finals(N * sb);
  for (int t = 0; t < 150; ++t) {
    env->copy_states(0, N, states.data());
    for (int i = 0; i < N; ++i) ASSERT_EQ(env->check_state(&states[i * sb]), "") << "env " << i << " step " << t;
    env->sample_random_actions();
    env->step();
    env->copy_final_states(0, N, finals.data());
    const auto term = env->terminated().to_host(), trunc = env->truncated().to_host();
    for (int i = 0; i < N; ++i) {
      if (!term[i] && !trunc[i]) continue;
      ASSERT_EQ(env->check_state(&finals[i * sb]), "") << "final state, env " << i;
    }
  }
}

TEST_P(Conformance, ReplayRoundTrip) {
  auto env = make(6);
  const std::string path = ::testing::TempDir() + "/conformance_" + testing_util::test_name(GetParam()) + ".agr";
  std::vector<Snapshot> seen;
  {
    ReplayWriter writer(path, *env, 77, 3);
    env->reset(77);
    writer.record(*env);
    seen.push_back(take_snapshot(*env));
    for (int t = 0; t < 25; ++t) {
      env->sample_random_actions();
      env->step();
      writer.record(*env);
      seen.push_back(take_snapshot(*env));
    }
  }
  const Replay r = read_replay(path);
  EXPECT_EQ(r.header.env, GetParam());
  EXPECT_EQ(r.header.seed, 77u);
  EXPECT_EQ(r.header.recorded_envs, 3);
  EXPECT_EQ(r.header.spec.obs_dim, env->spec().obs_dim);
  EXPECT_EQ(r.header.config, env->config());
  ASSERT_EQ(r.frames.size(), seen.size() * 3);
  const size_t sb = env->state_bytes();
  const int A = env->spec().num_agents;
  for (size_t f = 0; f < r.frames.size(); ++f) {
    const ReplayFrame& frame = r.frames[f];
    const Snapshot& snap = seen[f / 3];
    const int i = static_cast<int>(f % 3);
    ASSERT_EQ(frame.env, static_cast<uint32_t>(i));
    ASSERT_EQ(frame.step, f / 3);
    ASSERT_EQ(frame.is_reset, f < 3);
    ASSERT_EQ(frame.state, std::vector<uint8_t>(snap.game_states.begin() + i * sb, snap.game_states.begin() + (i + 1) * sb));
    if (frame.is_reset) continue;
    ASSERT_EQ(frame.terminated, snap.terminated[i] != 0);
    ASSERT_EQ(frame.actions, std::vector<int32_t>(snap.actions.begin() + i * A, snap.actions.begin() + (i + 1) * A));
    ASSERT_EQ(frame.rewards, std::vector<float>(snap.reward.begin() + i * A, snap.reward.begin() + (i + 1) * A));
  }
  std::remove(path.c_str());
}

TEST_P(Conformance, WorldStateIsOptionalAndChangesNothingElse) {
  VecEnvOptions without;
  without.world_state = false;
  auto a = make(16), b = make(16, without);
  const auto ra = random_run(*a, 6, 30), rb = random_run(*b, 6, 30);
  EXPECT_EQ(b->state().size(), 0u);
  EXPECT_LT(b->bytes_per_env_step(), a->bytes_per_env_step());
  for (size_t t = 0; t < ra.size(); ++t) {
    ASSERT_EQ(ra[t].obs, rb[t].obs);
    ASSERT_EQ(ra[t].game_states, rb[t].game_states);
    ASSERT_EQ(ra[t].reward, rb[t].reward);
  }
}

// ThreadMapping::kAgent (the outputs by one thread per agent, as the CUDA backend can run
// them) and, for games with a team step, kWarp (the rules by the team step, here on its
// one-lane host team) leave everything as kEnv does, blocks of SIMD lanes included, and refuse
// the same illegal actions. A game without a team step refuses kWarp by name.
TEST_P(Conformance, ThreadMappingsGiveTheSameResults) {
  for (ThreadMapping mapping : {ThreadMapping::kAgent, ThreadMapping::kWarp}) {
    SCOPED_TRACE(thread_mapping_name(mapping));
    VecEnvOptions by_env, by_other;
    by_env.keep_final_obs = by_other.keep_final_obs = true;
    by_env.num_threads = by_other.num_threads = 2;
    by_other.thread_mapping = mapping;
    if (!supports_thread_mapping(GetParam(), mapping)) {
      try {
        make(4, by_other);
        FAIL() << "a game without a team step accepted the warp mapping";
      } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("\"warp\""), std::string::npos) << e.what();
      }
      continue;
    }
    auto a = make(200, by_env), b = make(200, by_other);  // three blocks of 64 and a few envs
    a->reset(8);
    b->reset(8);
    ASSERT_TRUE(take_snapshot(*a) == take_snapshot(*b)) << "after reset";
    for (int t = 0; t < 60; ++t) {
      a->sample_random_actions();
      b->sample_random_actions();
      a->step();
      b->step();
      ASSERT_TRUE(take_snapshot(*a) == take_snapshot(*b)) << "step " << t;
      ASSERT_EQ(a->final_obs().to_host(), b->final_obs().to_host()) << "step " << t;
    }
    EXPECT_EQ(a->episode_stats().episodes, b->episode_stats().episodes);
    EXPECT_EQ(a->episode_stats().mean_return, b->episode_stats().mean_return);

    const int A = b->spec().num_agents;
    b->sample_random_actions();
    auto actions = b->actions().to_host();
    const auto acting = b->acting().to_host();
    int agent = 0;
    while (!acting[70 * A + agent]) ++agent;
    actions[70 * A + agent] = -1;
    set_actions(*b, actions);
    try {
      b->step();
      FAIL() << "an illegal action was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("env 70"), std::string::npos) << e.what();
    }
  }
}

TEST_P(Conformance, UnknownConfigKeyIsAnErrorNamingIt) {
  try {
    make_env(GetParam(), 1, Device::kCpu, Json{{"no_such_key", 1}});
    FAIL() << "unknown key accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_key"), std::string::npos) << e.what();
  }
  EXPECT_THROW(make_env(GetParam(), 1, Device::kCpu, Json::array()), Error);
  EXPECT_THROW(make_env(GetParam(), 0, Device::kCpu), Error);
}

INSTANTIATE_TEST_SUITE_P(Registry, Conformance, ::testing::ValuesIn(env_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return testing_util::test_name(info.param);
                         });

}  // namespace
}  // namespace agora
