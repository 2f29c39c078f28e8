// faulty_accepts_surrogates: UTF-16 surrogates (ED A0..BF xx) pass its validation and are echoed.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.accept_surrogates = true}); }
