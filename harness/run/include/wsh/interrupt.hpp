// Ctrl-C / SIGTERM: the first one asks the run to stop after the current case (reports are then
// written, marked incomplete, and spawned servers stopped); a second one exits at once.
#pragma once

namespace wsh {

void install_interrupt_handlers();
bool interrupted();

}  // namespace wsh
