// faulty_truncated_final: a fragmented text message whose last fragment ends mid-character is echoed (as websocketpp 0.8.2 does).
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.truncated_final = true}); }
