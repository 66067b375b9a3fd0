#include "server/http/http_message.h"

namespace octet::server::http {

const std::string* HttpRequest::Header(absl::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return &value;
  }
  return nullptr;
}

}  // namespace octet::server::http
