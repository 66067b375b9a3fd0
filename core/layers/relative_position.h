#pragma once
// DeBERTa's relative positions: the distance i − j between query i and key j, optionally
// log-bucketed, and the row of the relative-position table the pair reads.

#include <cstdint>
#include <vector>

namespace octet {

/// How distances map to rows of a relative table of 2 × span rows.
struct RelativePositionSpec {
  /// > 0: distances beyond buckets / 2 are log-bucketed; ≤ 0: distances are used as they are.
  int64_t buckets = -1;
  /// The distance the log buckets are scaled to (max_relative_positions); must exceed
  /// buckets / 2 + 1 when buckets > 0.
  int64_t max_position = 512;
  /// Half the table's rows: `buckets` when positive, else max_position.
  int64_t span() const { return buckets > 0 ? buckets : max_position; }
};

/// The bucket of distance r: r itself when |r| ≤ buckets / 2 (or without buckets), else
/// sign(r) · (mid + ceil(ln(|r| / mid) / ln((max_position − 1) / mid) · (mid − 1))) with
/// mid = buckets / 2. Computed in double precision; over |r| ≤ 4096 it equals the float32
/// computation of the reference implementation for the configurations checked in the tests.
int64_t RelativeBucket(int64_t r, const RelativePositionSpec& spec);

/// The table row of distance r: clamp(RelativeBucket(r) + span, 0, 2 · span − 1).
int64_t RelativeTableRow(int64_t r, const RelativePositionSpec& spec);

/// Rows of the distances −(n − 1) … n − 1 of a sequence of n tokens: rows[r + n − 1]. They
/// do not decrease with r, so rows.front() … rows.back() is the only part of the table the
/// sequence reads.
std::vector<int32_t> RelativeTableRows(int64_t n, const RelativePositionSpec& spec);

}  // namespace octet
