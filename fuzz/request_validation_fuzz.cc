// Fuzzes the edge checks of octet-server (server/request_validation.h) with arbitrary wire bytes
// parsed as a ClassifyRequest, AnswerRequest or TokenizeRequest. Accepted Answer options must
// be usable by the decoder (positive sizes, stride below the window).

#include <cstddef>
#include <cstdint>

#include "server/request_validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const octet::server::RequestLimits limits{8, 4096};
  const uint8_t kind = data[0] % 3;
  ++data;
  --size;
  if (kind == 0) {
    octet::v1::ClassifyRequest request;
    if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
    (void)octet::server::ValidateClassify(request, limits, 3);
  } else if (kind == 1) {
    octet::v1::AnswerRequest request;
    if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
    octet::AnswerOptions options;
    int64_t max_question_len = 0;
    if (octet::server::ValidateAnswer(request, limits, 512, &options, &max_question_len).ok()) {
      if (options.top_k < 1 || options.max_answer_len < 1 || options.max_seq_len < 1 ||
          options.max_seq_len > 512 || options.doc_stride < 0 ||
          options.doc_stride >= options.max_seq_len || max_question_len < 1) {
        __builtin_trap();
      }
    }
  } else {
    octet::v1::TokenizeRequest request;
    if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
    (void)octet::server::ValidateTokenize(request, limits);
  }
  return 0;
}
