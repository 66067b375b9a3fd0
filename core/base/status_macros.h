#pragma once
// The two Status macros every module uses (Abseil 20220623 has neither).

#include "absl/status/status.h"
#include "absl/status/statusor.h"

/// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define OCTET_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::absl::Status octet_status_ = (expr);         \
    if (!octet_status_.ok()) return octet_status_; \
  } while (false)

#define OCTET_STATUS_CONCAT_INNER_(a, b) a##b
#define OCTET_STATUS_CONCAT_(a, b) OCTET_STATUS_CONCAT_INNER_(a, b)

/// `OCTET_ASSIGN_OR_RETURN(auto x, F());` assigns the value of an absl::StatusOr or returns its
/// error from the enclosing function.
#define OCTET_ASSIGN_OR_RETURN(lhs, expr) \
  OCTET_ASSIGN_OR_RETURN_IMPL_(OCTET_STATUS_CONCAT_(octet_statusor_, __LINE__), lhs, expr)

// `lhs` is a declaration or an lvalue and `statusor` a name: neither can be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define OCTET_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                 \
  if (!statusor.ok()) return statusor.status();           \
  lhs = std::move(statusor).value()
// NOLINTEND(bugprone-macro-parentheses)
