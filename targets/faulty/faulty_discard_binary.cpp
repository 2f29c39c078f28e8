// faulty_discard_binary: on a text-only endpoint silently discards binary messages (no close, no echo).
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.discard_binary = true}); }
