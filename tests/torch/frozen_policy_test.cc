// Frozen checkpoint opponents: a policy trained as SMAX's allies against the heuristic commands
// the enemies of a self-play battle (JaxMARL's LearnedPolicyEnemySMAX), with its own network
// shape and agent ids; checkpoints that do not fit are refused with the reason.
#include <gtest/gtest.h>

#include <string>

#include "agents/ppo/checkpoint.h"
#include "agents/ppo/frozen_policy.h"
#include "agents/ppo/ppo.h"
#include "core/error.h"
#include "core/torch_view.h"

namespace agora {
namespace {

const Json kSelfPlay = {{"opponent", "self_play"}};

std::string temp(const std::string& name) { return ::testing::TempDir() + "/" + name; }

PpoConfig shape(int hidden, int layers, const std::string& network = "mlp", bool agent_id = true) {
  PpoConfig a;
  a.hidden = hidden;
  a.layers = layers;
  a.network = network;
  a.agent_id = agent_id;
  return a;
}

/// An actor as PpoTrainer builds it for `spec` and `a`.
Net actor_for(const EnvSpec& spec, const PpoConfig& a) {
  return Net(spec.obs_dim + (a.agent_id ? spec.num_agents : 0), a.hidden, a.layers, spec.num_actions, 0.01,
             a.network == "gru");
}

torch::Tensor sizes_of(const EnvSpec& spec) {
  return torch::tensor({static_cast<int64_t>(spec.num_agents), static_cast<int64_t>(spec.obs_dim),
                        static_cast<int64_t>(spec.state_dim), static_cast<int64_t>(spec.num_actions)});
}

/// A checkpoint holding what FrozenPolicy reads: the header and the actor (`header_shape`
/// recorded as the actor's shape, or none, as in checkpoints written before it was recorded).
void write_actor(const std::string& path, const EnvSpec& spec, const PpoConfig& header_shape, Net actor,
                 bool record_shape = true) {
  torch::serialize::OutputArchive archive, weights;
  if (record_shape) {
    write_checkpoint_header(archive, spec, header_shape);
  } else {
    archive.write("sizes", sizes_of(spec));
  }
  actor->save(weights);
  archive.write("actor", weights);
  archive.save_to(path);
}

/// What the actor itself gives for observation rows obs [R, O] seen as agent `id` of `agents`.
torch::Tensor expected_logits(Net actor, const torch::Tensor& obs, int64_t id, int64_t agents) {
  torch::NoGradGuard no_grad;
  const torch::Tensor ids = torch::one_hot(torch::full({obs.size(0)}, id, torch::kLong), agents).to(torch::kFloat32);
  return actor->forward(torch::cat({obs, ids}, 1), torch::zeros({obs.size(0), actor->hidden})).first;
}

TEST(FrozenPolicy, AnAllyPolicyCommandsTheEnemiesOfASelfPlayBattleAsItsOwnAgents) {
  const EnvSpec three_m = env_spec("smax/3m"), self_play = env_spec("smax/3m", kSelfPlay);
  ASSERT_EQ(three_m.num_agents, 3);
  ASSERT_EQ(self_play.num_agents, 6);
  torch::manual_seed(5);
  const PpoConfig trained = shape(24, 2);
  Net actor = actor_for(three_m, trained);
  const std::string path = temp("ally_3m.pt");
  write_actor(path, three_m, trained, actor);
  // The scenario's own networks (hidden 64) differ: the checkpoint's shape rebuilds the actor.
  FrozenPolicy enemy(path, self_play, {3, 4, 5}, shape(64, 1), torch::kCPU);
  EXPECT_EQ(enemy.agents().size(0), 3);
  // Observations of a real battle, with some steps played so units have moved and fired.
  auto env = make_env("smax/3m", 4, Device::kCpu, kSelfPlay);
  env->reset(3);
  for (int t = 0; t < 6; ++t) env->step();  // action 0 everywhere: always legal while alive
  const torch::Tensor obs = as_tensor(env->obs()).clone();  // [4, 6, 75]
  torch::Tensor h = enemy.initial_state(4);
  const torch::Tensor got = enemy.logits(obs, h).reshape({4, 3, -1});
  for (int k = 0; k < 3; ++k) {
    // Enemy 3 + k is seen as the checkpoint's agent k, from its own observation.
    const torch::Tensor want = expected_logits(actor, obs.select(1, 3 + k), k, 3);
    EXPECT_TRUE(torch::allclose(got.select(1, k), want, 0.0, 0.0)) << "enemy " << k;
    // ... and not as agent k + 1 (the ids matter).
    EXPECT_FALSE(torch::allclose(got.select(1, k), expected_logits(actor, obs.select(1, 3 + k), (k + 1) % 3, 3)));
  }
}

TEST(FrozenPolicy, ACheckpointOfThisEnvKeepsEachAgentsId) {
  const EnvSpec self_play = env_spec("smax/3m", kSelfPlay);
  torch::manual_seed(6);
  const PpoConfig trained = shape(16, 1);
  Net actor = actor_for(self_play, trained);
  const std::string path = temp("self_play_3m.pt");
  write_actor(path, self_play, trained, actor);
  FrozenPolicy enemy(path, self_play, {4, 5}, trained, torch::kCPU);
  const torch::Tensor obs = torch::rand({2, 6, self_play.obs_dim});
  torch::Tensor h = enemy.initial_state(2);
  const torch::Tensor got = enemy.logits(obs, h).reshape({2, 2, -1});
  EXPECT_TRUE(torch::allclose(got.select(1, 0), expected_logits(actor, obs.select(1, 4), 4, 6), 0.0, 0.0));
  EXPECT_TRUE(torch::allclose(got.select(1, 1), expected_logits(actor, obs.select(1, 5), 5, 6), 0.0, 0.0));
}

TEST(FrozenPolicy, ARecurrentPolicyCarriesItsState) {
  const EnvSpec three_m = env_spec("smax/3m"), self_play = env_spec("smax/3m", kSelfPlay);
  const PpoConfig trained = shape(8, 1, "gru");
  const std::string path = temp("gru_3m.pt");
  write_actor(path, three_m, trained, actor_for(three_m, trained));
  FrozenPolicy enemy(path, self_play, {3, 4, 5}, shape(64, 2), torch::kCPU);
  torch::Tensor h = enemy.initial_state(2);
  EXPECT_EQ(h.sizes(), (std::vector<int64_t>{6, 8}));
  const torch::Tensor obs = torch::rand({2, 6, self_play.obs_dim});
  const torch::Tensor first = enemy.logits(obs, h);
  EXPECT_GT(h.abs().sum().item<float>(), 0.0f);
  EXPECT_FALSE(torch::allclose(enemy.logits(obs, h), first));  // the same inputs, a new state
}

std::string error_of(const std::string& path, const EnvSpec& spec, const std::vector<int>& agents,
                     const PpoConfig& fallback) {
  try {
    FrozenPolicy(path, spec, agents, fallback, torch::kCPU);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(FrozenPolicy, CheckpointsThatDoNotFitAreRefusedWithTheReason) {
  const EnvSpec three_m = env_spec("smax/3m"), self_play = env_spec("smax/3m", kSelfPlay);
  const EnvSpec two_s3z = env_spec("smax/2s3z");
  const PpoConfig a = shape(16, 1);
  // Another unit list: 2s3z's agents observe 127 floats, 3m's 75.
  const std::string other_map = temp("ally_2s3z.pt");
  write_actor(other_map, two_s3z, a, actor_for(two_s3z, a));
  std::string e = error_of(other_map, self_play, {3, 4, 5}, a);
  EXPECT_NE(e.find("ally_2s3z.pt"), std::string::npos) << e;
  EXPECT_NE(e.find("observe 127 floats and choose among 10 actions, this env's 75 and 8"), std::string::npos) << e;
  // Three agent ids cannot tell four agents apart.
  const std::string ally = temp("ally_3m_small.pt");
  write_actor(ally, three_m, a, actor_for(three_m, a));
  e = error_of(ally, self_play, {2, 3, 4, 5}, a);
  EXPECT_NE(e.find("knows 3 agent ids, too few to command 4 agents"), std::string::npos) << e;
  // ... unless the actor reads no ids.
  const PpoConfig no_ids = shape(16, 1, "mlp", false);
  const std::string anonymous = temp("ally_3m_no_ids.pt");
  write_actor(anonymous, three_m, no_ids, actor_for(three_m, no_ids));
  EXPECT_EQ(error_of(anonymous, self_play, {2, 3, 4, 5}, a), "no error");
  // A recorded shape that is not the weights' (a damaged or hand-made file).
  const std::string lying = temp("lying_shape.pt");
  write_actor(lying, three_m, shape(32, 1), actor_for(three_m, a));
  e = error_of(lying, self_play, {3, 4, 5}, a);
  EXPECT_NE(e.find("lying_shape.pt"), std::string::npos) << e;
  EXPECT_NE(e.find("its actor's input.weight has shape [16, 78], this network's is [32, 78]"), std::string::npos) << e;
  // A checkpoint from before shapes were recorded is read with the scenario's shape ...
  const std::string old = temp("old_3m.pt");
  write_actor(old, three_m, a, actor_for(three_m, a), false);
  EXPECT_EQ(error_of(old, self_play, {3, 4, 5}, a), "no error");
  // ... and refused if that shape is not its own.
  e = error_of(old, self_play, {3, 4, 5}, shape(16, 2));
  EXPECT_NE(e.find("does not load"), std::string::npos) << e;
  // Out-of-range shapes are refused before any network is built.
  torch::serialize::OutputArchive huge;
  huge.write("sizes", sizes_of(three_m));
  huge.write("actor_shape", torch::tensor({int64_t{1} << 40, int64_t{1}, int64_t{0}, int64_t{1}}));
  huge.save_to(temp("huge.pt"));
  e = error_of(temp("huge.pt"), self_play, {3, 4, 5}, a);
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
}

/// A checkpoint whose policy always stops (action 4): every weight 0, the stop logit 50.
std::string always_stop(const EnvSpec& spec) {
  const PpoConfig a = shape(8, 1);
  Net actor = actor_for(spec, a);
  {
    torch::NoGradGuard no_grad;
    for (torch::Tensor& p : actor->parameters()) p.zero_();
    actor->head->bias[4] = 50.0f;
  }
  const std::string path = temp("always_stop_" + std::to_string(spec.num_agents) + ".pt");
  write_actor(path, spec, a, actor);
  return path;
}

TEST(FrozenPolicy, TrainingAgainstALearnedEnemyLeavesTheEnemyToIt) {
  const std::string path = always_stop(env_spec("smax/3m"));
  Json json = {{"env", "smax/3m"},
               {"env_config", kSelfPlay},
               {"num_envs", 16},
               {"env_steps", 16 * 8},
               {"agent", {{"hidden", 16}, {"rollout_steps", 8}}},
               {"opponent", "checkpoint"},
               {"opponent_checkpoint", path},
               {"opponent_agents", {3, 4, 5}}};
  PpoTrainer trainer(parse_scenario(json, "test scenario"), Device::kCpu);
  trainer.iterate();
  // The last step's actions: the enemies stopped, the learners (a fresh stochastic policy over
  // 8 actions, 48 choices) did not all stop.
  const torch::Tensor actions = as_tensor(trainer.env().actions());  // [16, 6]
  EXPECT_TRUE(actions.slice(1, 3, 6).eq(4).all().item<bool>()) << actions;
  EXPECT_FALSE(actions.slice(1, 0, 3).eq(4).all().item<bool>()) << actions;
  // Evaluation plays the same enemy; episodes are counted one per env.
  EXPECT_EQ(trainer.evaluate(8, 1, true, "", 0).episodes.episodes, 8);
}

}  // namespace
}  // namespace agora
