// RapidCheck-style shrinking where the property is a live check against a real server.
//
// RapidCheck's own shrinking runs inside rc::check, which stops at the first failure and has no
// time budget. Here the campaign walks the Shrinkable tree itself: from the failing value, try
// its shrinks in order and move to the first one that still fails, until none does or the budget
// is spent. Each try is a fresh connection to the server, so identical candidates (RapidCheck
// can offer the same case twice) are run once only.
#pragma once
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>

#include <rapidcheck/Shrinkable.h>

#include "wsh/test_case.hpp"

namespace wsh {

struct shrink_budget {
  std::size_t max_tries = 1000;  // candidates run against the server
  double max_ms = 60000;         // wall time
  std::function<bool()> cancelled;  // polled between tries (campaign stopping)
};

struct shrink_stats {
  std::size_t steps = 0;    // accepted (smaller, still failing) candidates
  std::size_t tries = 0;    // candidates the predicate was asked about
  std::size_t repeats = 0;  // candidates skipped as already tried
  bool exhausted = false;   // stopped by the budget, not because no shrink fails
  double ms = 0;
};

// `still_fails(c)` runs c and says whether it fails the same way. Returns the smallest failing
// Shrinkable reached (the start itself when no shrink fails).
rc::Shrinkable<test_case> shrink_live(rc::Shrinkable<test_case> failing,
                                      const std::function<bool(const test_case&)>& still_fails,
                                      const shrink_budget& budget, shrink_stats& stats);

// Identity of what a case puts on the wire (stream bytes and pauses), for "already tried".
std::string wire_identity(const test_case& c);

// RapidCheck keeps generation state in globals (rc::detail::ImplicitScope, used by gen::exec),
// so generating a value, computing a Shrinkable's value() and stepping its shrinks() happen
// under this lock; the server runs between them go in parallel.
std::mutex& rapidcheck_mutex();

}  // namespace wsh
