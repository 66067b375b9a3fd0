#pragma once
// Inputs for `octet bench`: texts whose token count, as the server's own tokenizer counts them
// (the Tokenize RPC), hits a target length, so that "--tokens 128" means 128-token sequences.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::cli {

/// Builds `count` different texts whose lengths (special tokens included) are spread evenly over
/// [min_tokens, max_tokens], each found by bisection over its word count with Tokenize calls.
/// `prefix_tokens` are taken by something else in the sequence (e.g. the question of a QA
/// pair) and subtracted from the target. Texts that cannot be made exactly long enough are the
/// nearest shorter ones.
absl::StatusOr<std::vector<std::string>> MakeBenchTexts(v1::Inference::Stub* stub,
                                                        const std::string& model,
                                                        int64_t min_tokens, int64_t max_tokens,
                                                        int64_t prefix_tokens, int count);

/// One text per entry of `lengths` (tokens, special tokens included, less `prefix_tokens` as
/// above), in the same order; texts of equal length are the same text, so each distinct length
/// costs one bisection.
absl::StatusOr<std::vector<std::string>> MakeTextsOfLengths(v1::Inference::Stub* stub,
                                                            const std::string& model,
                                                            const std::vector<int64_t>& lengths,
                                                            int64_t prefix_tokens);

/// Tokens of `text` (special tokens included) as the server counts them.
absl::StatusOr<int64_t> CountTokens(v1::Inference::Stub* stub, const std::string& model,
                                    const std::string& text);

}  // namespace octet::cli
