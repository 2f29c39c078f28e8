// faulty_late_close: answers pings at once but fails invalid text with 1007 only 600 ms after the
// message arrived, as a server whose UTF-8 check runs in another layer than its pongs. Not wrong,
// slow: the no-close probe's grace (--probe-grace-ms) must be long enough for it.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.late_close = true}); }
