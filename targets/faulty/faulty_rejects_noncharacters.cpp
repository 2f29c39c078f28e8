// faulty_rejects_noncharacters: closes valid text holding non-characters (U+FFFE, U+FDD0, ...) with 1007.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.reject_noncharacters = true}); }
