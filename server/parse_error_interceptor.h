#pragma once
// Unary requests that protobuf cannot parse never reach a handler: gRPC's callback API answers
// them with a bare UNIMPLEMENTED. This interceptor turns that into INVALID_ARGUMENT with a message
// naming the problem: the field holding invalid UTF-8 (proto3 `string` fields must be UTF-8),
// or that the bytes are not a valid request message at all.

#include "grpcpp/grpcpp.h"
#include "grpcpp/support/server_interceptor.h"

namespace octet::server {

class ParseErrorInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  /// Routes protobuf's UTF-8 parse complaints to the interceptor (other protobuf log lines go
  /// where they went before). Installed once per process.
  ParseErrorInterceptorFactory();
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace octet::server
