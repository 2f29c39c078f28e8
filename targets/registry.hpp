// The built-in targets `--target NAME` resolves. A new built-in server: one file here plus one row.
#pragma once
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "wsh/adapter.hpp"

namespace wsh {

struct target_info {
  std::string name;
  std::string description;
  std::function<std::string()> version;  // read from the library itself
  std::function<std::unique_ptr<adapter>(const endpoint_policy&)> make;
};

std::span<const target_info> builtin_targets();
// Throws setup_error naming the known targets when `name` is unknown.
std::unique_ptr<adapter> make_target(const std::string& name, const endpoint_policy& policy);

}  // namespace wsh
