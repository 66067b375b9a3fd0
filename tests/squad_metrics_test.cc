// SQuAD's answer metrics as `octet eval` computes them (client/squad_metrics.h), with literal
// expectations worked out from the official evaluation script's definitions.

#include "client/squad_metrics.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace octet {
namespace {

TEST(SquadMetrics, Normalize) {
  EXPECT_EQ(cli::NormalizeAnswer("The  Eiffel Tower!"), "eiffel tower");
  EXPECT_EQ(cli::NormalizeAnswer("an apple, a pear and THE plum."), "apple pear and plum");
  EXPECT_EQ(cli::NormalizeAnswer("theatre"), "theatre");  // only whole words are articles
  EXPECT_EQ(cli::NormalizeAnswer("6,400 km"), "6400 km");
  EXPECT_EQ(cli::NormalizeAnswer("  "), "");
  EXPECT_EQ(cli::NormalizeAnswer("Édith  Piaf"), "édith piaf");
}

TEST(SquadMetrics, ExactAndF1) {
  EXPECT_EQ(cli::ExactMatchScore("the Louvre", "Louvre"), 1.0);
  EXPECT_EQ(cli::ExactMatchScore("Louvre Museum", "Louvre"), 0.0);
  // prediction 2 words, gold 4 words, 2 shared: P = 1, R = 0.5, F1 = 2/3.
  EXPECT_NEAR(cli::F1Score("Louvre Museum", "the Louvre Museum in Paris"), 2.0 / 3.0, 1e-12);
  EXPECT_EQ(cli::F1Score("Paris", "Vienna"), 0.0);
  EXPECT_EQ(cli::F1Score("", ""), 1.0);
  EXPECT_EQ(cli::F1Score("the", "Paris"), 0.0);  // normalizes to empty
  const std::vector<std::string> golds = {"about 6,400 kilometres", "6,400 kilometres"};
  EXPECT_EQ(cli::MaxOverGold(cli::ExactMatchScore, "6,400 kilometres", golds), 1.0);
  EXPECT_NEAR(cli::MaxOverGold(cli::F1Score, "6,400", golds), 2.0 / 3.0, 1e-12);
  EXPECT_EQ(cli::MaxOverGold(cli::F1Score, "x", {}), 0.0);
}

}  // namespace
}  // namespace octet
