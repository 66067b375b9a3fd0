#include "server/http/client_watch.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>

namespace octet::server::http {
namespace {

// The port of `addr` and whether its address is `text` (IPv4, IPv6, or IPv4-mapped IPv6).
bool AddressIs(const sockaddr_storage& addr, const std::string& text, int* port) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    *port = ntohs(in->sin_port);
    inet_ntop(AF_INET, &in->sin_addr, buffer, sizeof(buffer));
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    *port = ntohs(in6->sin6_port);
    inet_ntop(AF_INET6, &in6->sin6_addr, buffer, sizeof(buffer));
    const std::string mapped_prefix = "::ffff:";
    if (text == buffer) return true;
    return std::strncmp(buffer, mapped_prefix.c_str(), mapped_prefix.size()) == 0 &&
           text == buffer + mapped_prefix.size();
  } else {
    return false;
  }
  return text == buffer;
}

bool IsConnection(int fd, const HttpPeer& peer) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
  sockaddr_storage remote{};
  socklen_t len = sizeof(remote);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &len) != 0) return false;
  int port = 0;
  if (!AddressIs(remote, peer.address, &port) || port != peer.port) return false;
  sockaddr_storage local{};
  len = sizeof(local);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) return false;
  const int local_port =
      ntohs(local.ss_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port
                                        : reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
  return local_port == peer.local_port;
}

}  // namespace

int FindConnectionSocket(const HttpPeer& peer) {
  if (peer.port <= 0 || peer.local_port <= 0) return -1;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int found = -1;
  const int own = dirfd(dir);
  while (const dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == own) continue;
    if (IsConnection(static_cast<int>(fd), peer)) {
      found = static_cast<int>(fd);
      break;
    }
  }
  closedir(dir);
  return found;
}

bool ClientWatch::ClientGone() {
  if (!looked_) {
    looked_ = true;
    fd_ = FindConnectionSocket(peer_);
  }
  if (fd_ < 0) return false;
  pollfd p{};
  p.fd = fd_;
  p.events = POLLRDHUP;
  if (poll(&p, 1, 0) <= 0) return false;
  // The peer shut its end down (a closed client), or the connection broke. A client that only
  // half-closes and still waits for the answer is treated as gone, as proxies do.
  return (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

}  // namespace octet::server::http
