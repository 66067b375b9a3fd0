#include "server/parse_error_interceptor.h"

#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/stubs/logging.h"

namespace octet::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The field protobuf last refused for invalid UTF-8 on this thread, fully qualified
// ("octet.v1.ClassifyRequest.texts"). gRPC parses a request and runs the POST_RECV_MESSAGE
// interceptors on the same thread, one right after the other.
thread_local std::string last_utf8_field;

google::protobuf::LogHandler* previous_handler = nullptr;

// protobuf says: String field 'octet.v1.ClassifyRequest.texts' contains invalid UTF-8 data ...
void CaptureUtf8Complaints(google::protobuf::LogLevel level, const char* filename, int line,
                           const std::string& message) {
  if (message.find("invalid UTF-8") != std::string::npos) {
    const size_t open = message.find('\'');
    const size_t close = open == std::string::npos ? open : message.find('\'', open + 1);
    if (close != std::string::npos) {
      last_utf8_field = message.substr(open + 1, close - open - 1);
      return;  // reported to the client instead of filling the server's log
    }
  }
  if (previous_handler != nullptr) previous_handler(level, filename, line, message);
}

// "/octet.v1.Inference/Classify" → "octet.v1.ClassifyRequest".
std::string RequestTypeOf(const char* method) {
  const std::string m = method == nullptr ? "" : method;
  const size_t slash = m.rfind('/');
  const size_t dot = m.rfind('.', slash);
  if (slash == std::string::npos || dot == std::string::npos || m.size() < 2) return "";
  return absl::StrCat(m.substr(1, dot), m.substr(slash + 1), "Request");
}

class ParseErrorInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit ParseErrorInterceptor(grpc::experimental::ServerRpcInfo* info)
      : request_type_(RequestTypeOf(info->method())),
        unary_(info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // (In a stream, "no message" is also how the client's end of the stream arrives.)
    if (unary_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      failed_ = true;
      const std::string prefix = request_type_ + ".";
      if (!request_type_.empty() && last_utf8_field.rfind(prefix, 0) == 0) {
        field_ = last_utf8_field.substr(prefix.size());
      }
      last_utf8_field.clear();
    }
    if (failed_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      methods->ModifySendStatus(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, Message()));
    }
    methods->Proceed();
  }

 private:
  std::string Message() const {
    if (!field_.empty()) {
      return absl::StrFormat(
          "%s: expected UTF-8 text, got invalid UTF-8 bytes (the request was not parsed)",
          field_.substr(0, 64));
    }
    return absl::StrFormat(
        "request: expected a serialized %s message, got bytes that do not "
        "parse as one",
        request_type_.empty() ? "request" : request_type_);
  }

  const std::string request_type_;
  const bool unary_;
  bool failed_ = false;
  std::string field_;  // the field with invalid UTF-8, when protobuf named it
};

}  // namespace

ParseErrorInterceptorFactory::ParseErrorInterceptorFactory() {
  static std::once_flag once;
  std::call_once(
      once, [] { previous_handler = google::protobuf::SetLogHandler(&CaptureUtf8Complaints); });
}

grpc::experimental::Interceptor* ParseErrorInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new ParseErrorInterceptor(info);
}

}  // namespace octet::server
