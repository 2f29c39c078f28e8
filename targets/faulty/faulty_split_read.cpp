// faulty_split_read: a frame's payload that arrives in more than one TCP read loses the first two
// bytes of every later read, as a reader that wrongly skips a "header" at each read would. Only a
// test that splits a payload over several writes sees it: the split-write and split families.
#include "mini_server.hpp"

int main(int argc, char** argv) { return wsh::faulty::main_with(argc, argv, {.split_read = true}); }
