// Bytes/s of the harness's UTF-8 validator (wsh::utf8_validator, harness/src/utf8_validator.cpp)
// against websocketpp's (Hoehrmann's DFA, bench/wspp_utf8.cpp) on four kinds of valid text, and
// memcpy of the same bytes as the ceiling for ASCII. 64 KiB messages, whole-message validation
// (feed + finish) as a server does it. Google Benchmark; bench/run.sh reads its JSON output.
//   utf8_validator_bench [--benchmark_min_time=0.2] [--benchmark_format=json]
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "wsh/utf8_validator.hpp"
#include "wspp_utf8.hpp"

namespace {

constexpr std::size_t message_size = 64 * 1024;

// Repeats a sample up to message_size bytes, cutting at a character boundary.
wsh::bytes repeat(const std::string& sample) {
  wsh::bytes out;
  while (out.size() + sample.size() <= message_size) out.insert(out.end(), sample.begin(), sample.end());
  return out;
}

const wsh::bytes& input(int which) {
  static const std::vector<wsh::bytes> inputs{
      // 0: ASCII (English prose and code)
      repeat("The quick brown fox jumps over the lazy dog; for (int i = 0; i < n; ++i) sum += a[i];\n"),
      // 1: mixed European text: mostly ASCII with two-byte letters every few characters
      repeat("Příliš žluťoučký kůň úpěl ďábelské ódy. Größere Äpfel über Straßen, naïve façade, déjà vu. "
             "Zażółć gęślą jaźń; Ελληνικά και Русский текст; señor, coração, smörgåsbord.\n"),
      // 2: CJK: three-byte characters with a little ASCII punctuation
      repeat("日本語のテキストと中文文本，한국어 텍스트도 있습니다。東京都は晴れ、北京は雨です。 漢字仮名交じり文。\n"),
      // 3: emoji-heavy: four-byte characters, modifiers, ZWJ sequences and short ASCII words
      repeat("ok 😀😃😄 go 🎉🎊 👍🏽👋🏿 ❤️‍🔥 🚀🌍 👨‍👩‍👧‍👦 🏳️‍🌈 yes 🤖🧠💡\n"),
  };
  return inputs.at(static_cast<std::size_t>(which));
}

const char* const names[] = {"ascii", "european", "cjk", "emoji"};

void harness(benchmark::State& state) {
  const wsh::bytes& in = input(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    wsh::utf8_validator v;
    bool ok = v.feed(in) && v.finish();
    benchmark::DoNotOptimize(ok);
    if (!ok) state.SkipWithError("harness validator rejected valid input");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
  state.SetLabel(names[state.range(0)]);
}

void websocketpp(benchmark::State& state) {
  const wsh::bytes& in = input(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    bool ok = wsh::bench::wspp_utf8_valid(in.data(), in.size());
    benchmark::DoNotOptimize(ok);
    if (!ok) state.SkipWithError("websocketpp validator rejected valid input");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
  state.SetLabel(names[state.range(0)]);
}

// The ceiling: reading the bytes once (and writing them once) is what memcpy does.
void copy(benchmark::State& state) {
  const wsh::bytes& in = input(static_cast<int>(state.range(0)));
  wsh::bytes out(in.size());
  for (auto _ : state) {
    std::memcpy(out.data(), in.data(), in.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
  state.SetLabel(names[state.range(0)]);
}

BENCHMARK(harness)->DenseRange(0, 3);
BENCHMARK(websocketpp)->DenseRange(0, 3);
BENCHMARK(copy)->Arg(0);

}  // namespace

BENCHMARK_MAIN();
