// faulty_fragment_validation: validates each fragment on its own, so a character split across fragments is closed with 1007.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.fragment_validation = true}); }
