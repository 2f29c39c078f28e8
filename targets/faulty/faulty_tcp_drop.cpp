// faulty_tcp_drop: on invalid UTF-8 drops the TCP connection without a close frame.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.tcp_drop = true}); }
