// Linked into the test executables of sanitizer builds only (see wsh_add_unit_test).
// Test sources compile "shift-exponent" as recoverable so tests/support/ubsan.supp can suppress
// RapidCheck's known BitStream shift; halt_on_error=1 keeps every report that is not
// suppressed fatal, exactly as -fno-sanitize-recover would. UBSAN_OPTIONS from the
// environment is applied on top of these defaults.
extern "C" __attribute__((used, visibility("default"))) const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1";
}
