// faulty_no_validation: never validates text; echoes invalid text as-is.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.no_validation = true}); }
