// SMAX's `conic` observation: its layout and JaxMARL's quirks by hand, and JaxMARL v0.2.0's own
// conic observations of recorded battles, bit for bit (tests/envs/data/make_smax_conic_vectors.py
// writes them).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "envs/smax/smax.h"
#include "tests/envs/env_test_util.h"
#include "tests/envs/smax_test_util.h"

namespace agora {
namespace {

using Game = SmaxGame;
using testing_util::Duel;
constexpr int kSlotFeatures = Game::kOtherFeatures;
constexpr int kOwn = Game::kSectors * Game::kUnitsPerSector * kSlotFeatures;  // where own features start

Game::Config config(const Json& json) { return load_game_config<Game>("smax", json); }

/// A hand-set self-play battle with conic observations.
Duel conic_battle(Json extra) {
  extra["observation_type"] = "conic";
  return Duel(extra);
}

/// The 13 features of slot `slot` of `sector`.
std::vector<float> slot(const std::vector<float>& obs, int sector, int slot) {
  const auto at = obs.begin() + (sector * Game::kUnitsPerSector + slot) * kSlotFeatures;
  return {at, at + kSlotFeatures};
}

bool all_zero(const std::vector<float>& v) {
  for (float x : v)
    if (x != 0.0f) return false;
  return true;
}

TEST(SmaxConic, SizeIsJaxMarls842OnEveryMap) {
  for (const char* map : {"3m", "27m_vs_30m", "3s5z_vs_3s6z"}) {
    const Game::Config c = config(Json{{"map", map}, {"observation_type", "conic"}});
    EXPECT_EQ(Game::spec(c).obs_dim, 842) << map;
    EXPECT_EQ(Game::spec(c).state_dim, Game::spec(config(Json{{"map", map}})).state_dim) << map;
  }
  EXPECT_THROW(config(Json{{"observation_type", "cone"}}), Error);
}

// Marines see 9 far. Observer: ally 1 at (16, 16). Units 2, 4 and 5 lie in the sector of
// angles (2 pi 18/32 - pi, 2 pi 19/32 - pi) = (0.39, 0.59) rad: 2 at atan(1/2), 4 at
// atan(1.7/3.5), 5 at atan(2.5/5). Unit 0 at angle atan(1/2) - pi (sector 2), unit 3 due north.
Duel sector_battle() {
  Duel b = conic_battle(Json{{"map", "3m"}});
  b.place(0, 14, 15);
  b.place(1, 16, 16);
  b.place(2, 18, 17);
  b.place(3, 16, 19);
  b.place(4, 19.5f, 17.7f);
  b.place(5, 21, 18.5f);
  return b;
}

TEST(SmaxConic, ASectorHoldsItsTwoLowestUnitsAndItsOwnFeaturesFollow) {
  const Duel b = sector_battle();
  const std::vector<float> obs = b.observe(1);
  const float inv_sight = 1.0f / 9.0f;
  // Slot 0: ally 2, a teammate; slot 1: enemy 4 (index order); enemy 5 finds no slot.
  std::vector<float> want(kSlotFeatures, 0.0f);
  want[0] = 1.0f;  // full health
  want[1] = 2.0f * inv_sight;
  want[2] = 1.0f * inv_sight;
  want[7] = 1.0f;  // marine
  EXPECT_EQ(slot(obs, 18, 0), want);
  want[1] = (19.5f - 16.0f) * inv_sight;
  want[2] = (17.7f - 16.0f) * inv_sight;
  EXPECT_EQ(slot(obs, 18, 1), want);
  // Own features: health, x / 32, y / 32, cooldown, one-hot type.
  const std::vector<float> own(obs.begin() + kOwn, obs.end());
  EXPECT_EQ(own, (std::vector<float>{1.0f, 0.5f, 0.5f, 0.0f, 1.0f, 0, 0, 0, 0, 0}));
  // Nothing else: unit 0 is in sector 2's cone but JaxMARL's nonzero(mask * index) never
  // lists unit 0, and unit 3, due north, lies on the edge between sectors 23 and 24.
  int nonzero_slots = 0;
  for (int sector = 0; sector < Game::kSectors; ++sector)
    for (int k = 0; k < Game::kUnitsPerSector; ++k) nonzero_slots += !all_zero(slot(obs, sector, k));
  EXPECT_EQ(nonzero_slots, 2);
  EXPECT_EQ(Game::conic_sector(-2.0f / 9, -1.0f / 9), 2);
  EXPECT_EQ(Game::conic_sector(0.0f, 3.0f / 9), -1);
  EXPECT_EQ(Game::conic_sector(-1.0f, 0.0f), -1);  // due west: angle -pi, on the first edge
  EXPECT_EQ(Game::conic_sector(1.0f, 0.0f), -1);   // due east: angle 0, between sectors 15 and 16
  EXPECT_EQ(Game::conic_sector(1.0f, 1e-3f), 16);
  EXPECT_EQ(Game::conic_sector(1.0f, -1e-3f), 15);
}

TEST(SmaxConic, DeadUnitsInSightKeepTheirSlotAndADeadObserverSeesNothing) {
  Duel b = sector_battle();
  b.s.units[4].health = 0.0f;
  const std::vector<float> obs = b.observe(1);
  const std::vector<float> dead = slot(obs, 18, 1);
  EXPECT_EQ(dead[0], 0.0f);                            // health 0
  EXPECT_EQ(dead[1], (19.5f - 16.0f) * (1.0f / 9.0f));  // where it fell
  EXPECT_EQ(dead[7], 1.0f);                            // still a marine: unit 5 stays out
  b.s.units[1].health = 0.0f;
  EXPECT_TRUE(all_zero(b.observe(1)));
}

TEST(SmaxConic, AMirroredEnemySeesEachUnitInTheOppositeSector) {
  // Allies 0 and 1, enemy 2; enemy 2 looks at ally 1: (-2, -1) from it, sector 2; turned
  // 180 degrees, (2, 1): sector 18, at negated relative position and move.
  for (const bool mirrored : {false, true}) {
    Duel b = conic_battle(Json{{"allies", {"marine", "marine"}}, {"enemies", {"marine"}}, {"mirror_enemies", mirrored}});
    b.place(0, 4, 4);
    b.place(1, 18, 15);
    b.place(2, 20, 16);
    b.s.units[1].move_x = 0.99999994f;
    const std::vector<float> obs = b.observe(2);
    const std::vector<float> seen = slot(obs, mirrored ? 18 : 2, 0);
    const float sign = mirrored ? 1.0f : -1.0f;
    EXPECT_EQ(seen[0], 1.0f);
    EXPECT_EQ(seen[1], sign * 2.0f * (1.0f / 9.0f));
    EXPECT_EQ(seen[2], sign * 1.0f * (1.0f / 9.0f));
    EXPECT_EQ(seen[3], -sign * 0.99999994f);
    EXPECT_TRUE(all_zero(slot(obs, mirrored ? 2 : 18, 0)));
    EXPECT_EQ(obs[kOwn + 1], (mirrored ? 32.0f - 20.0f : 20.0f) / 32.0f);
  }
}

// --- JaxMARL's conic observations ------------------------------------------------------------

TEST(SmaxConic, EveryRecordedObservationMatchesJaxMarlBitForBit) {
  const Json data = read_json_file(std::string(AGORA_TEST_DATA_DIR) + "/envs/data/smax_jaxmarl_conic_vectors.json");
  int compared = 0, listed = 0, dead_listed = 0;
  for (const Json& ep : data["episodes"]) {
    const std::string map = ep["map"];
    const Game::Config c = config(Json{{"map", map},
                                       {"opponent", "self_play"},
                                       {"observation_type", "conic"},
                                       {"see_enemy_actions", ep["see_enemy_actions"]}});
    const int n = Game::num_units(c);
    int t = 0;
    for (const Json& st : ep["steps"]) {
      const Json& u = st["units"];
      const auto types = u["types"].get<std::vector<int>>();
      Game::State s{};
      testing_util::load_jaxmarl_units(s, n, u);
      for (int i = 0; i < n; ++i) s.units[i].type = static_cast<int8_t>(types[i]);
      std::vector<float> obs(842);
      for (int i = 0; i < n; ++i) {
        // JaxMARL's nonzero entries, [index, value, ...].
        std::vector<float> want(842, 0.0f);
        const auto sparse = st["obs"][i].get<std::vector<double>>();
        for (size_t k = 0; k + 1 < sparse.size(); k += 2) want[static_cast<size_t>(sparse[k])] = static_cast<float>(sparse[k + 1]);
        Game::observe(s, c, i, obs.data());
        int mismatches = 0;
        for (int k = 0; k < 842; ++k) {
          if (obs[k] != want[k] && ++mismatches <= 3)
            ADD_FAILURE() << map << " state " << t << " unit " << i << " [" << k << "]: agora " << obs[k] << " jaxmarl "
                          << want[k];
        }
        for (int q = 0; q < kOwn; q += kSlotFeatures) {
          const bool typed = [&] {
            for (int k = 7; k < kSlotFeatures; ++k)
              if (want[q + k] != 0.0f) return true;
            return false;
          }();
          listed += typed;
          dead_listed += typed && want[q] == 0.0f;
        }
        ++compared;
      }
      ++t;
    }
  }
  EXPECT_GT(compared, 2000);
  EXPECT_GT(listed, 5000);
  EXPECT_GT(dead_listed, 50);  // the vectors exercise dead units in sectors
  std::printf("conic: %d observations compared, %d slots filled, %d of them by dead units\n", compared, listed,
              dead_listed);
}

}  // namespace
}  // namespace agora
