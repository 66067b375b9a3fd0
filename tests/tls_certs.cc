#include "tests/tls_certs.h"

#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace octet::testing {
namespace {

absl::Status Run(const std::string& dir, const std::string& command) {
  const std::string full = absl::StrCat("cd '", dir, "' && ", command, " >>openssl.log 2>&1");
  const int rc = std::system(full.c_str());
  if (rc != 0) {
    return absl::InternalError(
        absl::StrFormat("openssl failed (status %d): %s; see openssl.log in %s", rc, command, dir));
  }
  return absl::OkStatus();
}

absl::Status WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path);
  out << content;
  return out ? absl::OkStatus() : absl::InternalError("cannot write " + path);
}

constexpr char kNewKey[] = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

absl::Status MakeCa(const std::string& dir, const std::string& name) {
  return Run(dir, absl::StrCat("openssl req -x509 ", kNewKey, " -days 2 -subj '/CN=", name,
                               " test CA' -keyout ", name, ".key -out ", name, ".crt"));
}

// A leaf certificate `name` signed by CA `ca`, with the X.509 extensions in `ext_file`.
absl::Status MakeLeaf(const std::string& dir, const std::string& name, const std::string& ca,
                      const std::string& ext_file) {
  absl::Status s = Run(dir, absl::StrCat("openssl req ", kNewKey, " -subj '/CN=", name,
                                         "' -keyout ", name, ".key -out ", name, ".csr"));
  if (!s.ok()) return s;
  return Run(dir, absl::StrCat("openssl x509 -req -in ", name, ".csr -CA ", ca, ".crt -CAkey ", ca,
                               ".key -CAcreateserial -days 2 -extfile ", ext_file, " -out ", name,
                               ".crt"));
}

}  // namespace

std::string TestCertificates::Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::StatusOr<TestCertificates> MakeTestCertificates() {
  std::string tmpl = ::testing::TempDir() + "/octet_tls_XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) return absl::InternalError("mkdtemp failed");
  TestCertificates c;
  c.dir = tmpl;
  for (const auto& [file, content] : std::initializer_list<std::pair<const char*, const char*>>{
           {"server.ext",
            "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
            "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n"},
           {"client.ext",
            "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
            "extendedKeyUsage=clientAuth\n"}}) {
    if (absl::Status s = WriteFile(c.dir + "/" + file, content); !s.ok()) return s;
  }
  for (absl::Status s : {MakeCa(c.dir, "ca"), MakeCa(c.dir, "foreign_ca"),
                         MakeLeaf(c.dir, "server", "ca", "server.ext"),
                         MakeLeaf(c.dir, "client", "ca", "client.ext"),
                         MakeLeaf(c.dir, "foreign_client", "foreign_ca", "client.ext")}) {
    if (!s.ok()) return s;
  }
  c.ca_cert = c.dir + "/ca.crt";
  c.server_cert = c.dir + "/server.crt";
  c.server_key = c.dir + "/server.key";
  c.client_cert = c.dir + "/client.crt";
  c.client_key = c.dir + "/client.key";
  c.foreign_client_cert = c.dir + "/foreign_client.crt";
  c.foreign_client_key = c.dir + "/foreign_client.key";
  return c;
}

}  // namespace octet::testing
