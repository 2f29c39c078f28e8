// faulty_replace_fffd: replaces invalid sequences with U+FFFD and echoes the message; never closes.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.replace_fffd = true}); }
