// faulty_wrong_code: closes invalid UTF-8 with 1002 instead of 1007.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.wrong_code = true}); }
