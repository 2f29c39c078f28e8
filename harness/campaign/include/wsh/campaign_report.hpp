// Views of a fuzz campaign: each distinct failure as it is saved, the summary, the JSON summary.
#pragma once
#include <iosfwd>
#include <string>

#include "wsh/campaign.hpp"

namespace wsh {

// The failure's shrunk case in the console report's format, with where its reproducer went.
void print_campaign_failure(std::ostream& os, const campaign_failure& f, std::size_t number);
// Runs, rate, distinct failures (one line each), time to first finding, why it stopped.
void print_campaign_summary(std::ostream& os, const campaign_result& r);
// One-line progress for a terminal ("\r" + runs, runs/s, failures, elapsed).
std::string progress_line(const campaign_progress& p);

std::string to_json(const campaign_result& r);

}  // namespace wsh
