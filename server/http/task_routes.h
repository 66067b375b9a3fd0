#pragma once
// The Hugging Face task shape (Inference API / huggingface_hub.InferenceClient): POST / and
// POST /models/{name} with {"inputs": ..., "parameters": {...}}, for text-classification,
// question-answering, token-classification and zero-shot-classification.

#include "server/http/http_api.h"

namespace octet::server::http {

HttpResponse HandleHfTask(const RouteCall& rc);

}  // namespace octet::server::http
