#pragma once
// A scope in which this thread's OpenMP team has one thread, so that oneDNN plans and runs the
// primitives it creates or executes there on the calling thread alone. Attention runs each head
// this way: a head's sums then never depend on how many threads the engine has.

#include <omp.h>

namespace octet {

class SingleThreadScope {
 public:
  SingleThreadScope() : saved_(omp_get_max_threads()) { omp_set_num_threads(1); }
  ~SingleThreadScope() { omp_set_num_threads(saved_); }
  SingleThreadScope(const SingleThreadScope&) = delete;
  SingleThreadScope& operator=(const SingleThreadScope&) = delete;

 private:
  int saved_;
};

}  // namespace octet
