// faulty_not_fail_fast: validates text only once the whole message has arrived, so an unfinished invalid message is never failed.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.not_fail_fast = true}); }
