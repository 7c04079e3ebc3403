// PPO: it learns (the one-shot prisoner's dilemma's dominant strategy), checkpoints round-trip,
// and bad checkpoints are refused with the file's name.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "agents/ppo/ppo.h"
#include "core/error.h"

namespace agora {
namespace {

Scenario prisoners_dilemma(const std::string& network = "mlp") {
  Json json = {{"env", "matrix/prisoners_dilemma"},
               {"num_envs", 64},
               {"seed", 3},
               {"env_steps", 12800},
               {"agent",
                {{"algo", "ippo"}, {"network", network}, {"chunk", 5}, {"hidden", 16}, {"lr", 0.01},
                 {"rollout_steps", 10}, {"ent_coef", 0.0}}}};
  return parse_scenario(json, "test scenario");
}

class PpoNetworks : public ::testing::TestWithParam<std::string> {};

TEST_P(PpoNetworks, LearnTheDominantStrategyOfTheOneShotPrisonersDilemma) {
  const Scenario s = prisoners_dilemma(GetParam());
  PpoTrainer trainer(s, Device::kCpu);
  // Ordinal payoffs R = 3, S = 1, T = 4, P = 2: a near-uniform policy scores about 5 per
  // episode (both players' payoffs), mutual defection exactly 2 + 2 = 4.
  const double before = trainer.evaluate(256, 9, false, "", 0).episodes.mean_score();
  while (trainer.env_steps() < s.env_steps) trainer.iterate();
  const EvalResult after = trainer.evaluate(256, 9, false, "", 0);
  EXPECT_EQ(after.episodes.episodes, 256);
  // Defecting (action 1) dominates: both players learn it.
  EXPECT_NEAR(after.episodes.mean_score(), 4.0, 0.1) << "before training: " << before;
  EXPECT_GT(before, 4.5);
}

TEST_P(PpoNetworks, CheckpointsRoundTripAndRefuseOtherEnvs) {
  const Scenario s = prisoners_dilemma(GetParam());
  PpoTrainer trainer(s, Device::kCpu);
  trainer.iterate();
  const std::string path = ::testing::TempDir() + "/ppo_ckpt.pt";
  trainer.save(path);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  PpoTrainer copy(s, Device::kCpu);
  copy.load(path);
  EXPECT_EQ(copy.env_steps(), trainer.env_steps());
  EXPECT_EQ(copy.updates(), 1);
  // Same weights: greedy play from the same seed gives the same episodes.
  EXPECT_EQ(copy.evaluate(64, 5, true, "", 0).episodes.score_sum, trainer.evaluate(64, 5, true, "", 0).episodes.score_sum);
  // Another env's sizes, or garbage, are refused with the file named.
  Scenario other = s;
  other.env = "commons/fishery";
  other.env_config = Json::object();
  PpoTrainer fishery(other, Device::kCpu);
  try {
    fishery.load(path);
    FAIL() << "a prisoner's dilemma checkpoint loaded into the fishery";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ppo_ckpt.pt"), std::string::npos) << e.what();
  }
  const std::string junk = ::testing::TempDir() + "/junk.pt";
  std::ofstream(junk) << "not a checkpoint";
  EXPECT_THROW(copy.load(junk), Error);
  EXPECT_THROW(copy.load(::testing::TempDir() + "/missing.pt"), Error);
}

INSTANTIATE_TEST_SUITE_P(MlpAndGru, PpoNetworks, ::testing::Values("mlp", "gru"));

TEST(Ppo, AFrozenCheckpointOpponentKeepsItsPolicy) {
  // Train a defector, freeze it as player 1, and train player 0 against it from scratch.
  const Scenario s = prisoners_dilemma();
  PpoTrainer defector(s, Device::kCpu);
  while (defector.env_steps() < s.env_steps) defector.iterate();
  const std::string path = ::testing::TempDir() + "/defector.pt";
  defector.save(path);
  Json json = scenario_to_json(s);
  json["opponent"] = "checkpoint";
  json["opponent_checkpoint"] = path;
  json["opponent_agents"] = {1};
  json["seed"] = 11;
  const Scenario against = parse_scenario(json, "test scenario");
  PpoTrainer learner(against, Device::kCpu);
  // Returns are the learner's alone: against a defector it gets S = 1 or P = 2 whatever it
  // plays (a fresh policy about 1.5), while the defector's T = 4 or P = 2 would raise a mean
  // over both players above 2.
  const double fresh_return = learner.evaluate(256, 5, false, "", 0).episodes.mean_return();
  EXPECT_GE(fresh_return, 1.0);
  EXPECT_LT(fresh_return, 1.9);
  while (learner.env_steps() < against.env_steps) learner.iterate();
  // Player 1 still defects (its weights never trained), player 0 learned the best response:
  // defection, so both get P = 2 and the score is 4.
  EXPECT_NEAR(learner.evaluate(256, 3, true, "", 0).episodes.mean_score(), 4.0, 1e-6);
  // A checkpoint opponent must exist.
  json["opponent_checkpoint"] = ::testing::TempDir() + "/no_such.pt";
  EXPECT_THROW(PpoTrainer(parse_scenario(json, "test scenario"), Device::kCpu), Error);
}

TEST(Ppo, EvaluationRecordsAReplayAndCountsOneEpisodePerEnv) {
  Json json = {{"env", "smax/3m"}, {"num_envs", 8}, {"env_steps", 1000}, {"agent", {{"hidden", 16}, {"rollout_steps", 8}}}};
  const Scenario s = parse_scenario(json, "test scenario");
  PpoTrainer trainer(s, Device::kCpu);
  const std::string replay = ::testing::TempDir() + "/eval_replay/eval.agr";
  const EvalResult r = trainer.evaluate(5, 1, false, replay, 2);
  EXPECT_EQ(r.episodes.episodes, 5);
  EXPECT_TRUE(r.episodes.has_win);
  EXPECT_EQ(r.replay_path, replay);
  EXPECT_GT(std::filesystem::file_size(replay), 1000u);
}

}  // namespace
}  // namespace agora
