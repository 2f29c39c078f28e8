// faulty_close_reason: does not validate the close reason; echoes the client's code even when the reason is invalid UTF-8.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.close_reason = true}); }
