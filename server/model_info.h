#pragma once
// ServedModel / ServerConfig → the API's ModelInfo and ServerLimits.

#include "octet/v1/inference.pb.h"
#include "server/served_model.h"
#include "server/server_config.h"

namespace octet::server {

void FillModelInfo(const ServedModel& served, v1::ModelInfo* out);
void FillServerLimits(const ServerConfig& config, v1::ServerLimits* out);

}  // namespace octet::server
