// faulty_flaky_code: closes invalid UTF-8 with 1002 on every other connection, 1007 on the rest
// (a flaky server: `conformance --confirm N` tells it apart from one that is always wrong).
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.flaky_code = true}); }
