// reference_server: the correct server (no bug); the harness must pass it.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {}); }
