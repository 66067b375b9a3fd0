#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/args.h"
#include "client/commands.h"
#include "core/tokenizer/tokenizer.h"
#include "nlohmann/json.hpp"

namespace octet::cli {

int TokenizeCommand(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 0, {"model"}, {"no-special"});
  if (!args.ok()) return Fail(args.status(), 2);
  auto dir = args->Get("model");
  if (!dir) return Fail(absl::InvalidArgumentError("tokenize needs --model DIR"), 2);
  auto tokenizer = Tokenizer::FromDirectory(*dir);
  if (!tokenizer.ok()) return Fail(tokenizer.status());
  EncodeOptions options;
  options.add_special_tokens = !args->Has("no-special");

  std::string line;
  int64_t line_no = 0;
  while (std::getline(std::cin, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json in = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (in.is_discarded() || !in.is_object() || !in.contains("text") || !in["text"].is_string() ||
        (in.contains("text_pair") && !in["text_pair"].is_null() && !in["text_pair"].is_string())) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          "stdin line ", line_no,
          ": expected a JSON object {\"text\": string, \"text_pair\": string (optional)}")));
    }
    const std::string text = in["text"];
    const bool pair = in.contains("text_pair") && in["text_pair"].is_string();
    auto enc = pair ? (*tokenizer)->EncodePair(text, in["text_pair"].get<std::string>(), options)
                    : (*tokenizer)->Encode(text, options);
    if (!enc.ok()) {
      return Fail(absl::InvalidArgumentError(
          absl::StrCat("stdin line ", line_no, ": ", enc.status().message())));
    }
    nlohmann::json offsets = nlohmann::json::array();
    for (const auto& o : enc->offsets) offsets.push_back({o[0], o[1]});
    nlohmann::json out = {{"tokens", enc->tokens},
                          {"ids", enc->ids},
                          {"type_ids", enc->type_ids},
                          {"offsets", offsets}};
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}

}  // namespace octet::cli
