#include "server/model_info.h"

namespace octet::server {
namespace {

v1::ModelState StateToProto(ModelState s) {
  switch (s) {
    case ModelState::kWarming:
      return v1::MODEL_STATE_WARMING;
    case ModelState::kServing:
      return v1::MODEL_STATE_SERVING;
    case ModelState::kDraining:
      return v1::MODEL_STATE_DRAINING;
  }
  return v1::MODEL_STATE_UNSPECIFIED;
}

}  // namespace

void FillModelInfo(const ServedModel& served, v1::ModelInfo* out) {
  const Model& model = *served.model;
  const ModelConfig& c = model.config();
  out->set_name(served.name);
  out->set_architecture(c.architecture);
  out->set_model_type(FamilyName(c.family));
  out->set_task(c.task == TaskKind::kQuestionAnswering     ? v1::TASK_QUESTION_ANSWERING
                : c.task == TaskKind::kTokenClassification ? v1::TASK_TOKEN_CLASSIFICATION
                                                           : v1::TASK_SEQUENCE_CLASSIFICATION);
  for (const std::string& l : c.labels) out->add_labels(l);
  out->set_max_sequence_length(static_cast<int32_t>(served.max_tokens));
  out->set_vocab_size(static_cast<int32_t>(c.vocab_size));
  out->set_num_layers(static_cast<int32_t>(c.num_layers));
  out->set_hidden_size(static_cast<int32_t>(c.hidden_size));
  const PrecisionPlan& p = model.precision();
  out->set_precision(p.base == Precision::kInt8 ? v1::PRECISION_INT8 : v1::PRECISION_FP32);
  if (p.base == Precision::kInt8) {
    for (const std::string& l : p.fp32_layers) out->add_fp32_layers(l);
  }
  out->set_weight_bytes(static_cast<int64_t>(model.weight_bytes()));
  out->set_fp32_weight_bytes(static_cast<int64_t>(model.fp32_weight_bytes()));
  out->set_parameter_count(model.parameter_count());
  out->set_load_seconds(model.load_seconds());
  v1::SelfCheck* sc = out->mutable_self_check();
  const SelfCheckResult& r = served.self_check;
  sc->set_ran(r.ran);
  sc->set_inputs(r.inputs);
  sc->set_agreeing(r.agreeing);
  sc->set_max_abs_logit_diff(r.max_abs_logit_diff);
  sc->set_max_abs_score_diff(r.max_abs_score_diff);
  sc->set_seconds(r.seconds);
  sc->set_summary(r.summary);
  out->set_state(StateToProto(served.state.load()));
  v1::ModelStats* st = out->mutable_stats();
  const ModelCounters& k = served.counters;
  st->set_requests_admitted(k.requests_admitted.load());
  st->set_batches(k.batches.load());
  st->set_sequences_computed(k.sequences_computed.load());
  st->set_tokens_computed(k.tokens_computed.load());
  st->set_deadline_skipped(k.deadline_skipped.load());
  st->set_cancelled_skipped(k.cancelled_skipped.load());
  st->set_queue_full_rejected(k.queue_full_rejected.load());
  // In flight before queued (the batcher stores them in the opposite order), so that "in flight,
  // not queued" means a worker has the request.
  st->set_inflight(k.inflight.load(std::memory_order_acquire));
  st->set_queued(k.queued.load(std::memory_order_acquire));
  out->set_description(model.Describe());
  out->set_served_rss_bytes(served.served_rss_bytes.load());
  out->set_startup_peak_rss_bytes(served.startup_peak_rss_bytes.load());
}

void FillServerLimits(const ServerConfig& config, v1::ServerLimits* out) {
  out->set_max_texts_per_request(config.max_texts_per_request);
  out->set_max_text_bytes(config.max_text_bytes);
  out->set_max_batch_tokens(config.max_batch_tokens);
  out->set_max_batch_size(config.max_batch_size);
  out->set_max_queue(config.max_queue);
  out->set_workers(config.workers);
  out->set_threads_per_worker(config.threads_per_worker);
  out->set_max_message_bytes(config.max_message_bytes);
}

}  // namespace octet::server
