#pragma once
// Tells when the client of an HTTP request has gone away while its call waits. civetweb only
// notices a closed connection when the answer is written, so without this a disconnected
// client's job would still be computed. The connection is found once, by its addresses, among
// the process's sockets (civetweb does not expose it) and then polled for the peer's close.
// Linux only; elsewhere, and when the socket cannot be found, the client is never seen to go.

#include <utility>

#include "server/http/http_message.h"

namespace octet::server::http {

class ClientWatch {
 public:
  explicit ClientWatch(HttpPeer peer) : peer_(std::move(peer)) {}

  /// True once the client has closed its end of the connection (or reset it). The first call
  /// looks for the socket; later calls only poll it. Not thread-safe: one waiting thread.
  bool ClientGone();

 private:
  const HttpPeer peer_;
  bool looked_ = false;
  int fd_ = -1;  // not owned: civetweb's, open for as long as the request's handler runs
};

/// The descriptor of this process's connected TCP socket whose peer is `peer.address:port` and
/// whose local port is `peer.local_port`, or -1.
int FindConnectionSocket(const HttpPeer& peer);

}  // namespace octet::server::http
