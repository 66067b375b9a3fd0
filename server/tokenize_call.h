#pragma once
// The Tokenize RPC: a model's tokens, ids and offsets for a text or pair (no queue, no model run).

#include "absl/status/status.h"
#include "octet/v1/inference.pb.h"
#include "server/request_validation.h"
#include "server/served_model.h"

namespace octet::server {

/// Validates and tokenizes; fills `response` except its timing.
absl::Status RunTokenize(const ServedModel& model, const v1::TokenizeRequest& request,
                         const RequestLimits& limits, v1::TokenizeResponse* response);

}  // namespace octet::server
